"""Imports a generated price file three ways in one run, on PostgreSQL (DATABASE_URL):

1. raw `COPY` of the CSV into a scratch table (the floor: no validation, no lookups);
2. stock django-import-export with a plain ModelResource (slug lookups through
   ForeignKeyWidget, row by row). It is slow, so by default a sample is timed and the time
   scaled linearly to the full file; the output says so. `--stock-rows N` changes the sample;
3. the project's path: `agroprices.tasks.import_prices` on an ImportJob (every row validated,
   duplicates checked against the file and the database, one COPY in one transaction).

Targets (issue 7): project <= 10x COPY, stock >= 10x project, peak memory < 500 MB.

    DATABASE_URL=postgres://... .venv/bin/python bench/agroprices_import.py [--rows 100000]
    [--via-celery]  also runs the project path on a Celery worker and prints its progress.
    [--repeat 3]    runs of COPY, SQL-only load and project path (interleaved); medians.

Everything the bench creates (products, markets, prices, jobs) is prefixed `bench-` and
removed at the end.
"""

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from import_export import fields, resources  # noqa: E402
from import_export.widgets import ForeignKeyWidget  # noqa: E402

from agroprices.importing import COLUMNS  # noqa: E402
from agroprices.models import (  # noqa: E402
    ImportJob,
    Market,
    PriceObservation,
    PriceType,
    Product,
    ProductUnit,
    Unit,
)
from core.models import Parish  # noqa: E402

PREFIX = "bench-"


def fmt(times) -> str:
    return " ".join(f"{t:.2f}" for t in times)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def reference(n_products=50, n_markets=20):
    racimo, kg = Unit.objects.get(code="racimo"), Unit.objects.get(code="kg")
    parish = Parish.objects.get(code="SDO")
    products = []
    for i in range(n_products):
        product, _ = Product.objects.get_or_create(
            slug=f"{PREFIX}p{i}",
            defaults={
                "commodity": f"Bench producto {i}",
                "category": Product.Category.FRUITS,
                "standard_unit": racimo,
            },
        )
        ProductUnit.objects.get_or_create(product=product, unit=kg, defaults={"factor": "0.05"})
        products.append(product.slug)
    markets = []
    for j in range(n_markets):
        Market.objects.get_or_create(
            slug=f"{PREFIX}m{j}",
            defaults={
                "name": f"Bench mercado {j}",
                "kind": Market.Kind.WHOLESALE,
                "parish": parish,
                "latitude": Decimal("-0.25"),
                "longitude": Decimal("-79.17"),
            },
        )
        markets.append(f"{PREFIX}m{j}")
    return products, markets


