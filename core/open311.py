"""Open311 GeoReport v2 over every app's registered report types (core.registry.report_types).

Spec: http://wiki.open311.org/GeoReport_v2. JSON and XML by extension; errors as a list of
{code, description}; POST needs an api_key (core.Open311Client).
"""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import wraps
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from . import ratelimit, report_services
from .registry import report_models, report_types
from .reports import CLOSED, Open311Client, ReportEvent, ReportPhoto, Source
from .text import writable

AGENCY = "GAD Provincial de Santo Domingo de los Tsáchilas"
MAX_RESULTS = 1000
DEFAULT_WINDOW_DAYS = 90


def cors(view):
    """Open311 is read and written by browser apps on other sites: every answer allows any
    origin, and a preflight (OPTIONS) is answered here. No cookies are involved (the portal's
    session is never read by these views; POST authenticates with its api_key), so `*` is
    safe."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Content-Type"
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = "GET, HEAD, POST, OPTIONS"
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return csrf_exempt(wrapped)


def _text(value) -> str:
    return writable(value)


def _xml(root_tag, item_tag, items):
    root = ET.Element(root_tag)
    for item in items:
        node = ET.SubElement(root, item_tag)
        for key, value in item.items():
            child = ET.SubElement(node, key)
            if isinstance(value, list):
                for entry in value:
                    sub = ET.SubElement(child, "attribute")
                    for k, v in entry.items():
                        ET.SubElement(sub, k).text = "" if v is None else _text(v)
            elif isinstance(value, bool):
                child.text = "true" if value else "false"
            elif value is not None:
                child.text = _text(value)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>' + body


def _respond(fmt, root_tag, item_tag, items, status=200):
    if fmt == "xml":
        return HttpResponse(
            _xml(root_tag, item_tag, items),
            status=status,
            content_type="text/xml; charset=utf-8",
        )
    return JsonResponse(items, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _error(fmt, status, description):
    return _respond(
        fmt, "errors", "error", [{"code": status, "description": str(description)}], status
    )


def _service(report_type):
    return {
        "service_code": report_type.key,
        "service_name": str(report_type.name),
        "description": str(report_type.description),
        "metadata": False,
        "type": "realtime",
        "keywords": report_type.keywords,
        "group": str(report_type.group),
    }


def services(request, fmt):
    return _respond(fmt, "services", "service", [_service(t) for t in report_types])


def service_definition(request, code, fmt):
    if code not in report_types:
        return _error(fmt, 404, _("Servicio desconocido: %(code)s") % {"code": code})
    if fmt == "xml":
        body = ET.Element("service_definition")
        ET.SubElement(body, "service_code").text = code
        ET.SubElement(body, "attributes")
        xml = '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(body, encoding="unicode")
        return HttpResponse(xml, content_type="text/xml; charset=utf-8")
    return JsonResponse({"service_code": code, "attributes": []})


def _type_index():
    return {(t.model, str(t.value)): t for t in report_types}


def _serialise(report, index, request):
    report_type = index.get((report._meta.label, str(getattr(report, _field_of(report)))))
    public = [e for e in report.events.all() if e.is_public]
    notes = next((e.comment for e in reversed(public) if e.comment), "")
    photos = [p for p in report.photos.all() if not p.is_hidden]
    return {
        "service_request_id": report.tracking_code,
        "status": "closed" if report.status in CLOSED else "open",
        "status_notes": notes,
        "service_name": str(report_type.name) if report_type else "",
        "service_code": report_type.key if report_type else "",
        "description": report.description,
        "agency_responsible": report.assigned_institution or AGENCY,
        "service_notice": "",
        "requested_datetime": timezone.localtime(report.created_at).isoformat(timespec="seconds"),
        "updated_datetime": timezone.localtime(report.updated_at).isoformat(timespec="seconds"),
        "expected_datetime": _expected(report.due_date),
        "address": report.location_reference or (report.parish.name if report.parish else ""),
        "address_id": "",
        "zipcode": "",
        "lat": float(report.public_latitude) if report.latitude is not None else None,
        "long": float(report.public_longitude) if report.longitude is not None else None,
        "media_url": (
            request.build_absolute_uri(photos[0].get_absolute_url()) if photos else report.media_url
        ),
    }


def _expected(due_date):
    """The due date as the W3C datetime Open311 asks for: the end of that day, local time
    (e.g. 2026-12-03T23:59:59-05:00)."""
    if due_date is None:
        return None
    end = timezone.make_aware(
        datetime.combine(due_date, time(23, 59, 59)), timezone.get_default_timezone()
    )
    return end.isoformat(timespec="seconds")


def _field_of(report):
    for t in report_types:
        if t.model == report._meta.label:
            return t.field
    return "pk"


def _visible(model):
    return (
        model.objects.filter(is_hidden=False)
        .select_related("parish")
        .prefetch_related(
            Prefetch("events", queryset=ReportEvent.objects.order_by("created_at", "pk")),
            Prefetch("photos", queryset=ReportPhoto.objects.filter(is_hidden=False)),
        )
    )


_CODE = re.compile(r"^[A-Za-z0-9-]{1,40}$")


@dataclass
class _ListQuery:
    """GET requests' parameters, checked once before any query reaches the database."""

    ids: list
    types: list  # report types asked for by service_code; empty = all
    start: datetime | None
    end: datetime | None
    statuses: set


