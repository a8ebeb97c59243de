from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionPlan, Assessment


class AssessmentForm(forms.ModelForm):
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


class FromProposalForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Plan de Acción"), queryset=ActionPlan.objects.order_by("-period_start")
    )
