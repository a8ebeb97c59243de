from django import forms
from django.utils.translation import gettext_lazy as _

from core.admin_base import VersionedAdminForm
from core.text import CleanTextFormMixin

from .models import ActionPlan, Assessment, Milestone

PROGRESS_NOTE_MAX = 300


class MilestoneProgressForm(CleanTextFormMixin, VersionedAdminForm):
    """A milestone in the admin: a change of progress needs a public note that says why.

    The note goes to the public history beside the old and new figures (never who typed
    it); progress itself is saved by services.milestone_set_progress, not by the form.
    """

    progress_note = forms.CharField(
        label=_("Nota pública del avance"),
        max_length=PROGRESS_NOTE_MAX,
        required=False,
        help_text=_("Obligatoria si cambia el avance: se publica en el historial del compromiso."),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 28}),
    )

    class Meta:
        model = Milestone
        fields = [
            "commitment",
            "order",
            "title",
            "description",
            "weight",
            "start_date",
            "end_date",
            "status",
            "progress",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Tabular inlines show no <label> per row: name each control for screen readers.
        row = self.instance.title if self.instance.pk else _("nuevo hito")
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", f"{field.label} ({row})")

    def clean_progress_note(self):
        note = " ".join(self.cleaned_data.get("progress_note", "").split())
        return "".join(ch for ch in note if ch.isprintable())

    def clean(self):
        data = super().clean()
        # A new milestone starting at 0 % changes nothing; any other change of figure does.
        changed = "progress" in self.changed_data and (
            self.instance.pk is not None or bool(data.get("progress"))
        )
        if changed and not data.get("progress_note"):
            self.add_error(
                "progress_note",
                _("Escriba una nota pública que explique el cambio de avance."),
            )
        return data


class AssessmentForm(CleanTextFormMixin, forms.ModelForm):
    opened_government = forms.ChoiceField(
        label=_("¿El compromiso abrió el gobierno?"),
        choices=Assessment.Verdict.choices,
        widget=forms.RadioSelect,
    )
    evidence_url = forms.URLField(
        label=_("Enlace a la evidencia"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Assessment
        fields = ["opened_government", "explanation", "evidence_url"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 5})}


class FromProposalForm(CleanTextFormMixin, forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan de Acción"), queryset=ActionPlan.objects.order_by("-period_start")
    )
