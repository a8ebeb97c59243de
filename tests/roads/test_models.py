from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from roads.models import Branch, Intervention

from .factories import BranchFactory, InterventionFactory

pytestmark = pytest.mark.django_db


def test_a_branch_code_is_unique_but_names_may_repeat():
    BranchFactory(code="LCN900", name="Vía Atahualpa")
    BranchFactory(code="LCN901", name="Vía Atahualpa")
    with pytest.raises(IntegrityError), transaction.atomic():
        BranchFactory(code="LCN900")


@pytest.mark.parametrize("length", [Decimal("0"), Decimal("-3.5")])
def test_the_database_refuses_a_branch_without_positive_length(length):
    with pytest.raises(IntegrityError), transaction.atomic():
        BranchFactory(length_km=length)


def test_the_database_refuses_a_need_level_outside_1_to_4():
    with pytest.raises(IntegrityError), transaction.atomic():
        BranchFactory(need_level=5)


def test_the_database_refuses_more_km_worked_than_the_branch_length():
    branch = BranchFactory(length_km=Decimal("4.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        InterventionFactory(branch=branch, km_worked=Decimal("4.01"))
    InterventionFactory(branch=branch, km_worked=Decimal("4.00"))
    assert Intervention.objects.filter(branch=branch).count() == 1


def test_the_database_refuses_an_intervention_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        InterventionFactory(start_date=date(2021, 5, 2), end_date=date(2021, 5, 1))


def test_the_database_refuses_zero_km_worked():
    with pytest.raises(IntegrityError), transaction.atomic():
        InterventionFactory(km_worked=Decimal("0"))


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [-79.3, 0.0]},
        {"type": "LineString", "coordinates": [[-79.3, 0.0]]},
        {"type": "LineString", "coordinates": [["a", "b"], [-79.3, 0.1]]},
        {"type": "LineString", "coordinates": [[-279.3, 0.0], [-79.3, 0.1]]},
    ],
)
def test_a_geometry_must_be_a_geojson_linestring(geometry):
    branch = BranchFactory.build(geometry=geometry)
    with pytest.raises(ValidationError) as info:
        branch.full_clean(exclude=["parish", "canton"])
    assert "geometry" in info.value.message_dict


def test_a_valid_linestring_passes_validation():
    branch = BranchFactory(
        geometry={"type": "LineString", "coordinates": [[-79.3, 0], [-79.2, 0.1]]}
    )
    branch.full_clean()
    assert Branch.objects.get(pk=branch.pk).geometry["type"] == "LineString"
