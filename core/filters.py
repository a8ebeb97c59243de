"""Filters every app shares (django-filter), so a bad query parameter is a form error (a 400
in the API), never a database error."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

YEAR_MIN, YEAR_MAX = 1900, 2100


class YearFilter(django_filters.NumberFilter):
    """A calendar year; `?year=99999999999` or `?year=-1` is refused with a message."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Año"))
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(*args, **kwargs)


class TerritoryFilter(django_filters.ModelChoiceFilter):
    """A parish or canton chosen by its code (`?parroquia=230150`), listed by name."""

    def __init__(self, model, **kwargs):
        super().__init__(queryset=model.objects.order_by("name"), to_field_name="code", **kwargs)