def _parse_datetime(value):
    # Clients often leave the "+" of a UTC offset unencoded; it arrives as a space.
    try:
        parsed = parse_datetime(value.replace(" ", "+"))
    except ValueError:  # well formed but impossible, e.g. month 13
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class _BadQuery(ValueError):
    """A list query parameter that cannot be read; its message is the 400's."""


def _parse_list_query(params):
    """A _ListQuery, or the error message a 400 carries."""
    try:
        return _ListQuery(
            _requested_codes(params.get("service_request_id", "")),
            _requested_types(params.get("service_code", "")),
            *_window(params.get("start_date", ""), params.get("end_date", "")),
            _requested_statuses(params.get("status", "")),
        )
    except _BadQuery as exc:
        return exc.args[0]


def _requested_codes(value):
    ids = [c.strip() for c in value.split(",") if c.strip()]
    if any(not _CODE.match(c) for c in ids):
        raise _BadQuery(_("service_request_id: códigos de seguimiento separados por comas."))
    return ids


def _requested_types(value):
    codes = [c for c in value.split(",") if c]
    unknown = [c for c in codes if c not in report_types]
    if unknown:
        raise _BadQuery(_("service_code desconocido: %(c)s") % {"c": ",".join(unknown)[:200]})
    return [report_types.get(c) for c in codes]


def _window(start, end):
    """(start, end) datetimes; without either, the last DEFAULT_WINDOW_DAYS."""
    start_dt = _parse_datetime(start) if start else None
    end_dt = _parse_datetime(end) if end else None
    if (start and start_dt is None) or (end and end_dt is None):
        raise _BadQuery(_("Fechas en formato W3C, p. ej. 2022-01-31T00:00:00-05:00."))
    if start_dt is None and end_dt is None:
        start_dt = timezone.now() - timedelta(days=DEFAULT_WINDOW_DAYS)
    return start_dt, end_dt


def _requested_statuses(value):
    statuses = {s for s in value.split(",") if s}
    if statuses - {"open", "closed"}:
        raise _BadQuery(_("status debe ser open o closed."))
    return statuses


def _list_requests(request, fmt):
    query = _parse_list_query(request.GET)
    if not isinstance(query, _ListQuery):
        return _error(fmt, 400, query)
    index = _type_index()
    results = []
    for model in report_models():
        qs = _filtered(_visible(model), model, query)
        if qs is None:
            continue
        results += [_serialise(r, index, request) for r in qs.order_by("-created_at")[:MAX_RESULTS]]
    results.sort(key=lambda r: r["requested_datetime"], reverse=True)
    return _respond(fmt, "service_requests", "request", results[:MAX_RESULTS])


def _filtered(qs, model, query):
    """The model's reports matching the query; None when the query asks for other types."""
    if query.ids:
        return qs.filter(tracking_code__in=query.ids)
    if query.types:
        mine = [t for t in query.types if t.model == model._meta.label]
        if not mine:
            return None
        qs = qs.filter(**{f"{mine[0].field}__in": [t.value for t in mine]})
    if query.start:
        qs = qs.filter(created_at__gte=query.start)
    if query.end:
        qs = qs.filter(created_at__lte=query.end)
    if query.statuses == {"open"}:
        qs = qs.exclude(status__in=CLOSED)
    elif query.statuses == {"closed"}:
        qs = qs.filter(status__in=CLOSED)
    return qs


# The report's fields as the Open311 parameters that fill them: error messages name what
# the client sent (http://wiki.open311.org/GeoReport_v2#POST_Service_Request).
PARAMETER_OF_FIELD = {
    "description": "description",
    "latitude": "lat",
    "longitude": "long",
    "location_reference": "address_string",
    "parish": "address_string",
    "reporter_name": "first_name",
    "reporter_email": "email",
    "reporter_phone": "phone",
    "media_url": "media_url",
}


def _coordinate(value):
    number = Decimal(value.strip())
    if not number.is_finite():
        raise InvalidOperation
    return number.quantize(Decimal("0.000001"))


