"""The DCAT-AP 3 catalogue of every registered dataset, as JSON-LD (built here) and Turtle
(rdflib re-serialises the same graph, so both always say the same)."""

from django.urls import reverse
from django.utils import timezone

from .registry import datasets

MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
IANA = "http://www.iana.org/assignments/media-types/"
EU_FREQ = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES = {
    "daily": "DAILY",
    "weekly": "WEEKLY",
    "monthly": "MONTHLY",
    "quarterly": "QUARTERLY",
    "annual": "ANNUAL",
    "irregular": "IRREG",
}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:downloadURL": {"@type": "@id"},
    "dcat:landingPage": {"@type": "@id"},
    "dct:license": {"@type": "@id"},
    "dcat:mediaType": {"@type": "@id"},
    "dct:accrualPeriodicity": {"@type": "@id"},
    "dct:conformsTo": {"@type": "@id"},
}


def _iso(value):
    if value is None:
        return None
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return value.isoformat()


def _download(ds, fmt):
    if ds.columns and fmt != "geojson":  # as the /datos/ page links them
        return ds.download_url(fmt)
    return f"{reverse(ds.url_name)}?format={fmt}"


def catalogue(absolute) -> dict:
    """absolute: path -> absolute URL (request.build_absolute_uri)."""
    publisher = {"@type": "foaf:Agent", "foaf:name": "Gobierno Autónomo Descentralizado Provincial"}
    entries = []
    for ds in datasets:
        page = absolute(ds.page_url())
        modified = _iso(ds.last_modified())
        entry = {
            "@id": page + "#dataset",
            "@type": "dcat:Dataset",
            "dct:identifier": ds.key,
            "dct:title": str(ds.title),
            "dct:description": str(ds.description),
            "dcat:landingPage": page,
            "dct:publisher": {"@type": "foaf:Agent", "foaf:name": str(ds.publisher)},
            "dct:license": ds.license,
            "dct:spatial": {"@type": "dct:Location", "dct:title": str(ds.spatial)},
            "dct:accrualPeriodicity": EU_FREQ + FREQUENCIES.get(ds.frequency, "IRREG"),
            "dcat:keyword": [str(k) for k in ds.keywords],
            "dcat:distribution": [
                {
                    "@id": f"{page}#{fmt}",
                    "@type": "dcat:Distribution",
                    "dct:title": f"{ds.title} ({fmt.upper()})",
                    "dcat:accessURL": page,
                    "dcat:downloadURL": absolute(_download(ds, fmt)),
                    "dcat:mediaType": IANA + MEDIA_TYPES[fmt],
                    "dct:format": fmt.upper(),
                    "dct:license": ds.license,
                    **({"dct:modified": modified} if modified else {}),
                }
                for fmt in ds.formats
                if fmt in MEDIA_TYPES
            ],
        }
        if ds.theme:
            entry["dcat:theme"] = {"@type": "skos:Concept", "skos:prefLabel": str(ds.theme)}
        if modified:
            entry["dct:modified"] = modified
        entries.append(entry)
    return {
        "@context": {**CONTEXT, "skos": "http://www.w3.org/2004/02/skos/core#"},
        "@id": absolute(reverse("core:open-data")) + "#catalogue",
        "@type": "dcat:Catalog",
        "dct:title": "Minga · Datos abiertos",
        "dct:description": "Conjuntos de datos abiertos del portal de gobierno abierto Minga.",
        "dct:publisher": publisher,
        "dct:license": "https://creativecommons.org/licenses/by/4.0/",
        "dct:conformsTo": "https://semiceu.github.io/DCAT-AP/releases/3.0.0/",
        "dcat:dataset": entries,
    }


def turtle(document: dict) -> str:
    import json

    from rdflib import Graph

    graph = Graph()
    graph.parse(data=json.dumps(document), format="json-ld")
    graph.bind("dcat", "http://www.w3.org/ns/dcat#")
    graph.bind("dct", "http://purl.org/dc/terms/")
    return graph.serialize(format="turtle")
