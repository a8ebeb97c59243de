from django import forms

from .models import Assessment


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["opened_government", "explanation", "evidence_url"]
        widgets = {
            "opened_government": forms.RadioSelect,
            "explanation": forms.Textarea(attrs={"rows": 5}),
        }
