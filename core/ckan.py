"""A read-only CKAN Action API (v3) over the dataset registry.

Why: national portals and harvesters (CKAN's own harvester, `ckanapi`, data-journalism tools)
speak CKAN. Minga answers the read actions they use, in CKAN's envelope, from the same
declarations as the downloads: a dataset is a package, each download a resource, and
`datastore_search` reads the same public columns and rows as the CSV (so nothing private can
appear here that the CSV does not show).

    package_list, package_show, package_search (q, rows, start, fq), organization_list,
    resource_show, datastore_search (resource_id, filters, q, fields, limit, offset),
    status_show

Errors follow CKAN: `{"success": false, "error": {"__type": "Not Found Error", ...}}` (404)
and `{"__type": "Validation Error", "<field>": ["..."]}` (409), which ckanapi raises as
NotFound and ValidationError.
"""

from __future__ import annotations

import json

from django.utils.text import slugify

from .dcat import MEDIA_TYPES, _download, _iso
from .exports import _json
from .registry import datasets

CKAN_TYPES = {
    "string": "text",
    "integer": "int",
    "number": "numeric",
    "date": "date",
    "datetime": "timestamp",
    "boolean": "bool",
}
MAX_ROWS = 1000  # package_search rows and datastore_search limit, as CKAN's defaults cap them
DATASTORE_LIMIT = 100
SEARCH_ROWS = 10
FQ_KEYS = ("organization", "tags", "groups", "res_format")


class NotFound(Exception):
    pass


class Invalid(Exception):
    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _natural(params, name, default, maximum) -> int:
    raw = params.get(name, default)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError, OverflowError):
        raise Invalid({name: ["Invalid integer"]}) from None
    if value < 0:
        raise Invalid({name: ["Must be a natural number"]})
    return min(value, maximum)


def _organization(ds) -> dict:
    title = str(ds.publisher)
    name = slugify(title)[:100] or "minga"
    return {
        "id": name,
        "name": name,
        "title": title,
        "display_name": title,
        "type": "organization",
        "state": "active",
        "is_organization": True,
        "description": "",
    }


def _datasets():
    return [ds for ds in datasets if ds.columns]


def _resource_id(ds, fmt) -> str:
    return f"{ds.slug}-{fmt}"


def _resource(ds, fmt, absolute, modified) -> dict:
    return {
        "id": _resource_id(ds, fmt),
        "package_id": ds.key,
        "name": f"{ds.title} ({fmt.upper()})",
        "description": str(ds.description),
        "format": fmt.upper(),
        "mimetype": MEDIA_TYPES[fmt],
        "url": absolute(_download(ds, fmt)),
        "url_type": None,
        "state": "active",
        # Every format carries the same rows: datastore_search reads any of their ids.
        "datastore_active": True,
        "last_modified": modified,
    }


def _package(ds, absolute) -> dict:
    modified = _iso(ds.last_modified())
    tags = [{"name": str(k), "display_name": str(k), "state": "active"} for k in ds.keywords]
    theme = str(ds.theme)
    resources = [_resource(ds, fmt, absolute, modified) for fmt in ds.formats if fmt in MEDIA_TYPES]
    return {
        "id": ds.key,
        "name": ds.slug,
        "title": str(ds.title),
        "notes": str(ds.description),
        "type": "dataset",
        "state": "active",
        "private": False,
        "url": absolute(ds.page_url()),
        "license_id": "cc-by",
        "license_title": "Creative Commons Attribution 4.0",
        "license_url": ds.license,
        "organization": _organization(ds),
        "owner_org": _organization(ds)["id"],
        "metadata_modified": modified,
        "tags": tags,
        "num_tags": len(tags),
        "groups": [{"name": slugify(theme), "title": theme}] if theme else [],
        "extras": [
            {"key": "frequency", "value": ds.frequency},
            {"key": "spatial_text", "value": str(ds.spatial)},
            {"key": "datapackage", "value": absolute(ds.datapackage_url())},
        ],
        "resources": resources,
        "num_resources": len(resources),
    }


def _find(identifier: str):
    for ds in _datasets():
        if identifier in (ds.key, ds.slug):
            return ds
    raise NotFound(f'Not found: Dataset "{identifier[:100]}" was not found')


def _find_resource(identifier: str):
    for ds in _datasets():
        for fmt in ds.formats:
            if identifier == _resource_id(ds, fmt):
                return ds, fmt
    raise NotFound(f'Not found: Resource "{identifier[:100]}" was not found.')


def _required(params, name) -> str:
    value = params.get(name)
    if not isinstance(value, str) or not value.strip():
        raise Invalid({name: ["Missing value"]})
    return value.strip()


# Actions: (params, absolute) -> result


def package_list(params, absolute):
    limit = _natural(params, "limit", MAX_ROWS, MAX_ROWS)
    offset = _natural(params, "offset", 0, 10**9)
    return [ds.slug for ds in _datasets()][offset : offset + limit]


def package_show(params, absolute):
    return _package(_find(_required(params, "id")), absolute)


def organization_list(params, absolute):
    organizations = {}
    for ds in _datasets():
        org = _organization(ds)
        entry = organizations.setdefault(org["name"], {**org, "package_count": 0})
        entry["package_count"] += 1
    if str(params.get("all_fields", "")).lower() in ("true", "1"):
        return list(organizations.values())
    return list(organizations)


def _matches_fq(package, fq: str) -> bool:
    for clause in fq.split():
        key, sep, value = clause.partition(":")
        value = value.strip('"')
        if not sep or key not in FQ_KEYS:
            raise Invalid({"fq": [f"Use {', '.join(k + ':<value>' for k in FQ_KEYS)}"]})
        found = {
            "organization": {package["organization"]["name"]},
            "tags": {t["name"] for t in package["tags"]},
            "groups": {g["name"] for g in package["groups"]},
            "res_format": {r["format"] for r in package["resources"]},
        }[key]
        if value not in found:
            return False
    return True


