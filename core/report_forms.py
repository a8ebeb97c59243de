"""Form pieces shared by every citizen-report form (complaints, road reports)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import HoneypotMixin
from .photos import MAX_BYTES
from .report_services import MAX_PHOTOS

# Where a citizen report is and who filed it (the who never public): the forms, the API and
# the admin of every report type read these.
PLACE_FIELDS = ("parish", "location_reference", "latitude", "longitude")
REPORTER_FIELDS = ("is_anonymous", "reporter_name", "reporter_email", "reporter_phone")
REPORT_FORM_FIELDS = ["description", *PLACE_FIELDS, *REPORTER_FIELDS, "share_contact", "gender"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class ReportFormMixin(HoneypotMixin):
    """Mix into a ModelForm of a CitizenReport subclass, listing REPORT_FORM_FIELDS + yours.

    The view passes `form.report_fields()` and `form.cleaned_data["photos"]` to
    `core.report_services.report_file`, and `core.forms.apply_errors(form, exc)` on ValidationError.
    """

    photos = MultiplePhotoField(
        label=_("Fotos (opcional)"),
        help_text=_(
            "Hasta 5 fotos JPEG o PNG de 8 MB como máximo. Quitamos la ubicación de la foto."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )

    def clean_photos(self):
        """Count and size checked with the other fields, not only once they are all valid
        (the service still cleans each image before it is kept)."""
        photos = self.cleaned_data.get("photos") or []
        if len(photos) > MAX_PHOTOS:
            raise ValidationError(_("Puede adjuntar hasta %(n)s fotos.") % {"n": MAX_PHOTOS})
        for photo in photos:
            if photo.size is not None and photo.size > MAX_BYTES:
                raise ValidationError(
                    _("La foto pesa más de %(mb)s MB; envíe una más liviana.")
                    % {"mb": MAX_BYTES // (1024 * 1024)}
                )
        return photos

    def clean(self):
        data = super().clean()
        if data.get("is_anonymous"):
            data["reporter_name"] = ""
        elif not (data.get("reporter_email") or data.get("reporter_phone")):
            self.add_error(
                "reporter_email",
                _("Deje un correo o teléfono para avisarle, o marque «Enviar de forma anónima»."),
            )
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("Indique latitud y longitud juntas."))
        if not (data.get("parish") or data.get("location_reference") or data.get("latitude")):
            self.add_error(
                "parish", _("Indique la parroquia, una referencia o un punto en el mapa.")
            )
        return data

    def report_fields(self):
        skip = {"photos", "website"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}
