"""Photo cleaning for citizen uploads: decoded with Pillow (never trusted by extension),
size-limited, resized, and re-encoded without EXIF (GPS included)."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1600
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
# What a phone camera gives (6000 x 4000); more is refused before decoding. Pillow's own limit,
# kept as a backstop, only raises at twice its value.
MAX_PIXELS = 24_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def clean_image(uploaded) -> ContentFile:
    if uploaded.size is not None and uploaded.size > MAX_BYTES:
        raise ValidationError(
            _("La foto pesa más de %(mb)s MB; envíe una más liviana."), params={"mb": 8}
        )
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as probe:
            probe.verify()
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(_("Solo se aceptan fotos JPEG, PNG, WEBP o GIF."))
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("La foto tiene más de %(mp)s megapíxeles; envíe una más pequeña."),
                    params={"mp": MAX_PIXELS // 1_000_000},
                )
            # JPEG decodes straight at a fraction of its size: far less time and memory.
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            clean = Image.new("RGB", image.size, "white")
            clean.paste(image.convert("RGBA"), mask=image.convert("RGBA").split()[-1])
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("El archivo no es una imagen válida.")) from exc
    finally:
        uploaded.seek(0)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)  # no exif= : metadata is dropped
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
