"""The fast import path for price files (CSV or XLSX), run by `tasks.import_prices`.

One streaming pass validates every row against reference data held in dicts (no query per
row), a single query finds duplicates against the database, and PostgreSQL COPY writes the
rows inside one transaction: the whole file or nothing (unless the job skips invalid rows).
Progress is written outside that transaction so the admin page can show it while it runs.
"""

import csv
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from operator import itemgetter
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import imports
from core.signals import announce_data_changed

from .models import ImportJob, Market, PriceObservation, PriceType, Product, ProductUnit, Unit

COLUMNS = ["date", "product", "market", "unit", "price_type", "price", "price_min", "price_max"]
REQUIRED = ["date", "product", "market", "unit", "price_type", "price"]
PROGRESS_EVERY = 5000
COPY_BATCH = 20000  # lines per write to the COPY stream (about 1 MB)
CENT = Decimal("0.01")
FOUR = Decimal("0.0001")
NULL = "\\N"
PRICE_LIMIT = Decimal("100000000")  # max_digits=10, decimal_places=2


class RowError(Exception):
    pass


@dataclass
class Reference:
    """Slugs and codes to ids, loaded once per import."""

    products: dict = field(default_factory=dict)  # slug -> (id, standard unit id)
    markets: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    price_types: dict = field(default_factory=dict)  # code -> code (the column holds the code)
    factors: dict = field(default_factory=dict)  # (product id, unit id) -> Decimal
    # Parsed text of dates and prices: a price file repeats a few hundred of each.
    dates: dict = field(default_factory=dict)
    prices: dict = field(default_factory=dict)

    @classmethod
    def load(cls):
        ref = cls(
            products={
                s: (i, u)
                for s, i, u in Product.objects.values_list("slug", "id", "standard_unit_id")
            },
            markets=dict(Market.objects.values_list("slug", "id")),
            units=dict(Unit.objects.values_list("code", "id")),
            price_types={c: c for c in PriceType.objects.values_list("code", flat=True)},
        )
        for pid, uid, factor in ProductUnit.objects.values_list("product_id", "unit_id", "factor"):
            ref.factors[(pid, uid)] = factor
        for pid, uid in ref.products.values():
            ref.factors[(pid, uid)] = Decimal(1)
        return ref


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    try:
        if "/" in text:
            day, month, year = text.split("/")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RowError(
            _("fecha no válida: «%(value)s» (use AAAA-MM-DD)") % {"value": text}
        ) from None


PRICE = gettext_noop("precio")
PRICE_MIN = gettext_noop("precio mínimo")
PRICE_MAX = gettext_noop("precio máximo")


def parse_price(value, label, required=True) -> Decimal | None:
    text = str(value if value is not None else "").strip()
    if not text:
        if required:
            label = _(label)
            raise RowError(_("falta el %(label)s") % {"label": label})
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        price = Decimal(text).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        label = _(label)
        raise RowError(
            _("%(label)s no es un número: «%(value)s»") % {"label": label, "value": text}
        ) from None
    if not price.is_finite() or price <= 0:
        raise RowError(_("%(label)s debe ser mayor que cero") % {"label": _(label)})
    if price >= PRICE_LIMIT:
        raise RowError(_("%(label)s demasiado alto") % {"label": _(label)})
    return price


CACHE_LIMIT = 20000
UNKNOWN_PRODUCT = gettext_noop("producto desconocido: «%(value)s»")
UNKNOWN_MARKET = gettext_noop("mercado desconocido: «%(value)s»")
UNKNOWN_UNIT = gettext_noop("unidad desconocida: «%(value)s»")
UNKNOWN_PRICE_TYPE = gettext_noop("tipo de precio desconocido: «%(value)s»")


def _remember(cache, value, parsed):
    # Text only: a spreadsheet's True would otherwise hit the entry for 1.
    if type(value) is str and len(cache) < CACHE_LIMIT:
        cache[value] = parsed
    return parsed


def _price(ref, value, label, required=True):
    price = ref.prices.get(value)
    if price is None:
        price = parse_price(value, label, required)
        if price is not None:
            _remember(ref.prices, value, price)
    return price


def _lookup(mapping, value, message):
    key = str(value or "").strip()
    try:
        return mapping[key]
    except KeyError:
        # gettext only on the error path: it costs more than the whole row's parsing
        raise RowError(_(message) % {"value": key}) from None


