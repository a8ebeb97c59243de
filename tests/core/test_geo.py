from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core import geo


@pytest.mark.parametrize("lat,lon", [("-0.2530", "-79.1754"), ("0.0068", "-79.3924")])
def test_points_of_the_province_are_accepted(lat, lon):
    geo.validate_latitude(Decimal(lat))
    geo.validate_longitude(Decimal(lon))


@pytest.mark.parametrize("lat", ["-2.1894", "1.0", "40.4"])
def test_latitudes_outside_the_province_are_refused(lat):
    with pytest.raises(ValidationError, match="fuera de la provincia"):
        geo.validate_latitude(Decimal(lat))


def test_longitude_of_quito_is_refused():
    with pytest.raises(ValidationError):
        geo.validate_longitude(Decimal("-78.4678"))


def test_public_coordinates_are_rounded_to_about_a_kilometre():
    assert geo.public_coordinate(Decimal("-0.253049")) == Decimal("-0.25")
    assert geo.public_coordinate(Decimal("-79.175466")) == Decimal("-79.18")
    assert geo.public_coordinate(None) is None
