"""Roads dashboard at scale: ORM figures vs one hand-written SQL aggregate, same run, same tables.

Usage (PostgreSQL only):  DATABASE_URL=postgres://... .venv/bin/python bench/roads_dashboard.py
Adds a scratch set of 100,000 branches (codes "BX…") and 300,000 interventions next to whatever
is there, times five filter combinations, checks the page's query count at small vs large data,
and deletes the scratch set at the end. Target: ORM within 5x of the raw SQL.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from roads.selectors import DashboardFilters, dashboard_figures  # noqa: E402

BRANCHES = int(os.environ.get("BENCH_BRANCHES", 100_000))
INTERVENTIONS = int(os.environ.get("BENCH_INTERVENTIONS", 300_000))
REPEAT = 7
COMBINATIONS = {
    "default 2019-2022": DashboardFilters(),
    "need 3,4": DashboardFilters(need_levels=(3, 4)),
    "communities 2015-2024": DashboardFilters(zone="comunidades", year_from=2015, year_to=2024),
    "parish MTR": DashboardFilters(parish="MTR"),
    "need 1,2 + parishes zone + LDA, 2020-2021": DashboardFilters(
        need_levels=(1, 2), zone="parroquias", parish="LDA", year_from=2020, year_to=2021
    ),
}
SQL = """
WITH b AS (
  SELECT br.id, br.length_km,
         EXISTS (SELECT 1 FROM roads_intervention i
                 WHERE i.branch_id = br.id AND i.end_date BETWEEN %(start)s AND %(end)s) AS attended
  FROM roads_branch br JOIN core_parish p ON p.id = br.parish_id
  WHERE (%(no_need)s OR br.need_level = ANY(%(needs)s))
    AND (%(zone)s = '' OR br.zone = %(zone)s)
    AND (%(parish)s = '' OR p.code = %(parish)s)
), w AS (
  SELECT coalesce(sum(i.km_worked), 0) AS km FROM roads_intervention i JOIN b ON b.id = i.branch_id
  WHERE i.end_date BETWEEN %(start)s AND %(end)s
)
SELECT count(*), coalesce(sum(length_km), 0), count(*) FILTER (WHERE attended),
       coalesce(sum(length_km) FILTER (WHERE attended), 0), (SELECT km FROM w)
FROM b
"""


def hand_sql(filters):
    start, end = filters.period
    params = {
        "start": start,
        "end": end,
        "no_need": not filters.need_levels,
        "needs": list(filters.need_levels) or [0],
        "zone": filters.zone,
        "parish": filters.parish,
    }
    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        return cursor.fetchone()


def timed(fn):
    fn()  # warm the cache and the plan
    samples = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), result


def page_queries():
    """(queries, milliseconds) of one dashboard page render."""
    with override_settings(ALLOWED_HOSTS=["*"]), CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        response = Client().get("/vialidad/", {"necesidad": [3, 4], "orden": "-km"})
        elapsed = (time.perf_counter() - t0) * 1000
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries), elapsed


def create_scratch(branches: int = BRANCHES, interventions: int = INTERVENTIONS):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO roads_branch (code, name, sector, zone, length_km, surface, condition,
                need_level, inventory_maintenance_year, last_maintenance_year, geometry,
                created_at, updated_at,
                canton_id, parish_id, community_id, planning_zone_id)
            SELECT 'BX' || lpad(g::text, 7, '0'), 'Ramal de carga ' || g, '',
                   (ARRAY['parroquias','zonas','comunidades'])[1 + g %% 3],
                   round((0.5 + random() * 30)::numeric, 2), 'lastre', 'regular',
                   1 + g %% 4, NULL, NULL, NULL, now(), now(), p.canton_id, p.id, NULL, NULL
            FROM generate_series(1, %s) g
            JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS idx, id, canton_id
                  FROM core_parish) p
              ON p.idx = g %% (SELECT count(*) FROM core_parish)
            """,
            [branches],
        )
        cursor.execute(
            """
            CREATE TEMP TABLE bench_ids AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS idx, id, length_km
            FROM roads_branch WHERE code LIKE 'BX%%'
            """
        )
        cursor.execute(
            """
            INSERT INTO roads_intervention (branch_id, start_date, end_date, kind, km_worked,
                crew, contractor, cost, notes, photo_before, photo_after, created_by_id,
                created_at)
            SELECT b.id, d - 10, d, 'rutinario',
                   least(b.length_km, greatest(0.01, round((random() * b.length_km)::numeric, 2))),
                   '', '', NULL, '', '', '', NULL, now()
            FROM (SELECT g, date '2015-01-01' + (random() * 3650)::int AS d
                  FROM generate_series(1, %s) g) s
            JOIN bench_ids b ON b.idx = (s.g::bigint * 7919) %% %s
            """,
            [interventions, branches],
        )
        cursor.execute("DROP TABLE bench_ids")
        cursor.execute("ANALYZE roads_branch")
        cursor.execute("ANALYZE roads_intervention")


def drop_scratch():
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM roads_intervention WHERE branch_id IN "
            "(SELECT id FROM roads_branch WHERE code LIKE 'BX%%')"
        )
        cursor.execute("DELETE FROM roads_branch WHERE code LIKE 'BX%%'")
        cursor.execute("ANALYZE roads_branch")
        cursor.execute("ANALYZE roads_intervention")


def main():
    if connection.vendor != "postgresql":
        sys.exit("This bench runs on PostgreSQL: set DATABASE_URL.")
    drop_scratch()  # leftovers of an interrupted run
    # The small case needs rows on the page too: an empty page skips its row query (Django
    # slices [0:0] without asking), which once read as "7 queries grew to 8".
    create_scratch(40, 120)
    try:
        small = page_queries()
    finally:
        drop_scratch()
    t0 = time.perf_counter()
    create_scratch()
    print(
        f"scratch set: {BRANCHES:,} branches, {INTERVENTIONS:,} interventions "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    try:
        print(f"{'filters':45} {'ORM ms':>9} {'SQL ms':>9} {'ratio':>6}  same figures")
        ratios = []
        for label, filters in COMBINATIONS.items():
            orm_t, figures = timed(lambda f=filters: dashboard_figures(f))
            sql_t, row = timed(lambda f=filters: hand_sql(f))
            same = tuple(figures.values()) == tuple(row)
            ratios.append(orm_t / sql_t)
            print(
                f"{label:45} {orm_t * 1000:9.1f} {sql_t * 1000:9.1f} {orm_t / sql_t:6.2f}  {same}"
            )
        large = page_queries()
        print(f"worst ratio {max(ratios):.2f} (target <= 5.00)")
        print(
            f"dashboard page: {small[0]} queries ({small[1]:.0f} ms) with the small data, "
            f"{large[0]} queries ({large[1]:.0f} ms) with the large data"
        )
        if small[0] != large[0]:
            sys.exit("the page's query count grew with the data")
    finally:
        drop_scratch()


if __name__ == "__main__":
    main()