def parse_row(raw, ref: Reference, today: date) -> tuple:
    """Raw values in COLUMNS order to the tuple the COPY writes; RowError with the reason."""
    raw_date, raw_product, raw_market, raw_unit, raw_type, raw_price, raw_min, raw_max = raw
    # Exact keys first; _lookup strips spaces and raises with the reason.
    product_id, _standard = ref.products.get(raw_product) or _lookup(
        ref.products, raw_product, UNKNOWN_PRODUCT
    )
    market_id = ref.markets.get(raw_market) or _lookup(ref.markets, raw_market, UNKNOWN_MARKET)
    unit_id = ref.units.get(raw_unit) or _lookup(ref.units, raw_unit, UNKNOWN_UNIT)
    price_type_id = ref.price_types.get(raw_type) or _lookup(
        ref.price_types, raw_type, UNKNOWN_PRICE_TYPE
    )
    factor = ref.factors.get((product_id, unit_id))
    if factor is None:
        raise RowError(
            _("la unidad «%(unit)s» no está permitida para «%(product)s»")
            % {"unit": raw_unit, "product": raw_product}
        )
    day = ref.dates.get(raw_date) or _remember(ref.dates, raw_date, parse_date(raw_date))
    if day > today:
        raise RowError(_("fecha en el futuro: %(date)s") % {"date": day.isoformat()})
    price = _price(ref, raw_price, PRICE)
    low = None if raw_min == "" else _price(ref, raw_min, PRICE_MIN, required=False)
    high = None if raw_max == "" else _price(ref, raw_max, PRICE_MAX, required=False)
    if low is not None and low > price:
        raise RowError(_("el precio mínimo es mayor que el precio"))
    if high is not None and high < price:
        raise RowError(_("el precio máximo es menor que el precio"))
    standard = price if factor == 1 else (price / factor).quantize(FOUR, rounding=ROUND_HALF_UP)
    return (day, product_id, market_id, unit_id, price_type_id, price, low, high, standard)


def _ordered(header):
    """A getter that puts a row's values in COLUMNS order; absent optional columns read ""."""
    blank = len(header)
    positions = [header.index(c) if c in header else blank for c in COLUMNS]
    getter = itemgetter(*positions)
    return lambda values: getter([*values, ""] if len(values) == blank else _pad(values, blank))


def _pad(values, width):
    values = list(values)[:width]
    return values + [""] * (width - len(values) + 1)


@contextmanager
def _sheet(path: Path):
    """(header, row iterator) of a CSV or XLSX file, within core.imports' size limits."""
    with imports.open_table(path) as (header, rows):
        yield [str(h).strip().lower() for h in header], rows


def read_rows(path: Path):
    """Yields (line number, values in COLUMNS order); line 1 is the header."""
    with _sheet(path) as (header, rows):
        ordered = _ordered(header)
        for line, values in rows:
            yield line, ordered(values)


def count_rows(path: Path) -> int:
    if path.suffix.lower() == ".xlsx":
        return sum(1 for _ in read_rows(path))
    with open(path, "rb") as handle:
        return max(sum(1 for line in handle if line.strip()) - 1, 0)


def missing_columns(path: Path) -> list[str]:
    with _sheet(path) as (header, _rows):
        return [c for c in REQUIRED if c not in header]


FIELDS = [
    "date",
    "product_id",
    "market_id",
    "unit_id",
    "price_type_id",
    "price",
    "price_min",
    "price_max",
    "standard_price",
]
COPY_COLUMNS = ", ".join(
    [*FIELDS, "status", "flags", "rejection_reason", "source", "import_job_id", "created_at"]
)


def copy_rows(rows, job_id):
    """PostgreSQL COPY: one round trip for the whole file; bulk_create elsewhere (SQLite)."""
    status, source = PriceObservation.Status.VALIDATED, PriceObservation.Source.IMPORT
    now = timezone.now()
    if connection.vendor != "postgresql":
        PriceObservation.objects.bulk_create(
            (
                PriceObservation(
                    **dict(zip(FIELDS, row, strict=True)),
                    status=status,
                    source=source,
                    import_job_id=job_id,
                )
                for row in rows
            ),
            batch_size=2000,
        )
        return
    # Text-format lines built here: every value is an int, a date or a Decimal (nothing to
    # escape), and this is several times faster than psycopg adapting each row.
    tail = f"\t{status}\t[]\t\t{source}\t{job_id if job_id else NULL}\t{now.isoformat()}\n"
    sql = f"COPY {PriceObservation._meta.db_table} ({COPY_COLUMNS}) FROM STDIN"
    # wrap_database_errors: the raw psycopg cursor raises psycopg errors, not Django's.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        batch = []
        for day, product, market, unit, ptype, price, low, high, standard in rows:
            batch.append(
                f"{day}\t{product}\t{market}\t{unit}\t{ptype}\t{price}\t"
                f"{NULL if low is None else low}\t{NULL if high is None else high}\t"
                f"{standard}{tail}"
            )
            if len(batch) == COPY_BATCH:
                copy.write("".join(batch))
                batch = []
        if batch:
            copy.write("".join(batch))


