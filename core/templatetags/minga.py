from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import charts, idempotency

register = template.Library()


@register.inclusion_tag("core/_bar_chart.html")
def bar_chart(items, title, unit=""):
    return {"chart": charts.bar_chart(items), "title": title, "unit": unit}


@register.inclusion_tag("core/_line_chart.html")
def line_chart(series, title, unit=""):
    # A percentage is read against 0, not against its lowest point (12.5 looked like nothing).
    chart = charts.line_chart(series, from_zero=unit == "%")
    return {"chart": chart, "title": title, "unit": unit}


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


# The open-government cycle, as Decidim users know it: citizens propose, the forum scores,
# the plan is co-created, commitments are implemented.
PHASES = [
    ("consulta", _("Consulta")),
    ("matriz", _("Matriz de Propuestas")),
    ("plan", _("Plan de acción")),
    ("compromisos", _("Compromisos")),
]


@register.inclusion_tag("core/_phase_line.html")
def phase_line(current):
    """The four phases with the current one marked (aria-current="step"), earlier ones done."""
    codes = [code for code, _label in PHASES]
    at = codes.index(current) if current in codes else -1
    phases = [
        {"label": label, "state": "current" if i == at else ("done" if i < at else "next")}
        for i, (_code, label) in enumerate(PHASES)
    ]
    return {"phases": phases}
