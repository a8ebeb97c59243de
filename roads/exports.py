"""Downloads of the (filtered) branch table and the interventions. No personal data here."""

import json

from django.http import StreamingHttpResponse

from core.exports import tabular_response

from .imports import BRANCH_COLUMNS, INTERVENTION_COLUMNS
from .models import Intervention
from .selectors import DashboardFilters, branch_q, branches

BRANCH_FIELDS = [
    "code",
    "name",
    "canton__code",
    "parish__code",
    "sector",
    "zone",
    "community__code",
    "planning_zone__code",
    "length_km",
    "surface",
    "condition",
    "need_level",
    "last_maintenance_year",
    "geometry",
]
INTERVENTION_FIELDS = [
    "branch__code",
    "start_date",
    "end_date",
    "kind",
    "km_worked",
    "crew",
    "contractor",
    "cost",
    "notes",
]


def branch_rows(filters: DashboardFilters):
    for row in branches(filters).order_by("code").values_list(*BRANCH_FIELDS).iterator(2000):
        *rest, geometry = row
        yield [("" if v is None else v) for v in rest] + [json.dumps(geometry) if geometry else ""]


def branches_response(filters: DashboardFilters, fmt: str):
    if fmt == "geojson":
        return geojson_response(filters)
    return tabular_response(BRANCH_COLUMNS, branch_rows(filters), fmt, "ramales")


def geojson_response(filters: DashboardFilters):
    fields = ["code", "name", "parish__name", "length_km", "need_level", "last_maintenance_year"]
    rows = branches(filters).order_by("code").values_list(*fields, "geometry").iterator(2000)

    def stream():
        yield '{"type": "FeatureCollection", "features": ['
        for i, (code, name, parish, km, need, year, geometry) in enumerate(rows):
            feature = {
                "type": "Feature",
                "id": code,
                "geometry": geometry,
                "properties": {
                    "codigo": code,
                    "nombre": name,
                    "parroquia": parish,
                    "extension_km": str(km),
                    "necesidad": need,
                    "ultimo_mantenimiento": year,
                },
            }
            yield ("," if i else "") + json.dumps(feature, ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(stream(), content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ramales.geojson"'
    return response


def interventions_response(filters: DashboardFilters, fmt: str):
    rows = (
        Intervention.objects.filter(branch_q(filters, "branch__"), end_date__range=filters.period)
        .order_by("branch__code", "end_date", "pk")
        .values_list(*INTERVENTION_FIELDS)
        .iterator(2000)
    )
    cleaned = ([("" if v is None else v) for v in row] for row in rows)
    return tabular_response(INTERVENTION_COLUMNS, cleaned, fmt, "intervenciones")
