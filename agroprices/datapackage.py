"""Frictionless Data Package descriptor for the WFP/HDX-layout price CSV (the plain variant:
a typed reader would take the HXL hashtag row for a row of data)."""

from core.datasets import table_schema
from core.registry import datasets


def descriptor(csv_url: str) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "agroprecios-santo-domingo",
        "title": "Precios agrícolas de Santo Domingo de los Tsáchilas",
        "description": (
            "Precios validados de productos agrícolas por mercado y fecha, recogidos con "
            "productores y técnicos de la Prefectura, con las columnas de los conjuntos de "
            "precios de alimentos del WFP publicados en HDX."
        ),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": [
            {
                "name": "agroprecios-hdx",
                "path": csv_url,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                # The columns as the dataset registry declares them (agroprices/open_data.py).
                "schema": table_schema(datasets.get("agroprices.observations_hdx")),
            }
        ],
    }
