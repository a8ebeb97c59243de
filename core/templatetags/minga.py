from decimal import Decimal

from django import template
from django.utils.html import format_html

from core import charts, idempotency

register = template.Library()


@register.inclusion_tag("core/_bar_chart.html")
def bar_chart(items, title, unit=""):
    return {"chart": charts.bar_chart(items), "title": title, "unit": unit}


@register.inclusion_tag("core/_line_chart.html")
def line_chart(series, title, unit=""):
    return {"chart": charts.line_chart(series), "title": title, "unit": unit}


@register.inclusion_tag("core/_progress.html")
def progress(value, label=""):
    value = max(Decimal(0), min(Decimal(100), Decimal(value or 0)))
    return {"value": value, "label": label}


@register.simple_tag
def submission_token():
    """A one-time token for this rendering of a form: a repeated POST returns the first result."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        idempotency.FORM_FIELD,
        idempotency.new_token(),
    )
