"""Form pieces every public form shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from . import ratelimit
from .text import CleanTextFormMixin


class DatePicker(forms.DateInput):
    """The phone's date picker: `type=date` wants ISO dates whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format)


def apply_errors(form, exc: ValidationError, rename=None):
    """Puts a service's ValidationError on the form's fields (or on the form as a whole);
    `rename` maps a model field to the form field that stands for it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        field = (rename or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def save_form(form, action):
    """Validate the form, then run the service call `action()`; a ValidationError it raises
    lands on the form. The call's result, or None when the form or the service refused."""
    if not form.is_valid():
        return None
    try:
        return action()
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def over_limit(form, key: str, limit: tuple[int, int], message) -> bool:
    """True, with `message` on the form, when this submission goes over the rate limit
    (`limit`: submissions, seconds) of `key`."""
    if ratelimit.hit(key, *limit):
        return False
    form.add_error(None, message)
    return True


class HoneypotMixin(CleanTextFormMixin, forms.Form):
    """A field people never see (hidden by CSS, out of the tab order) and bots fill in.
    Every public form has it, and with it the text rule (core.text)."""

    website = forms.CharField(
        required=False,
        label=_("No llene este campo"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("No se pudo enviar el formulario."))
        return ""


class FormRenderer(TemplatesSetting):
    """Every field, in every app, renders through templates/forms/field.html: one place for
    labels, the required mark, help text and errors (with the ids aria-describedby names)."""

    field_template_name = "forms/field.html"
