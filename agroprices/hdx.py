"""The WFP/HDX food-prices file: WFP's columns in WFP's order, the HXL hashtag row second,
no byte-order mark (Python's csv, pandas and libhxl would read the first column as
'\\ufeffdate'), units under WFP's names where WFP has one."""

import csv

from django.http import StreamingHttpResponse

from core.exports import safe_text
from core.geo import public_coordinate

from .models import Market

COLUMNS = [
    "date",
    "admin1",
    "admin2",
    "market",
    "market_id",
    "latitude",
    "longitude",
    "category",
    "commodity",
    "commodity_id",
    "unit",
    "priceflag",
    "pricetype",
    "currency",
    "price",
    "usdprice",
]
HXL_TAGS = [
    "#date",
    "#adm1+name",
    "#adm2+name",
    "#loc+market+name",
    "#loc+market+code",
    "#geo+lat",
    "#geo+lon",
    "#item+type",
    "#item+name",
    "#item+code",
    "#item+unit",
    "#item+price+flag",
    "#item+price+type",
    "#currency+code",
    "#value",
    "#value+usd",
]
# Our unit codes (migration 0002 and the admin) -> the unit names WFP uses in its HDX files.
# A unit WFP has no name for (caja, saco, quintal of 100 lb) keeps its own name.
WFP_UNITS = {
    "kg": "KG",
    "100kg": "100 KG",
    "lb": "Pound",
    "unidad": "Unit",
    "l": "L",
    "litro": "L",
    "tonelada": "MT",
    "racimo": "Bunch",
    "docena": "Dozen",
}


# What each WFP row is made of, read with values_list (no personal field is among them).
VALUES = (
    "date",
    "market__parish__canton__province__name",
    "market__parish__canton__name",
    "market__name",
    "market_id",
    "market__kind",
    "market__latitude",
    "market__longitude",
    "product__category",
    "product__commodity",
    "product__variety",
    "product_id",
    "unit__code",
    "unit__name",
    "price_type__hdx_name",
    "price",
)


def wfp_row(values) -> tuple:
    """One VALUES tuple as a row in WFP's columns; farms at 2-decimal coordinates."""
    (
        day,
        admin1,
        admin2,
        name,
        market_id,
        kind,
        lat,
        lon,
        category,
        commodity,
        variety,
        product_id,
        unit_code,
        unit_name,
        price_type,
        price,
    ) = values
    if kind == Market.Kind.FARM:
        lat, lon = public_coordinate(lat), public_coordinate(lon)
    return (
        day,
        admin1,
        admin2,
        name,
        market_id,
        lat,
        lon,
        category,
        f"{commodity} ({variety})" if variety else commodity,
        product_id,
        WFP_UNITS.get(unit_code, unit_name),
        "actual",
        price_type,
        "USD",
        price,
        price,  # prices are quoted in US dollars, Ecuador's currency
    )


def rows(qs):
    """Published observations as WFP rows."""
    return (wfp_row(v) for v in qs.values_list(*VALUES).iterator(chunk_size=2000))


class _Echo:
    def write(self, value):
        return value


def response(qs, *, hxl=True, filename="agroprecios_hdx"):
    writer = csv.writer(_Echo(), lineterminator="\n")

    def stream():
        yield writer.writerow(COLUMNS)
        if hxl:
            yield writer.writerow(HXL_TAGS)
        for row in rows(qs):
            yield writer.writerow(
                [safe_text(v) if isinstance(v, str) else ("" if v is None else v) for v in row]
            )

    resp = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return resp
