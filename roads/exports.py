"""Downloads of the (filtered) branch table and the interventions. No personal data here."""

import json

from django.db.models import Q
from django.http import StreamingHttpResponse

from core.exports import tabular_response

from .selectors import DashboardFilters, branch_q, branches


def _dataset(key):
    from core.registry import datasets

    return datasets.get(key)


def branches_response(filters: DashboardFilters, fmt: str):
    if fmt == "geojson":
        return geojson_response(filters)
    ds = _dataset("roads.branches")
    rows = ds.iter_rows(where=branch_q(filters))
    return tabular_response(ds.column_names, rows, fmt, "ramales")


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
    ds = _dataset("roads.interventions")
    where = branch_q(filters, "branch__") & Q(end_date__range=filters.period)
    return tabular_response(ds.column_names, ds.iter_rows(where=where), fmt, "intervenciones")
