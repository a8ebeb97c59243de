"""Open-data downloads in CSV, JSON and XLSX from one list of columns and rows.

CSV and JSON stream row by row (memory flat whatever the number of rows); XLSX is written
by openpyxl in write-only mode. The default CSV has no byte-order mark (Python's csv, pandas
and R read its first column right); the "csv-excel" variant adds one so spreadsheet
programs read accents right.
"""

import csv
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .text import writable

FORMATS = ("csv", "json", "xlsx")
EXCEL_CSV = "csv-excel"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    EXCEL_CSV: "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": XLSX_TYPE,
}


class _Echo:
    def write(self, value):
        return value


# Cells a spreadsheet would run as a formula (OWASP "CSV injection"): a text starting with one
# of these gets a leading apostrophe, which spreadsheets show as text and do not evaluate.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text as it may go into a CSV or XLSX cell: no illegal characters, no live formula."""
    value = writable(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _plain(value):
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _xlsx(value):
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _json(value):
    # JSON carries text as it is (no spreadsheet runs it); numbers as numbers, dates as ISO.
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and value.as_tuple().exponent >= 0
            else float(value)
        )
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def csv_chunks(columns: Sequence[str], rows: Iterable[Sequence], *, bom: bool = False):
    writer = csv.writer(_Echo())
    if bom:
        yield "\ufeff"
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow([_plain(v) for v in row])


def json_chunks(columns: Sequence[str], rows: Iterable[Sequence]):
    """A JSON array of objects, one row per chunk."""
    yield "["
    sep = "\n"
    for row in rows:
        obj = dict(zip(columns, (_json(v) for v in row), strict=True))
        yield sep + json.dumps(obj, ensure_ascii=False)
        sep = ",\n"
    yield "\n]\n"


def write_xlsx(columns: Sequence[str], rows: Iterable[Sequence], fileobj) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="datos")
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_xlsx(v) for v in row])
    book.save(fileobj)


def tabular_response(columns: Sequence[str], rows: Iterable[Sequence], fmt: str, filename: str):
    """rows: an iterable of sequences in the order of `columns` (a .values_list() works).

    CSV and JSON stream, so a large download never sits in memory whole.
    """
    fmt = (fmt or "csv").lower()
    if fmt in ("csv", EXCEL_CSV):
        response = StreamingHttpResponse(
            csv_chunks(columns, rows, bom=fmt == EXCEL_CSV), content_type=CONTENT_TYPES["csv"]
        )
        ext = "csv"
    elif fmt == "json":
        response = StreamingHttpResponse(
            json_chunks(columns, rows), content_type=CONTENT_TYPES["json"]
        )
        ext = "json"
    elif fmt == "xlsx":
        response = HttpResponse(content_type=XLSX_TYPE)
        write_xlsx(columns, rows, response)
        ext = "xlsx"
    else:
        return HttpResponse(
            _("Formato no disponible: use csv, json o xlsx."), status=400, content_type="text/plain"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{ext}"'
    return response
