"""The WFP/HDX price file is a drop-in for tools that read HDX food-price files."""

import csv
import io

import hxl
import pandas
import pytest
from django.urls import reverse

from agroprices.hdx import COLUMNS, HXL_TAGS

from .test_exports import prices  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("prices")]


def body(client, name="agroprices:export-hdx"):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_hdx_file_has_no_byte_order_mark_and_python_csv_reads_date_first(client):
    raw = body(client)
    assert not raw.startswith(b"\xef\xbb\xbf")
    reader = csv.reader(io.StringIO(raw.decode("utf-8")))
    assert next(reader)[0] == "date"
    assert next(reader) == HXL_TAGS


def test_libhxl_finds_the_tags_and_reads_every_published_price(client):
    source = hxl.data(io.BytesIO(body(client)))
    assert [str(c) for c in source.columns][:3] == ["#date", "#adm1+name", "#adm2+name"]
    rows = list(source)
    assert len(rows) == 3  # the pending price is not published
    assert {row.get("#item+unit") for row in rows} == {"Bunch", "saco"}
    assert sorted(float(row.get("#value+usd")) for row in rows) == [3.5, 4.1, 12.0]
    assert {row.get("#currency+code") for row in rows} == {"USD"}


def test_pandas_reads_the_hxl_file_skipping_the_tag_row_and_the_plain_file_as_is(client):
    tagged = pandas.read_csv(io.BytesIO(body(client)), skiprows=[1])
    plain = pandas.read_csv(io.BytesIO(body(client, "agroprices:export-hdx-plain")))
    assert list(tagged.columns) == COLUMNS == list(plain.columns)
    assert len(plain) == 3 and plain["usdprice"].dtype.kind == "f"
    assert plain["market_id"].dtype.kind == "i" and plain["commodity_id"].dtype.kind == "i"
    farm = plain[plain["market"] == "Finca La Esperanza"].iloc[0]
    assert (farm["latitude"], farm["longitude"]) == (-0.38, -79.38)


def test_the_plain_variant_has_no_hashtag_row(client):
    lines = body(client, "agroprices:export-hdx-plain").decode().splitlines()
    assert lines[0].split(",") == COLUMNS
    assert not any(line.startswith("#") for line in lines)
