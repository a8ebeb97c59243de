"""Frictionless Data Package descriptor for the WFP/HDX-layout price CSV (the plain variant:
a typed reader would take the HXL hashtag row for a row of data)."""

FIELDS = {
    "date": ("date", "Fecha de la observación (AAAA-MM-DD)."),
    "admin1": ("string", "Provincia."),
    "admin2": ("string", "Cantón."),
    "market": ("string", "Mercado, feria, centro de acopio o finca."),
    "market_id": ("integer", "Identificador numérico del mercado."),
    "latitude": ("number", "Latitud (WGS84); fincas redondeadas a 2 decimales."),
    "longitude": ("number", "Longitud (WGS84); fincas redondeadas a 2 decimales."),
    "category": ("string", "Categoría WFP del producto."),
    "commodity": ("string", "Producto (variedad)."),
    "commodity_id": ("integer", "Identificador numérico del producto."),
    "unit": ("string", "Unidad en que se cotizó el precio (nombre WFP si existe: KG, Unit...)."),
    "priceflag": ("string", "actual: precio observado."),
    "pricetype": ("string", "Farm Gate, Wholesale o Retail."),
    "currency": ("string", "Moneda (USD)."),
    "price": ("number", "Precio por unidad en la moneda indicada."),
    "usdprice": ("number", "Precio en dólares de EE. UU."),
}


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
                "schema": {
                    "fields": [
                        {"name": name, "type": kind, "description": text}
                        for name, (kind, text) in FIELDS.items()
                    ],
                    "missingValues": [""],
                },
            }
        ],
    }