def _commit_without_waiting():
    """Inside an atomic block: its COMMIT returns before the WAL reaches the disk.

    A server crash in the next fraction of a second (up to 3 x wal_writer_delay) may lose
    the transaction as a whole, never part of it. For the price rows that is covered by
    `_finish`: its own commit waits for the disk, and the WAL is flushed in order, so once a
    job reads "Completado" its rows are durable; a crash before that leaves the job "En
    proceso" and staff run the file again (a lost progress update just redraws the bar).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def _progress(job, durable=False, **fields):
    with transaction.atomic():
        if not durable:
            _commit_without_waiting()
        fields["heartbeat_at"] = timezone.now()
        ImportJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def run_import(job: ImportJob) -> ImportJob:
    path = Path(job.file.path)
    try:
        missing = missing_columns(path)
        total = count_rows(path) if not missing else 0
    except imports.FileRefused as exc:
        return imports.finish(job, failed=True, message=exc)
    if missing:
        message = _("Faltan columnas: %(cols)s") % {"cols": ", ".join(missing)}
        return imports.finish(job, failed=True, message=message)
    _progress(job, total=total, processed=0, status=ImportJob.Status.RUNNING)
    ref = Reference.load()
    today = timezone.localdate()
    try:
        errors, valid, lines = _check(job, path, ref, today)
    except imports.FileRefused as exc:
        return imports.finish(job, failed=True, message=exc)
    _progress(job, processed=job.total)
    if errors and not job.skip_invalid:
        message = _(
            "No se importó nada: %(n)s filas con errores. Corrija el archivo o elija omitir "
            "las filas no válidas."
        ) % {"n": len(errors)}
        return imports.finish(job, failed=True, errors=errors, message=message)
    try:
        with transaction.atomic():
            _commit_without_waiting()
            copy_rows(valid, job.pk)
            announce_data_changed("agroprices")
    except IntegrityError:
        # Someone saved a price with the same key while this file was being checked.
        message = _(
            "No se importó nada: otro registro con la misma clave se guardó durante la "
            "importación. Vuelva a intentarlo para ver el informe por fila."
        )
        return imports.finish(job, failed=True, errors=errors, message=message)
    message = _("Importadas %(ok)s filas.") % {"ok": len(valid)}
    if errors:
        message += " " + _("Omitidas %(n)s filas no válidas.") % {"n": len(errors)}
    return imports.finish(job, failed=False, saved=len(valid), errors=errors, message=message)


def _check(job, path, ref, today):
    """Every row parsed against the reference data: (errors, valid rows, their lines)."""
    errors, valid, lines, seen = [], [], [], {}
    for processed, (line, raw) in enumerate(read_rows(path), start=1):
        try:
            row = parse_row(raw, ref, today)
            key = (row[0], row[1], row[2], row[4])  # the database constraint's key
            if key in seen:
                raise RowError(_("duplicada: repite la fila %(line)s") % {"line": seen[key]})
            seen[key] = line
            valid.append(row)
            lines.append(line)
        except RowError as exc:
            errors.append(imports.row_error(line, exc))
        if processed % PROGRESS_EVERY == 0:
            _progress(job, processed=min(processed, job.total))
    seen = None
    errors += _duplicates_in_database(valid, lines)
    if errors:
        bad = {e["line"] for e in errors}
        valid = [row for row, line in zip(valid, lines, strict=True) if line not in bad]
    return errors, valid, lines


def _duplicates_in_database(valid, lines):
    if not valid:
        return []
    existing = set(
        PriceObservation.objects.filter(
            collector__isnull=True,
            date__gte=min(r[0] for r in valid),
            date__lte=max(r[0] for r in valid),
            product_id__in={r[1] for r in valid},
        ).values_list("date", "product_id", "market_id", "price_type_id")
    )
    reason = _("duplicada: ya existe en la base de datos un precio importado con esa clave")
    return [
        imports.row_error(line, reason)
        for row, line in zip(valid, lines, strict=True)
        if (row[0], row[1], row[2], row[4]) in existing
    ]


def write_csv(rows, handle):
    """Writes rows of COLUMNS to a text handle (used by the bench and tests)."""
    writer = csv.writer(handle)
    writer.writerow(COLUMNS)
    writer.writerows(rows)


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    write_csv(rows, buffer)
    return buffer.getvalue().encode()