def _errors(fmt, exc, report_type):
    """A service's ValidationError in Open311's error format, fields named as parameters."""
    messages = []
    for field, errors in getattr(exc, "message_dict", {"": exc.messages}).items():
        if field == report_type.field:
            name = "service_code"
        else:
            name = PARAMETER_OF_FIELD.get(field, "" if field == "__all__" else field)
        messages += [f"{name}: {m}" if name else m for m in errors]
    return _respond(
        fmt, "errors", "error", [{"code": 400, "description": m} for m in messages], 400
    )


class _Refused(Exception):
    """A POST refused before anything is filed: args are the HTTP status and the message."""


def _post_request(request, fmt):
    try:
        report_type = _client_type(request.POST)
        fields = _report_fields(request.POST, report_type)
    except _Refused as exc:
        return _error(fmt, *exc.args)
    try:
        report = report_services.report_file(
            model=report_type.model_class(),
            fields=fields,
            ip=ratelimit.client_ip(request),
            source=Source.OPEN311,
        )
    except ValidationError as exc:
        return _errors(fmt, exc, report_type)
    body = [{"service_request_id": report.tracking_code, "service_notice": "", "account_id": None}]
    return _respond(fmt, "service_requests", "request", body, status=201)


def _client_type(data):
    """The report type asked for by an active client within its rate limit."""
    key = data.get("api_key", "")
    if not key or not Open311Client.objects.filter(api_key=key, is_active=True).exists():
        raise _Refused(403, _("api_key inválida o ausente."))
    if not ratelimit.hit(f"open311:{key}", 600, 3600):
        raise _Refused(429, _("Demasiadas solicitudes con esta api_key."))
    code = data.get("service_code", "")
    if code not in report_types:
        raise _Refused(404 if code else 400, _("service_code desconocido o ausente."))
    return report_types.get(code)


def _report_fields(data, report_type) -> dict:
    """The Open311 parameters as the report's fields."""
    lat, long = data.get("lat", "").strip(), data.get("long", "").strip()
    if not (lat and long) and not data.get("address_string"):
        raise _Refused(400, _("Indique lat y long, o address_string."))
    fields = dict(report_type.defaults or {})
    fields[report_type.field] = report_type.value
    fields["description"] = data.get("description", "")
    fields["location_reference"] = data.get("address_string", "")
    fields["media_url"] = data.get("media_url", "").strip()
    if lat and long:
        try:
            fields["latitude"], fields["longitude"] = _coordinate(lat), _coordinate(long)
        except InvalidOperation:
            raise _Refused(400, _("lat y long deben ser números.")) from None
    name = " ".join(p for p in [data.get("first_name", ""), data.get("last_name", "")] if p)
    email, phone = data.get("email", ""), data.get("phone", "")
    fields.update(reporter_name=name, reporter_email=email, reporter_phone=phone)
    fields["is_anonymous"] = not (name or email or phone)
    return fields


@csrf_exempt
def requests_view(request, fmt):
    if request.method == "POST":
        return _post_request(request, fmt)
    if request.method in ("GET", "HEAD"):
        return _list_requests(request, fmt)
    return _error(fmt, 405, _("Método no permitido."))


def request_detail(request, request_id, fmt):
    if not _CODE.match(request_id):
        return _error(fmt, 404, _("No existe esa solicitud."))
    index = _type_index()
    for model in report_models():
        report = _visible(model).filter(tracking_code=request_id).first()
        if report is not None:
            return _respond(
                fmt, "service_requests", "request", [_serialise(report, index, request)]
            )
    return _error(fmt, 404, _("No existe la solicitud %(id)s.") % {"id": request_id})


def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/")
    body = {
        "changeset": "2026-11-25T00:00:00-05:00",
        "contact": AGENCY,
        "key_service": _("Solicite una api_key al GAD Provincial (administración de Minga)."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-11-25T00:00:00-05:00",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    if fmt == "xml":
        root = ET.Element("discovery")
        for key in ("changeset", "contact", "key_service"):
            ET.SubElement(root, key).text = body[key]
        endpoints = ET.SubElement(root, "endpoints")
        endpoint = ET.SubElement(endpoints, "endpoint")
        for key in ("specification", "url", "changeset", "type"):
            ET.SubElement(endpoint, key).text = body["endpoints"][0][key]
        formats = ET.SubElement(endpoint, "formats")
        for f in body["endpoints"][0]["formats"]:
            ET.SubElement(formats, "format").text = f
        xml = '<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(root, encoding="unicode")
        return HttpResponse(xml, content_type="text/xml; charset=utf-8")
    return JsonResponse(body)