def package_search(params, absolute):
    rows = _natural(params, "rows", SEARCH_ROWS, MAX_ROWS)
    start = _natural(params, "start", 0, 10**9)
    q = _text(params.get("q")).strip()
    fq = _text(params.get("fq")).strip()
    words = [] if q in ("", "*:*") else q.lower().split()
    found = []
    for ds in _datasets():
        haystack = " ".join(
            [ds.key, ds.slug, str(ds.title), str(ds.description), str(ds.theme)]
            + [str(k) for k in ds.keywords]
        ).lower()
        if all(word in haystack for word in words):
            package = _package(ds, absolute)
            if not fq or _matches_fq(package, fq):
                found.append(package)
    return {
        "count": len(found),
        "results": found[start : start + rows],
        "sort": "score desc, metadata_modified desc",
        "facets": {},
        "search_facets": {},
    }


def resource_show(params, absolute):
    ds, fmt = _find_resource(_required(params, "id"))
    return _resource(ds, fmt, absolute, _iso(ds.last_modified()))


def _as_dict(params, name):
    value = params.get(name)
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise Invalid({name: ["Cannot parse JSON"]}) from None
    if not isinstance(value, dict):
        raise Invalid({name: ["Not a JSON object"]})
    return value


def _field_list(params, columns) -> list[str]:
    value = params.get("fields")
    if value in (None, ""):
        return list(columns)
    names = value if isinstance(value, list) else _text(value).split(",")
    names = [str(n).strip() for n in names if str(n).strip()]
    unknown = [n for n in names if n not in columns]
    if unknown:
        raise Invalid({"fields": [f"field '{unknown[0][:100]}' not in resource"]})
    return names


def _row_filter(filters, q, columns):
    """A predicate on a public row (as JSON values) for `filters` and `q`."""
    wanted = {}
    for name, value in filters.items():
        if name not in columns:
            raise Invalid({"filters": [f"field '{str(name)[:100]}' not in resource"]})
        values = value if isinstance(value, list) else [value]
        wanted[columns.index(name)] = {str(v) for v in values}
    if isinstance(q, dict):
        field_q = {}
        for name, text in q.items():
            if name not in columns:
                raise Invalid({"q": [f"field '{str(name)[:100]}' not in resource"]})
            field_q[columns.index(name)] = str(text).lower()
        text_q = ""
    else:
        field_q, text_q = {}, _text(q).strip().lower()

    def keep(row) -> bool:
        if any(str(row[i]) not in accepted for i, accepted in wanted.items()):
            return False
        if any(text not in str(row[i]).lower() for i, text in field_q.items()):
            return False
        return not text_q or any(text_q in str(v).lower() for v in row if v is not None)

    return keep


def _page_in_database(ds, offset, limit):
    """(total, rows): a page costs the same however many rows there are."""
    qs = ds.queryset()
    page = [tuple(r) for r in qs[offset : offset + limit]]
    if ds.transform:
        page = [tuple(ds.transform(r)) for r in page]
    return qs.count(), [[_json(v) for v in row] for row in page]


def _page_scanned(ds, keep, offset, limit):
    """(total, rows) of the public rows `keep` accepts, read once with flat memory."""
    total, page = 0, []
    for row in ds.iter_rows():
        row = [_json(v) for v in row]
        if keep(row):
            if offset <= total < offset + limit:
                page.append(row)
            total += 1
    return total, page


def datastore_search(params, absolute):
    ds, _fmt = _find_resource(_required(params, "resource_id"))
    columns = ds.column_names
    limit = _natural(params, "limit", DATASTORE_LIMIT, MAX_ROWS)
    offset = _natural(params, "offset", 0, 10**9)
    filters = _as_dict(params, "filters")
    q = params.get("q")
    if q is not None and not isinstance(q, str | dict):
        raise Invalid({"q": ["Must be a string or a JSON object"]})
    names = _field_list(params, columns)
    if not filters and not q and ds.queryset() is not None:
        total, page = _page_in_database(ds, offset, limit)
    else:
        total, page = _page_scanned(ds, _row_filter(filters, q or "", columns), offset, limit)
    index = [columns.index(n) for n in names]
    records = [
        {"_id": offset + i + 1, **{columns[j]: row[j] for j in index}} for i, row in enumerate(page)
    ]
    by_name = {c.name: c for c in ds.columns}
    start_link = f"/api/3/action/datastore_search?resource_id={_resource_id(ds, 'csv')}"
    return {
        "resource_id": params["resource_id"],
        "fields": [{"id": "_id", "type": "int"}]
        + [
            {
                "id": n,
                "type": CKAN_TYPES[by_name[n].type],
                "info": {"label": n, "notes": str(by_name[n].description)},
            }
            for n in names
        ],
        "records": records,
        "total": total,
        "total_was_estimated": False,
        "limit": limit,
        "offset": offset,
        "_links": {
            "start": start_link,
            "next": f"{start_link}&offset={offset + limit}&limit={limit}",
        },
    }


def status_show(params, absolute):
    return {
        "site_title": "Minga",
        "site_url": absolute("/").rstrip("/"),
        "site_description": "Portal de gobierno abierto",
        "ckan_version": "2.10.0",
        "api_version": 3,
        "locale_default": "es",
        "extensions": ["datastore"],
    }


ACTIONS = {
    f.__name__: f
    for f in (
        package_list,
        package_show,
        package_search,
        organization_list,
        resource_show,
        datastore_search,
        status_show,
    )
}
