from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatePicker
from core.models import Parish
from core.report_forms import REPORT_FORM_FIELDS, ReportFormMixin

from .models import Complaint, ComplaintCategory


class ComplaintForm(ReportFormMixin, forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["category", *REPORT_FORM_FIELDS, "date_observed"]
        labels = {
            "category": _("¿Qué pasa?"),
            "description": _("Cuéntenos qué vio"),
            "location_reference": _("Referencia del lugar"),
            "latitude": _("Latitud (opcional)"),
            "longitude": _("Longitud (opcional)"),
            "date_observed": _("¿Qué día lo vio?"),
            "is_anonymous": _("Enviar de forma anónima"),
            "reporter_name": _("Su nombre"),
            "reporter_email": _("Su correo (para avisarle de los cambios)"),
            "reporter_phone": _("Su teléfono"),
        }
        help_texts = {
            "location_reference": _("Vía, recinto, río o algo cercano que ayude a llegar."),
            "latitude": _("Use el botón «Usar mi ubicación» o escriba, p. ej., -0.2531."),
            "is_anonymous": _(
                "No guardamos su nombre. Si deja un correo, solo lo usamos para avisarle."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "date_observed": DatePicker(),
            "latitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "longitude": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            "reporter_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "reporter_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "reporter_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Elija una categoría"))] + list(
            ComplaintCategory.choices
        )
        self.fields["parish"].queryset = Parish.objects.order_by("name")
        self.fields["parish"].empty_label = _("Elija la parroquia")
        # The model default is callable; a hidden "initial" copy would be an unlabelled input.
        self.fields["date_observed"].show_hidden_initial = False