def generate(path: Path, rows: int, products, markets):
    """Unique (product, market, date) keys; weekly dates from 2001; a few kg-quoted rows."""
    per_date = len(products) * len(markets)
    start = date(2001, 1, 2)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(rows):
            day = start + timedelta(weeks=n // per_date)
            slot = n % per_date
            product, market = products[slot % len(products)], markets[slot // len(products)]
            cents = 250 + (n * 37) % 300
            if n % 10 == 0:
                writer.writerow(
                    [day, product, market, "kg", "productor", f"{cents / 2000:.2f}", "", ""]
                )
            else:
                price = f"{cents / 100:.2f}"
                low = f"{(cents - 20) / 100:.2f}" if n % 3 == 0 else ""
                high = f"{(cents + 30) / 100:.2f}" if n % 3 == 0 else ""
                writer.writerow([day, product, market, "racimo", "productor", price, low, high])


def cleanup():
    PriceObservation.objects.filter(product__slug__startswith=PREFIX).delete()
    ImportJob.objects.filter(file__startswith="agroprices/bench/").delete()
    ProductUnit.objects.filter(product__slug__startswith=PREFIX).delete()
    Product.objects.filter(slug__startswith=PREFIX).delete()
    Market.objects.filter(slug__startswith=PREFIX).delete()


def time_copy(path: Path) -> float:
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_scratch (date date, product text, market text, unit text,"
            " price_type text, price numeric(10,2), price_min numeric(10,2),"
            " price_max numeric(10,2)) ON COMMIT DROP"
        )
        sql = "COPY bench_scratch FROM STDIN WITH (FORMAT csv, HEADER true)"
        with open(path, "rb") as handle, cursor.cursor.copy(sql) as copy:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        cursor.execute("SELECT count(*) FROM bench_scratch")
        copied = cursor.fetchone()[0]
    elapsed = time.perf_counter() - started
    print(f"  COPY into a scratch table: {copied} rows")
    return elapsed


def time_sql_floor(path: Path) -> float:
    """What the database alone needs to land the file in the real table: COPY to a scratch
    table, then one INSERT ... SELECT joining the reference tables. Unique index, check and
    foreign-key constraints all apply; no per-row report is possible this way."""
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_floor (date date, product text, market text, unit text,"
            " price_type text, price numeric(10,2), price_min numeric(10,2),"
            " price_max numeric(10,2)) ON COMMIT DROP"
        )
        sql = "COPY bench_floor FROM STDIN WITH (FORMAT csv, HEADER true)"
        with open(path, "rb") as handle, cursor.cursor.copy(sql) as copy:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        cursor.execute(
            "INSERT INTO agroprices_priceobservation (date, product_id, market_id, unit_id,"
            " price_type_id, price, price_min, price_max, standard_price, status, flags,"
            " rejection_reason, source, created_at)"
            " SELECT s.date, p.id, m.id, u.id, t.code, s.price, s.price_min, s.price_max,"
            " round(s.price / coalesce(pu.factor, 1), 4), 'validado', '[]', '', 'importacion',"
            " now() FROM bench_floor s"
            " JOIN agroprices_product p ON p.slug = s.product"
            " JOIN agroprices_market m ON m.slug = s.market"
            " JOIN agroprices_unit u ON u.code = s.unit"
            " JOIN agroprices_pricetype t ON t.code = s.price_type"
            " LEFT JOIN agroprices_productunit pu ON pu.product_id = p.id AND pu.unit_id = u.id"
        )
        inserted = cursor.rowcount
    elapsed = time.perf_counter() - started
    print(f"  SQL-only load into the real table: {inserted} rows")
    return elapsed


def clear_bench_rows():
    PriceObservation.objects.filter(product__slug__startswith=PREFIX).delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE agroprices_priceobservation")


class PlainResource(resources.ModelResource):
    """The stock path: a ModelResource, slug lookups, defaults filled per instance."""

    product = fields.Field("product", "product", ForeignKeyWidget(Product, "slug"))
    market = fields.Field("market", "market", ForeignKeyWidget(Market, "slug"))
    unit = fields.Field("unit", "unit", ForeignKeyWidget(Unit, "code"))
    price_type = fields.Field("price_type", "price_type", ForeignKeyWidget(PriceType, "code"))

    class Meta:
        model = PriceObservation
        fields = COLUMNS
        import_id_fields = []
        force_init_instance = True  # every row is new: spares stock a lookup per row

    def before_save_instance(self, instance, row, **kwargs):
        instance.standard_price = instance.price
        instance.source = PriceObservation.Source.IMPORT
        instance.status = PriceObservation.Status.VALIDATED


def time_stock(path: Path, sample: int) -> tuple[float, int]:
    import tablib

    with open(path, encoding="utf-8") as handle:
        lines = [next(handle) for _ in range(sample + 1)]
    dataset = tablib.Dataset().load("".join(lines), format="csv")
    started = time.perf_counter()
    result = PlainResource().import_data(dataset, dry_run=False, use_transactions=True)
    elapsed = time.perf_counter() - started
    if result.has_errors() or result.has_validation_errors():
        raise SystemExit("stock import reported errors; the bench data is wrong")
    print(f"  stock django-import-export: {result.totals['new']} rows in the sample")
    return elapsed, len(dataset)


def time_project(path: Path, via_celery: bool) -> tuple[float, ImportJob]:
    from agroprices.tasks import import_prices

    name = f"agroprices/bench/{path.name}"
    job = ImportJob.objects.create(file=name)
    started = time.perf_counter()
    if via_celery:
        job = run_on_worker(job)
    else:
        import_prices(job.pk)
    elapsed = time.perf_counter() - started
    job.refresh_from_db()
    if job.status != ImportJob.Status.DONE:
        raise SystemExit(f"project import failed: {job.message} {job.errors[:5]}")
    print(f"  project path: {job.saved} rows imported, {len(job.errors)} errors")
    return elapsed, job


def run_on_worker(job):
    from celery.contrib.testing.worker import start_worker

    from agroprices.tasks import import_prices
    from config.celery import app

    app.conf.task_always_eager = False
    with start_worker(app, perform_ping_check=False, pool="solo", queues=["imports"]):
        import_prices.delay(job.pk)
        last = None
        while True:
            job.refresh_from_db()
            if (job.status, job.processed) != last:
                print(f"    worker: {job.get_status_display()} {job.processed}/{job.total}")
                last = (job.status, job.processed)
            if job.finished:
                return job
            time.sleep(0.25)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--stock-rows", type=int, default=10_000)
    parser.add_argument("--via-celery", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path; medians")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("This bench needs PostgreSQL: set DATABASE_URL.")

    cleanup()
    clear_bench_rows()
    products, markets = reference()
    folder = Path(settings.MEDIA_ROOT) / "agroprices" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".csv", delete=False) as tmp:
        path = Path(tmp.name)
    try:
        generate(path, args.rows, products, markets)
        size = path.stat().st_size / 1e6
        print(f"Generated {args.rows} rows ({size:.1f} MB) at {path}")
        rss_before = rss_mb()

        # Median of --repeat runs each, interleaved: the machine is shared, and one slow
        # moment would otherwise decide a ratio whose floor is a tenth of a second.
        copies, floors, projects = [], [], []
        for _ in range(args.repeat):
            copies.append(time_copy(path))
            floors.append(time_sql_floor(path))
            clear_bench_rows()
            projects.append(time_project(path, args.via_celery)[0])
            clear_bench_rows()
        rss_project = rss_mb()
        copy_s, floor_s, project_s = map(median, (copies, floors, projects))

        sample = min(args.stock_rows, args.rows)
        stock_sample_s, done = time_stock(path, sample)
        stock_s = stock_sample_s * args.rows / done
        extrapolated = done < args.rows

        print()
        print(f"Rows: {args.rows}; medians of {args.repeat} runs")
        print(f"  each COPY: {fmt(copies)}; SQL-only: {fmt(floors)}; project: {fmt(projects)}")
        print(f"raw COPY (scratch table):        {copy_s:8.2f} s")
        print(f"SQL-only load into the real table: {floor_s:6.2f} s  (constraints, no report)")
        print(f"project path (validated, COPY):  {project_s:8.2f} s")
        label = (
            f"extrapolated from {done} rows timed in {stock_sample_s:.2f} s"
            if extrapolated
            else "measured"
        )
        print(f"stock django-import-export:      {stock_s:8.2f} s  ({label})")
        print(f"project / COPY:  {project_s / copy_s:6.1f}x  (target <= 10x)")
        print(f"stock / project: {stock_s / project_s:6.1f}x  (target >= 10x)")
        print(f"project / SQL-only load into the real table: {project_s / floor_s:6.1f}x")
        print(
            f"peak RSS after the project import: {rss_project:.0f} MB "
            f"(before any import: {rss_before:.0f} MB; target < 500 MB)"
        )
    finally:
        cleanup()
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
