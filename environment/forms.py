from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import geo
from core.forms import DatePicker, HoneypotMixin
from core.models import Parish
from core.text import CleanTextFormMixin

from .models import ApplicantKind, Nursery, Species
from .services import Line

MAX_PER_SPECIES = 5000


class SeedlingRequestForm(HoneypotMixin):
    """Public request form: one quantity box per available species (no JS needed)."""

    applicant_kind = forms.ChoiceField(
        label=_("Usted solicita como"), choices=ApplicantKind.choices
    )
    applicant_name = forms.CharField(
        label=_("Nombre de la persona, finca, escuela o comunidad"), max_length=150
    )
    applicant_phone = forms.CharField(label=_("Teléfono"), max_length=30, required=False)
    applicant_email = forms.EmailField(label=_("Correo electrónico"), required=False)
    parish = forms.ModelChoiceField(
        label=_("Parroquia"), queryset=Parish.objects.order_by("name"), empty_label=_("Elija…")
    )
    location_reference = forms.CharField(
        label=_("Referencia del lugar de siembra"), max_length=200, required=False
    )
    latitude = forms.DecimalField(
        label=_("Latitud (opcional)"),
        max_digits=9,
        decimal_places=6,
        required=False,
        validators=[geo.validate_latitude],
        help_text=_("Por ejemplo -0.253. Se publica redondeada (unos 1 km)."),
    )
    longitude = forms.DecimalField(
        label=_("Longitud (opcional)"),
        max_digits=9,
        decimal_places=6,
        required=False,
        validators=[geo.validate_longitude],
        help_text=_("Por ejemplo -79.175."),
    )
    land_area_ha = forms.DecimalField(
        label=_("Superficie a reforestar (hectáreas)"),
        max_digits=8,
        decimal_places=2,
        min_value=0.01,
    )
    purpose = forms.CharField(
        label=_("¿Para qué quiere las plantas?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Por ejemplo: proteger la orilla del estero, sombra para el cacao, cercas vivas."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.species = list(Species.objects.filter(is_active=True).order_by("common_name"))
        for sp in self.species:
            self.fields[f"species_{sp.pk}"] = forms.IntegerField(
                label=f"{sp.common_name} ({sp.scientific_name})",
                min_value=0,
                max_value=MAX_PER_SPECIES,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def species_fields(self):
        return [self[f"species_{sp.pk}"] for sp in self.species]

    def clean(self):
        data = super().clean()
        if not (data.get("applicant_phone") or data.get("applicant_email")):
            self.add_error(
                "applicant_phone", _("Deje un teléfono o un correo para coordinar la entrega.")
            )
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("latitude", _("Indique latitud y longitud juntas."))
        if not self.lines():
            raise ValidationError(_("Indique al menos una especie y la cantidad de plantas."))
        return data

    def lines(self):
        data = getattr(self, "cleaned_data", {})
        return [
            Line(sp, data[f"species_{sp.pk}"])
            for sp in self.species
            if data.get(f"species_{sp.pk}")
        ]

    def service_kwargs(self):
        skip = {"website"}
        fields = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in skip and not k.startswith("species_")
        }
        fields["applicant_phone"] = fields.get("applicant_phone") or ""
        fields["applicant_email"] = fields.get("applicant_email") or ""
        return {**fields, "lines": self.lines()}


class DeliveryForm(CleanTextFormMixin, forms.Form):
    """Staff form to deliver an approved request: quantities prefilled from the request."""

    nursery = forms.ModelChoiceField(
        label=_("Vivero"), queryset=Nursery.objects.filter(is_active=True), empty_label=_("Elija…")
    )
    delivered_on = forms.DateField(label=_("Fecha de entrega"), widget=DatePicker())
    note = forms.CharField(label=_("Nota"), max_length=250, required=False)

    def __init__(self, *args, request_lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.request_lines = list(request_lines)
        for line in self.request_lines:
            self.fields[f"species_{line.species_id}"] = forms.IntegerField(
                label=str(line.species.common_name),
                min_value=0,
                initial=line.quantity,
                required=False,
            )

    def species_fields(self):
        return [self[f"species_{ln.species_id}"] for ln in self.request_lines]

    def lines(self):
        return [
            Line(ln.species, self.cleaned_data[f"species_{ln.species_id}"])
            for ln in self.request_lines
            if self.cleaned_data.get(f"species_{ln.species_id}")
        ]
