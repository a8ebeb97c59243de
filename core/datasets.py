"""Serving registered datasets: downloads with a date range, the Frictionless Data Package
and the schema.org description. Views stay thin; this module does the work."""

from datetime import date

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from . import exports, ratelimit
from .registry import Dataset

FRICTIONLESS_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "date": "date",
    "datetime": "datetime",
    "boolean": "boolean",
}
SCHEMA_ORG_FORMATS = {"csv": "text/csv", "json": "application/json", "xlsx": exports.XLSX_TYPE}


class BadRange(ValueError):
    pass


def date_range(params) -> tuple[date | None, date | None]:
    """?desde=&hasta= (or start/end) as dates; BadRange with a Spanish message if not."""

    def one(*names):
        for name in names:
            raw = (params.get(name) or "").strip()
            if raw:
                try:
                    return date.fromisoformat(raw)
                except ValueError:
                    raise BadRange(
                        _("Fecha no válida en %(name)s: use AAAA-MM-DD.") % {"name": name}
                    ) from None
        return None

    start, end = one("desde", "start"), one("hasta", "end")
    if start and end and start > end:
        raise BadRange(_("La fecha «desde» es posterior a «hasta»."))
    return start, end


def throttled(request) -> bool:
    """True when this address went over its downloads per minute (fails open: see ratelimit)."""
    limit = getattr(settings, "DATASET_DOWNLOADS_PER_MINUTE", 60)
    return not ratelimit.hit(f"dataset-download:{ratelimit.client_ip(request)}", limit, 60)


def try_later(message, status: int, seconds: int) -> HttpResponse:
    """A plain-text answer saying when to come back (Retry-After)."""
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response


def too_many():
    return try_later(_("Demasiadas descargas seguidas; intente en un minuto."), 429, 60)


def download(request, ds: Dataset, fmt: str, filename: str | None = None, where=None):
    """The dataset in `fmt`, filtered by ?desde=&hasta= when it has dates (and by the ORM
    lookups in `where`, for an app's own filters)."""
    fmt = (fmt or "csv").lower()
    if fmt not in (*ds.formats, exports.EXCEL_CSV) or fmt not in exports.CONTENT_TYPES:
        return HttpResponse(
            _("Formato no disponible: use %(formats)s.") % {"formats": ", ".join(ds.formats)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        start, end = date_range(request.GET) if ds.date_field else (None, None)
    except BadRange as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    if throttled(request):
        return too_many()
    filename = filename or ds.slug
    if fmt == "xlsx" and ds.large and not (start or end or where):
        from .snapshots import snapshot_response

        return snapshot_response(request, ds, filename)
    rows = ds.iter_rows(start, end, where=where)
    return exports.tabular_response(ds.column_names, rows, fmt, filename)


def table_schema(ds: Dataset) -> dict:
    fields = []
    for column in ds.columns:
        field = {
            "name": column.name,
            "type": FRICTIONLESS_TYPES[column.type],
            "description": str(column.description),
        }
        if column.constraints:
            field["constraints"] = dict(column.constraints)
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def datapackage(ds: Dataset, base_url: str) -> dict:
    """Frictionless Data Package: one CSV resource with its Table Schema."""
    return {
        "profile": "tabular-data-package",
        "name": ds.slug,
        "title": str(ds.title),
        "description": str(ds.description),
        "keywords": [str(k) for k in ds.keywords],
        "licenses": [{"name": "CC-BY-4.0", "path": ds.license, "title": "CC BY 4.0"}],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": ds.slug,
                "path": base_url + ds.download_url("csv"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(ds),
            }
        ],
    }


def datapackage_response(request, ds: Dataset):
    body = datapackage(ds, request.build_absolute_uri("/").rstrip("/"))
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})


def schema_org(ds: Dataset, base_url: str, *, coverage=None, modified=None) -> dict:
    """schema.org Dataset for the page's JSON-LD (Google Dataset Search reads it)."""
    body = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": str(ds.title),
        "description": str(ds.description),
        "url": base_url + ds.page_url(),
        "identifier": ds.key,
        "keywords": [str(k) for k in ds.keywords],
        "license": ds.license,
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": str(ds.publisher)},
        "variableMeasured": [str(c.name) for c in ds.columns],
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": SCHEMA_ORG_FORMATS[fmt],
                "contentUrl": base_url + ds.download_url(fmt),
            }
            for fmt in ds.formats
            if fmt in SCHEMA_ORG_FORMATS
        ],
    }
    if ds.spatial:
        body["spatialCoverage"] = str(ds.spatial)
    if coverage and coverage[0] and coverage[1]:
        body["temporalCoverage"] = f"{coverage[0].isoformat()}/{coverage[1].isoformat()}"
    if modified:
        body["dateModified"] = modified.isoformat()
    return body


def download_view(key: str, filename: str):
    """A view serving a registered dataset at an older per-app URL (?format=csv|json|xlsx)."""

    def view(request):
        from .registry import datasets

        return download(request, datasets.get(key), request.GET.get("format", "csv"), filename)

    view.__name__ = f"download_{key.replace('.', '_')}"
    return view


def enum(choices) -> dict:
    """Table Schema constraint for a Django choices class."""
    return {"enum": [str(value) for value, _label in choices]}


PERCENT = {"minimum": 0, "maximum": 100}
REQUIRED = {"required": True}
