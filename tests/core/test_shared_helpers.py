import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core import codes, ratelimit
from core.exports import tabular_response


def test_tracking_codes_avoid_ambiguous_characters_and_do_not_repeat():
    issued = {codes.new_tracking_code("DA") for _ in range(2000)}
    assert len(issued) == 2000
    for code in issued:
        assert code.startswith("DA-")
        assert not set(code[3:].replace("-", "")) & set("0O1IL5S2Z8B")


def test_tracking_code_typed_loosely_is_normalised():
    assert codes.normalise_tracking_code(" da 7kq4mx9d ") == "DA-7KQ4-MX9D"


def test_rate_limit_refuses_past_the_limit():
    assert all(ratelimit.hit("test:ip", 3, 60) for _ in range(3))
    assert not ratelimit.hit("test:ip", 3, 60)
    assert ratelimit.hit("test:other-ip", 3, 60)


COLUMNS = ["fecha", "producto", "precio"]
ROWS = [(date(2025, 1, 6), "Cacao", Decimal("205.50")), (date(2025, 1, 6), "Piña", Decimal("1.2"))]


def test_csv_export_reads_back_with_accents_and_exact_decimals():
    response = tabular_response(COLUMNS, ROWS, "csv", "precios")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[1] == {"fecha": "2025-01-06", "producto": "Piña", "precio": "1.2"}
    assert response["Content-Disposition"] == 'attachment; filename="precios.csv"'


def test_json_and_xlsx_exports_carry_the_same_rows():
    data = json.loads(b"".join(tabular_response(COLUMNS, ROWS, "json", "p").streaming_content))
    assert data[0]["precio"] == 205.5  # a JSON number, not a string
    sheet = load_workbook(io.BytesIO(tabular_response(COLUMNS, ROWS, "xlsx", "p").content)).active
    values = list(sheet.values)
    assert values[0] == tuple(COLUMNS)
    assert values[2][1] == "Piña"


def test_unknown_export_format_is_a_400():
    assert tabular_response(COLUMNS, ROWS, "pdf", "p").status_code == 400


@pytest.mark.parametrize("value", [0, 50, 100])
def test_progress_tag_renders_an_accessible_bar(value):
    from django.template import Context, Template

    html = Template("{% load minga %}{% progress v 'Avance' %}").render(Context({"v": value}))
    assert f'aria-valuenow="{value}"' in html
    assert 'role="progressbar"' in html
