from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Parish
from core.report_forms import REPORT_FORM_FIELDS, ReportFormMixin
from core.text import CleanTextFormMixin

from .models import Branch, InterventionZone, NeedLevel, RoadReport
from .selectors import DEFAULT_YEARS, SORTS, DashboardFilters

FIRST_FILTER_YEAR = 2000


class DashboardFilterForm(CleanTextFormMixin, forms.Form):
    necesidad = forms.TypedMultipleChoiceField(
        label=_("Necesidad de atención"),
        choices=NeedLevel.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    zona = forms.ChoiceField(
        label=_("Zona de intervención"),
        choices=[("", _("Todas"))] + InterventionZone.choices,
        required=False,
    )
    parroquia = forms.ModelChoiceField(
        label=_("Parroquia"),
        queryset=Parish.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Todas"),
    )
    desde = forms.IntegerField(label=_("Desde (año)"), required=False)
    hasta = forms.IntegerField(label=_("Hasta (año)"), required=False)
    q = forms.CharField(label=_("Buscar código o nombre"), required=False, max_length=100)

    def clean(self):
        data = super().clean()
        this_year = timezone.localdate().year
        start = data.get("desde") or DEFAULT_YEARS[0]
        end = data.get("hasta") or DEFAULT_YEARS[1]
        for name, year in (("desde", start), ("hasta", end)):
            if not FIRST_FILTER_YEAR <= year <= this_year:
                self.add_error(
                    name,
                    _("Indique un año entre %(a)s y %(b)s.")
                    % {"a": FIRST_FILTER_YEAR, "b": this_year},
                )
        if start > end:
            self.add_error("hasta", _("El año final es anterior al inicial."))
        data["desde"], data["hasta"] = start, end
        return data

    def filters(self) -> DashboardFilters:
        """The filters of a valid form; defaults (2019-2022, everything) otherwise."""
        if not self.is_valid():
            return DashboardFilters()
        data = self.cleaned_data
        return DashboardFilters(
            need_levels=tuple(sorted(data.get("necesidad") or ())),
            zone=data.get("zona") or "",
            parish=data["parroquia"].code if data.get("parroquia") else "",
            year_from=data["desde"],
            year_to=data["hasta"],
            search=(data.get("q") or "").strip(),
        )


def sort_key(value: str) -> str:
    return value if value.lstrip("-") in SORTS else "cod"


class RoadReportForm(ReportFormMixin, forms.ModelForm):
    branch_code = forms.CharField(
        label=_("Ramal (código o nombre)"),
        required=False,
        max_length=255,
        help_text=_("Escriba para buscar, p. ej. LCN017; o elija el ramal en el mapa."),
        widget=forms.TextInput(attrs={"list": "ramales", "autocomplete": "off"}),
    )

    class Meta:
        model = RoadReport
        fields = ["kind", "severity", *REPORT_FORM_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_branch_code(self):
        text = (self.cleaned_data.get("branch_code") or "").strip()
        if not text:
            return None
        code = text.split(" ")[0].upper()
        branch = Branch.objects.filter(code=code).select_related("parish").first()
        if branch is not None:
            return branch
        # Without script there is no picker: a name that matches one branch is enough.
        named = list(Branch.objects.filter(name__iexact=text).select_related("parish")[:2])
        if len(named) == 1:
            return named[0]
        raise ValidationError(_("No hay un ramal con el código %(code)s.") % {"code": code})

    def clean(self):
        branch = self.cleaned_data.get("branch_code")
        if branch is not None and not self.cleaned_data.get("parish"):
            # The branch locates the report: it stands in for the parish.
            self.cleaned_data["parish"] = branch.parish
        return super().clean()

    def report_fields(self):
        fields = super().report_fields()
        fields["branch"] = fields.pop("branch_code")
        return fields


class ImportUploadForm(CleanTextFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Archivo CSV o XLSX"),
        help_text=_(
            "Se acepta coma decimal (16,00). Si alguna fila tiene errores, no se guarda nada."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Suba un archivo .csv o .xlsx."))
        return upload
