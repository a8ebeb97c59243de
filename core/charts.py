"""Server-side SVG charts: no JavaScript, readable by screen readers through a data table."""

import datetime
from decimal import Decimal

from django.utils import formats

PALETTE = ["#1b5e20", "#0d47a1", "#8a4b00", "#6a1b9a", "#b71c1c", "#00695c", "#37474f"]


def bar_chart(items, width=600, bar_height=22, gap=8, label_width=170):
    """items: iterable of (label, value). Returns geometry for core/_bar_chart.html."""
    items = [(str(label), Decimal(value or 0)) for label, value in items]
    top = max((v for _, v in items), default=Decimal(0)) or Decimal(1)
    plot = width - label_width - 60
    bars = []
    for i, (label, value) in enumerate(items):
        y = i * (bar_height + gap)
        bars.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "text_y": y + bar_height * 0.7,
                "width": round(float(value / top) * plot, 1),
                "value_x": label_width + round(float(value / top) * plot, 1) + 6,
                "color": PALETTE[0],
            }
        )
    height = max(len(items) * (bar_height + gap), bar_height)
    return {
        "bars": bars,
        "width": width,
        "height": height,
        "bar_height": bar_height,
        "label_width": label_width,
    }


def _y_range(values, from_zero):
    """The y-axis bounds: the values' range (from 0 with `from_zero`), never empty."""
    low, high = min(values), max(values)
    if from_zero:
        low = min(low, Decimal(0))
    if low == high:
        low, high = low - 1, high + 1
    return low, high


def _points(serie, scale_x, scale_y) -> str:
    """An SVG polyline's points; a missing value leaves a gap in the data, not a zero."""
    return " ".join(f"{scale_x(x)},{scale_y(v)}" for x, v in serie["points"] if v is not None)


def x_label(x):
    """Dates read one way per language on every chart (es 01/06/2026, en 06/01/2026)."""
    if isinstance(x, datetime.date):
        return formats.date_format(x, "SHORT_DATE_FORMAT")
    return x


def line_chart(series, width=600, height=260, pad=40, from_zero=False):
    """series: list of {"label": str, "points": [(x, value), ...]} sharing x values (dates
    or labels). from_zero: the y-axis starts at 0 (percentages), not at the lowest value."""
    xs = list(dict.fromkeys(x for s in series for x, _ in s["points"]))
    values = [Decimal(v) for s in series for _, v in s["points"] if v is not None]
    if not xs or not values:
        return {"empty": True, "series": series, "xs": xs}
    low, high = _y_range(values, from_zero)
    step = (width - 2 * pad) / max(len(xs) - 1, 1)
    index = {x: i for i, x in enumerate(xs)}

    def scale_x(x):
        return round(pad + index[x] * step, 1)

    def scale_y(v):
        return round(
            height - pad - float((Decimal(v) - low) / (high - low)) * (height - 2 * pad), 1
        )

    lines = [
        {"label": s["label"], "points": _points(s, scale_x, scale_y), "color": PALETTE[n % 7]}
        for n, s in enumerate(series)
    ]
    every = max(len(xs) // 6, 1)
    ticks = [{"x": scale_x(x), "label": x_label(x)} for x in xs[::every]]
    rows = [[x_label(x)] + [dict(s["points"]).get(x) for s in series] for x in xs]
    return {
        "empty": False,
        "width": width,
        "height": height,
        "pad": pad,
        "lines": lines,
        "ticks": ticks,
        "low": low,
        "high": high,
        "low_y": height - pad,
        "high_y": pad,
        "series": series,
        "rows": rows,
        "axis_y": height - pad,
        "axis_x2": width - pad,
        "tick_y": height - pad + 16,
    }
