from decimal import Decimal

from django import template

from core import charts

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
