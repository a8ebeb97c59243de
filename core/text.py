"""One rule for text that people type or paste, applied where a row is validated.

C0 control characters other than tab, newline and carriage return are removed (text pasted
from word processors carries \\x0b and the like; removing them loses nothing a reader sees);
a NUL byte is refused with a message (it is never typed, only sent by tools), and every text
field's `max_length` is enforced, TextFields included (Django checks it only in forms).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What XML 1.0 (so XLSX, Open311 XML, feeds) and iCalendar cannot carry: C0 controls but tab,
# newline and carriage return; surrogates; U+FFFE/FFFF. The writers drop them, so one stored
# text with a pasted \x0b (from before the input rule, or typed by staff) breaks no output.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    return _CONTROL.sub("", value)


def writable(value) -> str:
    """Text as an output format may carry it (the defence at the outputs)."""
    return _UNWRITABLE.sub("", str(value))


def clean_text_fields(instance, exclude=()) -> None:
    """Cleans every CharField/TextField of `instance` in place; raises per-field errors."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            errors[field.name] = _("El texto contiene un carácter nulo (NUL); quítelo.")
            continue
        value = clean_text(value)
        setattr(instance, field.attname, value)
        if (
            isinstance(field, models.TextField)
            and field.max_length
            and len(value) > field.max_length
        ):
            errors[field.name] = _("Escriba como máximo %(max)s caracteres (tiene %(n)s).") % {
                "max": field.max_length,
                "n": len(value),
            }
    if errors:
        raise ValidationError(errors)


class CleanTextModel(models.Model):
    """Models whose text comes from the public: full_clean() applies the rule above."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            clean_text_fields(self, exclude or ())
        except ValidationError as exc:
            errors = exc.error_dict
        try:
            super().clean_fields(exclude=[*(exclude or ()), *errors])
        except ValidationError as exc:
            errors = {**exc.error_dict, **errors}
        if errors:
            raise ValidationError(errors)


def _cleaning(to_python, field, blank_error):
    def cleaned(value):
        value = to_python(value)
        if not isinstance(value, str):
            return value
        kept = clean_text(value)
        if kept != value and getattr(field, "strip", getattr(field, "trim_whitespace", False)):
            kept = kept.strip()
        if not kept and value and blank_error is not None:
            blank_error()  # only control characters: as empty as an empty field
        return kept

    return cleaned


def clean_input_fields(fields) -> None:
    """The rule at the door of a form or serializer (CleanTextFormMixin, CleanTextSerializerMixin):
    each text input loses its control characters before it is validated, so `max_length`
    counts what is kept, a required field of nothing but \\x0b is refused as empty, and NUL is
    still refused (in Spanish) by Django's and DRF's own validator. Nested serializers and
    lists of text get the same."""
    from django import forms
    from rest_framework import serializers

    for field in fields.values():
        if isinstance(field, forms.CharField):
            field.to_python = _cleaning(field.to_python, field, None)  # required checked after
        elif getattr(field, "read_only", False):
            continue
        elif isinstance(field, serializers.CharField):
            blank = None if field.allow_blank else (lambda f=field: f.fail("blank"))
            field.to_internal_value = _cleaning(field.to_internal_value, field, blank)
        elif isinstance(field, serializers.ListSerializer | serializers.ListField):
            clean_input_fields({"child": field.child})
        elif isinstance(field, serializers.Serializer):
            clean_input_fields(field.fields)


class CleanTextFormMixin:
    """For every form that takes typed text: the rule above on its CharFields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clean_input_fields(self.fields)


class CleanTextSerializerMixin:
    """For every serializer that takes typed text: the rule above on its CharFields."""

    def get_fields(self):
        fields = super().get_fields()
        clean_input_fields(fields)
        return fields
