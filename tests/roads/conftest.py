import io

import pytest
from django.core.management import call_command
from PIL import Image


@pytest.fixture
def demo(db):
    call_command("load_demo", "roads", stdout=io.StringIO())


@pytest.fixture
def jpeg_with_exif():
    from django.core.files.uploadedfile import SimpleUploadedFile

    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded import files and photos go to a throwaway folder, not the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
