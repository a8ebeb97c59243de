"""Open-data downloads in CSV, JSON and XLSX from one list of columns and rows."""

import csv
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMATS = ("csv", "json", "xlsx")


class _Echo:
    def write(self, value):
        return value


# Cells a spreadsheet would run as a formula (OWASP "CSV injection"): a text starting with one
# of these gets a leading apostrophe, which spreadsheets show as text and do not evaluate.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What XML (so XLSX) cannot carry: C0 controls but tab, newline and carriage return.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(value: str) -> str:
    """Text as it may go into a CSV or XLSX cell: no illegal characters, no live formula."""
    value = _ILLEGAL.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _plain(value):
    if isinstance(value, str):
        return safe_text(value)
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
    # JSON carries text as it is (no spreadsheet runs it); dates and decimals as strings.
    return value if isinstance(value, str) else _plain(value)


def tabular_response(columns: Sequence[str], rows: Iterable[Sequence], fmt: str, filename: str):
    """rows: an iterable of sequences in the order of `columns` (a .values_list() works).

    CSV streams, so a large download never sits in memory whole.
    """
    fmt = (fmt or "csv").lower()
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def stream():
            yield "\ufeff"  # so spreadsheet programs read the accents right
            yield writer.writerow(columns)
            for row in rows:
                yield writer.writerow([_plain(v) for v in row])

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        data = [dict(zip(columns, (_json(v) for v in row), strict=True)) for row in rows]
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False), content_type="application/json; charset=utf-8"
        )
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title="datos")
        sheet.append(list(columns))
        for row in rows:
            sheet.append([_xlsx(v) for v in row])
        response = HttpResponse(
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        book.save(response)
    else:
        return HttpResponse(
            _("Formato no disponible: use csv, json o xlsx."), status=400, content_type="text/plain"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
