"""Streamed open-data exports at 1x and at a scale factor, against PostgreSQL's own COPY TO.

Usage (PostgreSQL only, a SCRATCH database with the demo loaded, e.g.
  createdb minga_bench && DATABASE_URL=.../minga_bench manage.py migrate && manage.py load_demo):

    DATABASE_URL=postgres://.../minga_bench .venv/bin/python bench/exports.py [SCALE]

The prices dataset (agroprices.observations) is grown to SCALE times its rows (default 10)
by COPYing shifted copies of itself (dates moved back by whole 3-year blocks, so every
unique key stays unique), then removed again at the end. For 1x and SCALE it prints, for the
streamed CSV and JSON downloads through the real view: time, bytes, peak Python memory
(tracemalloc, in a second pass), and the ratio of the time to a raw `COPY (same query) TO
STDOUT` of the same rows in the same run. Flat memory and linear time are the goals.
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATASET_DOWNLOADS_PER_MINUTE", "100000")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from core.registry import datasets  # noqa: E402

KEY = "agroprices.observations"
TABLE = "agroprices_priceobservation"
SCALE = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_SCALE", 10))


def grow(copies: int, first_date) -> None:
    """Adds `copies` shifted copies of the table's rows, with COPY out and COPY in."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
            [TABLE],
        )
        cols = [r[0] for r in cursor.fetchall()]
        col_list = ", ".join(cols)
        raw = cursor.cursor  # psycopg 3
        for k in range(1, copies + 1):
            shifted = ", ".join(
                f"{c} - interval '{3 * k} years'" if c == "date" else c for c in cols
            )
            select = f"SELECT {shifted} FROM {TABLE} WHERE date >= %s"
            buffer = bytearray()
            with raw.copy(f"COPY ({select}) TO STDOUT", [first_date]) as out:
                for chunk in out:
                    buffer += chunk
            with raw.copy(f"COPY {TABLE} ({col_list}) FROM STDIN") as into:
                into.write(bytes(buffer))
        cursor.execute(f"ANALYZE {TABLE}")


def shrink(first_date) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE date < %s", [first_date])


def raw_copy_seconds(ds) -> tuple[float, int]:
    """PostgreSQL alone: COPY of the same query (same joins, order, columns) as CSV."""
    sql, params = ds.queryset().query.sql_with_params()
    with connection.cursor() as cursor:
        t0 = time.perf_counter()
        size = 0
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)", params) as out:
            for chunk in out:
                size += len(chunk)
        return time.perf_counter() - t0, size


def download(client, url) -> tuple[float, int]:
    t0 = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    assert response.status_code == 200, response.status_code
    return time.perf_counter() - t0, size


def peak_memory(client, url) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    download(client, url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def measure(label, ds, client):
    rows = ds.row_count()
    copy_s, copy_bytes = raw_copy_seconds(ds)
    result = {"label": label, "rows": rows, "copy_s": copy_s, "copy_bytes": copy_bytes}
    for fmt in ("csv", "json"):
        url = ds.download_url(fmt)
        seconds, size = download(client, url)
        result[fmt] = {"s": seconds, "bytes": size, "peak": peak_memory(client, url)}
    return result


def show(r):
    print(
        f"{r['label']:>4}: {r['rows']:>9,} rows | COPY TO {r['copy_s']:6.2f} s "
        f"({r['copy_bytes'] / 1e6:6.1f} MB)"
    )
    for fmt in ("csv", "json"):
        m = r[fmt]
        print(
            f"      {fmt:4} {m['s']:6.2f} s  {m['bytes'] / 1e6:7.1f} MB  "
            f"peak Python memory {m['peak'] / 1e6:6.2f} MB  "
            f"{r['rows'] / m['s']:>9,.0f} rows/s  x{m['s'] / r['copy_s']:.1f} of COPY"
        )


def main():
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only (COPY)")
    ds = datasets.get(KEY)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(date), count(*) FROM {TABLE}")
        first_date, count = cursor.fetchone()
    if not count:
        sys.exit("No prices: load the demo first (manage.py load_demo)")
    client = Client()
    download(client, ds.download_url("csv"))  # warm up imports, plans and caches
    small = measure("1x", ds, client)
    show(small)
    try:
        t0 = time.perf_counter()
        grow(SCALE - 1, first_date)
        print(f"      (grown to {SCALE}x with COPY in {time.perf_counter() - t0:.1f} s)")
        big = measure(f"{SCALE}x", ds, client)
        show(big)
    finally:
        shrink(first_date)
    rows_ratio = big["rows"] / small["rows"]
    print(f"\n{SCALE}x vs 1x: rows x{rows_ratio:.1f}")
    for fmt in ("csv", "json"):
        t = big[fmt]["s"] / small[fmt]["s"]
        m = big[fmt]["peak"] / small[fmt]["peak"]
        print(
            f"  {fmt}: time x{t:.1f} (linear = x{rows_ratio:.1f}), peak memory x{m:.2f} (flat = x1)"
        )
    print(f"  COPY TO: time x{big['copy_s'] / small['copy_s']:.1f}")


if __name__ == "__main__":
    main()
