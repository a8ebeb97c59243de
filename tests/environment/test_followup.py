import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.models import Parish
from core.registry import indicators
from environment import selectors, services
from environment.models import FollowUpVisit

from .factories import approved_request, deliver, stock

pytestmark = pytest.mark.django_db
LATER = datetime.date(2022, 7, 1)


def _jpeg_with_gps():
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (0.0, 25.0, 0.0), 3: "W", 4: (79.0, 18.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("siembra.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def delivered(nursery, laurel, guayacan):
    stock(nursery, laurel, 1000)
    stock(nursery, guayacan, 1000)
    lda = approved_request({laurel: 100, guayacan: 50}, land_area_ha=Decimal("2.00"))
    sjb = approved_request({laurel: 200}, parish=Parish.objects.get(code="SJB"))
    return deliver(lda, nursery, {laurel: 100, guayacan: 50}), deliver(
        sjb, nursery, {laurel: 200}, on=datetime.date(2022, 5, 2)
    )


def _line(delivery, species):
    return delivery.lines.get(species=species)


def test_more_survivors_than_delivered_seedlings_are_refused(delivered, laurel):
    with pytest.raises(ValidationError) as exc:
        services.visit_record(line=_line(delivered[0], laurel), visited_on=LATER, surviving=101)
    assert "No pueden sobrevivir más plantas (101) de las entregadas (100)" in str(exc.value)
    assert FollowUpVisit.objects.count() == 0


def test_a_visit_photo_is_stored_as_a_clean_jpeg_without_exif(delivered, laurel):
    visit = services.visit_record(
        line=_line(delivered[0], laurel), visited_on=LATER, surviving=80, photo=_jpeg_with_gps()
    )
    with Image.open(visit.photo.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()


def test_a_non_image_photo_is_refused_in_spanish(delivered, laurel):
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="no es una imagen válida"):
        services.visit_record(
            line=_line(delivered[0], laurel), visited_on=LATER, surviving=80, photo=fake
        )
    assert FollowUpVisit.objects.count() == 0


def test_survival_uses_the_latest_visit_per_line_by_species_and_parish(delivered, laurel, guayacan):
    lda, sjb = delivered
    services.visit_record(line=_line(lda, laurel), visited_on=LATER, surviving=95)
    services.visit_record(
        line=_line(lda, laurel), visited_on=datetime.date(2022, 12, 1), surviving=80
    )
    services.visit_record(line=_line(lda, guayacan), visited_on=LATER, surviving=25)
    services.visit_record(line=_line(sjb, laurel), visited_on=LATER, surviving=150)

    by_species = {r["label"]: r for r in selectors.survival_by_species()}
    assert (by_species["Laurel"]["alive"], by_species["Laurel"]["delivered"]) == (230, 300)
    assert by_species["Laurel"]["rate"] == Decimal("76.7")
    assert by_species["Guayacán"]["rate"] == Decimal("50.0")
    by_parish = {r["label"]: r["rate"] for r in selectors.survival_by_parish()}
    assert by_parish == {"Luz de América": Decimal("70.0"), "San Jacinto del Búa": Decimal("75.0")}


def test_registered_indicators_read_deliveries_hectares_and_survival(delivered, laurel):
    lda, _sjb = delivered
    services.visit_record(line=_line(lda, laurel), visited_on=LATER, surviving=60)
    march = (datetime.date(2022, 3, 1), datetime.date(2022, 3, 31))
    year = (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    assert indicators.get("environment.seedlings_delivered").value(*march) == Decimal(150)
    assert indicators.get("environment.seedlings_delivered").value(*year) == Decimal(350)
    assert indicators.get("environment.hectares_reforested").value(*march) == Decimal("2.00")
    assert indicators.get("environment.hectares_reforested").value(*year) == Decimal("3.50")
    assert indicators.get("environment.survival_rate").value(*march) == Decimal("60.0")
    empty = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    assert indicators.get("environment.seedlings_delivered").value(*empty) == Decimal(0)


def test_planting_sites_are_rounded_and_neighbours_merge(nursery, laurel):
    stock(nursery, laurel, 100)
    for i, (lat, lon) in enumerate([("-0.251111", "-79.171111"), ("-0.249999", "-79.168888")]):
        req = approved_request(
            {laurel: 10}, tracking_code=f"RF-MAP-{i}", latitude=Decimal(lat), longitude=Decimal(lon)
        )
        deliver(req, nursery, {laurel: 10})
    far = approved_request({laurel: 5}, tracking_code="RF-MAP-9")
    deliver(far, nursery, {laurel: 5})
    sites = selectors.planting_sites()
    assert [(s["latitude"], s["longitude"], s["seedlings"], s["requests"]) for s in sites] == [
        (Decimal("-0.41"), Decimal("-79.30"), 5, 1),
        (Decimal("-0.25"), Decimal("-79.17"), 20, 2),
    ]
    geometry = selectors.map_geometry(sites)
    assert all(0 <= p["x"] <= 600 and 0 <= p["y"] <= 400 for p in geometry["points"])


def test_the_tracking_page_shows_how_the_planting_is_doing(client, delivered, laurel):
    lda, _sjb = delivered
    services.visit_record(line=_line(lda, laurel), visited_on=LATER, surviving=90)
    html = client.get(lda.request.get_absolute_url()).content.decode()
    assert "Laurel: 90 plantas vivas de 100 entregadas (90,0 %)" in html
