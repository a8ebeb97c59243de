import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.photos import clean_image


def photo_with_gps(size=(3000, 2000), fmt="JPEG"):
    image = Image.new("RGB", size, "green")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "S", 2: (0.0, 15.0, 0.0), 3: "W", 4: (79.0, 10.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes())
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_clean_photo_has_no_exif_and_no_gps():
    upload = photo_with_gps()
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(0x8825)
    upload.seek(0)
    cleaned = Image.open(io.BytesIO(clean_image(upload).read()))
    assert not cleaned.getexif()
    assert cleaned.format == "JPEG"


def test_a_large_photo_is_resized_to_at_most_1600_pixels():
    cleaned = Image.open(io.BytesIO(clean_image(photo_with_gps((4000, 3000))).read()))
    assert max(cleaned.size) == 1600
    assert cleaned.size == (1600, 1200)


def test_a_png_with_transparency_becomes_a_jpeg_on_white():
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, "PNG")
    upload = SimpleUploadedFile("x.png", buffer.getvalue(), content_type="image/png")
    cleaned = Image.open(io.BytesIO(clean_image(upload).read()))
    assert cleaned.getpixel((5, 5)) == (255, 255, 255)


def test_a_text_file_named_like_a_photo_is_refused():
    upload = SimpleUploadedFile("foto.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError, match="no es una imagen válida"):
        clean_image(upload)


def test_a_file_over_the_size_limit_is_refused_before_decoding():
    upload = SimpleUploadedFile("big.jpg", b"0" * (8 * 1024 * 1024 + 1), content_type="image/jpeg")
    with pytest.raises(ValidationError, match="8 MB"):
        clean_image(upload)


def test_a_pdf_is_refused_even_with_an_image_content_type():
    upload = SimpleUploadedFile("doc.png", b"%PDF-1.4\n%\xe2\xe3", content_type="image/png")
    with pytest.raises(ValidationError):
        clean_image(upload)


def test_report_photos_are_stored_outside_the_public_media_folder(settings):
    from core.reports import ReportPhoto

    storage = ReportPhoto._meta.get_field("image").storage
    assert str(storage.location).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not str(storage.location).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        storage.url("reportes/x.jpg")
