import io
from datetime import date
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import codes
from core.models import Parish
from environment.complaints.models import Complaint, ComplaintCategory


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    tracking_code = factory.LazyFunction(lambda: codes.new_tracking_code("DA"))
    category = ComplaintCategory.DEFORESTATION
    description = factory.Sequence(lambda n: f"Tala de árboles junto al estero, caso {n}")
    parish = factory.LazyFunction(lambda: Parish.objects.get(code="ALL"))
    location_reference = "Vía Alluriquín, km 12"
    latitude = Decimal("-0.321456")
    longitude = Decimal("-79.012345")
    date_observed = factory.LazyFunction(lambda: date(2026, 1, 10))
    reporter_name = "María Chiriboga"
    reporter_email = "maria.chiriboga@example.org"
    reporter_phone = "0991234567"


def photo_upload(name="foto.jpg", size=(2400, 1800), with_gps=True):
    image = Image.new("RGB", size, "darkgreen")
    buffer = io.BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"
        exif[0x8825] = {1: "S", 2: (0.0, 19.0, 17.0), 3: "W", 4: (79.0, 0.0, 44.0)}
        image.save(buffer, "JPEG", exif=exif.tobytes())
    else:
        image.save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def file_complaint(photos=(), **overrides):
    """A complaint filed the way citizens file them (timeline entry, cleaned photos)."""
    from environment.complaints import services

    fields = {
        "category": ComplaintCategory.WATER_POLLUTION,
        "description": "Una lubricadora bota aceite al estero Zaracay.",
        "parish": Parish.objects.get(code="LDA"),
        "location_reference": "Junto al puente del estero",
        "latitude": Decimal("-0.412345"),
        "longitude": Decimal("-79.301234"),
        "date_observed": date(2026, 11, 1),
        "reporter_name": "Pedro Aguavil",
        "reporter_email": "pedro.aguavil@example.org",
        "reporter_phone": "0987654321",
        **overrides,
    }
    return services.complaint_file(fields=fields, photos=photos, ip="10.0.0.9")
