"""Registries that let apps share figures without importing each other.

Each app fills them in its manifest, `<app>/registrations.py` (its `register()` is all
`AppConfig.ready()` calls):

    from core.registry import indicators, datasets, home_panels
    indicators.register(key="roads.km_worked", name=_("Km real atendido"), unit="km",
                        func=selectors.km_worked_between)
    datasets.register(key="roads.branches", title=_("Ramales"), url_name="roads:export", ...)
    home_panels.register(key="roads", order=60, template="roads/_home_panel.html",
                         context=selectors.home_panel)
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


class Registry:
    def __init__(self, kind):
        self.kind = kind
        self._items = {}

    def add(self, item):
        if item.key in self._items and self._items[item.key] != item:
            raise ValueError(f"{self.kind} {item.key!r} is already registered")
        self._items[item.key] = item
        return item

    def get(self, key):
        return self._items[key]

    def __contains__(self, key):
        return key in self._items

    def __iter__(self):
        return iter(sorted(self._items.values(), key=lambda i: (getattr(i, "order", 0), i.key)))

    def choices(self):
        return [(item.key, str(getattr(item, "name", None) or item.title)) for item in self]


@dataclass(frozen=True)
class Indicator:
    """A figure computed from live data: func(start, end) -> Decimal."""

    key: str
    name: Any
    unit: str
    func: Callable[[date, date], Decimal]
    description: Any = ""

    def value(self, start: date, end: date) -> Decimal:
        return Decimal(self.func(start, end))


@dataclass(frozen=True)
class Dataset:
    """A public dataset listed in the open-data catalogue (/datos/)."""

    key: str
    title: Any
    description: Any
    url_name: str
    formats: tuple = ("csv", "json", "xlsx")
    license: str = "CC-BY-4.0"
    order: int = 0


@dataclass(frozen=True)
class HomePanel:
    """A section of the home page: template rendered with context(request)."""

    key: str
    template: str
    context: Callable[[Any], dict] = field(default=lambda request: {})
    order: int = 50


@dataclass(frozen=True)
class ReportType:
    """A kind of citizen report, listed as an Open311 service (key = service_code).

    Filing sets `field` = `value` on a new instance of `model` ("app_label.ModelName").
    """

    key: str
    name: Any
    description: Any
    group: Any
    model: str
    field: str
    value: str
    keywords: str = ""
    defaults: Any = None  # extra field values an Open311 post needs, e.g. {"severity": 2}

    def model_class(self):
        from django.apps import apps

        return apps.get_model(self.model)


@dataclass(frozen=True)
class Tracker:
    """Something a citizen follows by tracking code: find(code) -> its page URL, or None.

    The portal's one tracking page (/seguimiento/) asks every tracker in turn.
    """

    key: str
    find: Callable[[str], str | None]
    order: int = 50


class _Typed(Registry):
    def __init__(self, kind, cls):
        super().__init__(kind)
        self.cls = cls

    def register(self, **kwargs):
        return self.add(self.cls(**kwargs))


@dataclass(frozen=True)
class AccountSection:
    """A part of "Mi cuenta": items(user) -> a short list of dicts with "label", and
    optionally "url", "status" and "date", of what that person did in one app."""

    key: str
    title: Any
    items: Callable[[Any], list]
    order: int = 50


@dataclass(frozen=True)
class NavEntry:
    """An entry of the portal's main navigation: url_name (no arguments) and its label."""

    key: str
    url_name: str
    label: Any
    order: int = 50


indicators = _Typed("indicator", Indicator)
datasets = _Typed("dataset", Dataset)
home_panels = _Typed("home panel", HomePanel)
report_types = _Typed("report type", ReportType)
trackers = _Typed("tracker", Tracker)
account_sections = _Typed("account section", AccountSection)
navigation = _Typed("navigation entry", NavEntry)


def report_models():
    """The concrete citizen-report models, in a stable order."""
    seen = {}
    for report_type in report_types:
        seen.setdefault(report_type.model, report_type.model_class())
    return list(seen.values())
