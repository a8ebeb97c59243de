from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin
from core.models import Community, Parish
from core.text import CleanTextFormMixin

from .models import OGP_FIELDS, OGPValue, Proposal


class ProposalForm(HoneypotMixin, forms.ModelForm):
    """The Formulario de Propuestas de Gobierno Abierto: no account needed."""

    ogp_values = forms.MultipleChoiceField(
        label=_("Valores de gobierno abierto que sirve su propuesta"),
        choices=OGPValue.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "theme",
            "problem",
            "solution",
            "parish",
            "community",
            "organisation",
            "is_anonymous",
            "proposer_name",
            "proposer_email",
            "proposer_phone",
            "gender",
        ]
        labels = {
            "title": _("Título de su propuesta"),
            "problem": _("¿Qué problema o necesidad quiere resolver?"),
            "solution": _("¿Qué propone hacer?"),
            "organisation": _("Organización a la que representa (opcional)"),
            "is_anonymous": _("Propuesta anónima"),
            "proposer_name": _("Su nombre"),
            "proposer_email": _("Correo electrónico"),
            "proposer_phone": _("Teléfono o WhatsApp"),
        }
        help_texts = {
            "title": _("Hasta 200 caracteres."),
            "problem": _("Hasta 3000 caracteres."),
            "solution": _("Hasta 3000 caracteres."),
            "organisation": _("Si la indica, se publica junto a la propuesta."),
            "proposer_email": _("Privado: solo para avisarle del trámite. Nunca se publica."),
            "proposer_phone": _("Privado: nunca se publica."),
            "is_anonymous": _(
                "No guardamos su nombre ni publicamos la organización; deje igual un correo o "
                "teléfono privado para avisarle del trámite."
            ),
        }
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200}),
            "problem": forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
            "solution": forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
            "proposer_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "proposer_phone": forms.TextInput(
                attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
            ),
            "proposer_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = consultation.themes.all()
        self.fields["theme"].empty_label = _("Elija un eje")
        self.fields["parish"].queryset = Parish.objects.order_by("name")
        self.fields["parish"].empty_label = _("Toda la provincia")
        self.fields["community"].queryset = Community.objects.order_by("name")
        self.fields["community"].empty_label = _("Ninguna en particular")

    def clean(self):
        data = super().clean()
        if not (data.get("proposer_email") or data.get("proposer_phone")):
            self.add_error(
                "proposer_email",
                _("Deje un correo o un teléfono para avisarle del trámite (no se publica)."),
            )
        if data.get("is_anonymous"):
            data["proposer_name"] = ""
        return data

    def proposal_fields(self):
        data = {k: v for k, v in self.cleaned_data.items() if k not in {"website", "ogp_values"}}
        chosen = set(self.cleaned_data.get("ogp_values") or [])
        for value, field in OGP_FIELDS.items():
            data[field] = value in chosen
        return data


class ScorecardForm(CleanTextFormMixin, forms.Form):
    """One integer per criterion; the scale is checked by the service (one message, one place)."""

    comment = forms.CharField(
        label=_("Comentario (opcional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                help_text=_("%(desc)s Entero del %(min)s al %(max)s; peso %(w)s.")
                % {
                    "desc": criterion.description,
                    "min": criterion.scale_min,
                    "max": criterion.scale_max,
                    # the locale's decimal mark, as the matrix shows it (es 1,5; en 1.5)
                    "w": floatformat(criterion.weight, "-2"),
                },
                widget=forms.NumberInput(
                    attrs={"min": criterion.scale_min, "max": criterion.scale_max, "step": 1}
                ),
            )
        self.order_fields([f"criterion_{c.pk}" for c in self.criteria] + ["comment"])

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c in self.criteria}


class ModerationForm(CleanTextFormMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("Nuevo estado"))
    reason = forms.CharField(
        label=_("Motivo público (obligatorio al rechazar)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    duplicate_of_code = forms.CharField(
        label=_("Código de la propuesta original (si es duplicada)"),
        required=False,
        max_length=20,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = choices
