"""Progress recalculation for 1,000 commitments x 10 milestones, on PostgreSQL (DATABASE_URL).

Times, in the same run and over the same milestones:

1. the baseline: one bare SQL aggregate (weighted mean per commitment, GROUP BY), read only;
2. a reference write: one UPDATE touching every commitment row, with no aggregate;
3. the project's `commitments.services.recalculate_progress()`, which computes the same
   aggregate and stores it on every commitment and plan, with the computation date.

Prints the median of several runs of each, the ratio, and the number of queries the
recalculation issued for 1,000 commitments and for 100 (it must be the same: set-based).

    DATABASE_URL=postgres://... .venv/bin/python bench/commitments_recalc.py [--commitments 1000]

Everything it creates lives in one plan with the slug `bench-recalc`, removed at the end.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from commitments import services  # noqa: E402
from commitments.models import ActionPlan, Commitment, Milestone  # noqa: E402

SLUG = "bench-recalc"
BARE_SQL = """
    SELECT commitment_id, ROUND(SUM(weight * progress) / SUM(weight), 2)
    FROM commitments_milestone
    GROUP BY commitment_id
"""


def remove_bench_plan() -> None:
    """Deletes the bench plan, children first (commitments PROTECT their plan): also what an
    interrupted run left behind, so the bench can always be run again."""
    Milestone.objects.filter(commitment__plan__slug=SLUG).delete()
    Commitment.objects.filter(plan__slug=SLUG).delete()
    ActionPlan.objects.filter(slug=SLUG).delete()


def build(n_commitments: int, per: int) -> ActionPlan:
    remove_bench_plan()  # a previous run cut short
    plan = ActionPlan.objects.create(
        title="Plan de prueba de rendimiento",
        slug=SLUG,
        period_start=date(2021, 7, 1),
        period_end=date(2022, 12, 31),
    )
    commitments = Commitment.objects.bulk_create(
        Commitment(
            plan=plan,
            number=n + 1,
            title=f"Compromiso {n + 1}",
            problem="-",
            objective="-",
            start_date=date(2021, 11, 1),
            end_date=date(2022, 12, 31),
        )
        for n in range(n_commitments)
    )
    Milestone.objects.bulk_create(
        (
            Milestone(
                commitment=c,
                order=m + 1,
                title=f"Hito {m + 1}",
                weight=Decimal(1 + (i + m) % 5),
                start_date=date(2021, 11, 1),
                end_date=date(2022, 6, 30),
                progress=Decimal((i * 7 + m * 13) % 101),
            )
            for i, c in enumerate(commitments)
            for m in range(per)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE commitments_milestone; ANALYZE commitments_commitment")
    return plan


def timed(func, repeat: int) -> float:
    func()  # warm-up: plans and caches
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def bare_aggregate():
    with connection.cursor() as cursor:
        cursor.execute(BARE_SQL)
        return cursor.fetchall()


def bare_write():
    """The floor for storing anything: touch every commitment row once, no aggregate."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE commitments_commitment SET progress_computed_at = now()")


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--commitments", type=int, default=1000)
    parser.add_argument("--milestones", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit(
            f"PostgreSQL required (DATABASE_URL); got {settings.DATABASES['default']['ENGINE']}"
        )

    small_plan = build(100, args.milestones)
    queries_small = count_queries(services.recalculate_progress)
    small_plan.commitments.all().delete()
    plan = build(args.commitments, args.milestones)
    try:
        milestones = Milestone.objects.filter(commitment__plan=plan).count()
        print(f"{args.commitments} compromisos x {args.milestones} hitos = {milestones} hitos")
        # The stored result must equal the bare aggregate (same rounding).
        services.recalculate_progress()
        expected = dict(bare_aggregate())
        stored = dict(Commitment.objects.values_list("pk", "progress"))
        wrong = [pk for pk, value in expected.items() if stored[pk] != value]
        assert not wrong, f"{len(wrong)} commitments differ from the bare aggregate"

        baseline = timed(bare_aggregate, args.repeat)
        write = timed(bare_write, args.repeat)
        project = timed(services.recalculate_progress, args.repeat)
        queries = count_queries(services.recalculate_progress)
        print(f"agregado SQL (solo lectura):        {baseline * 1000:8.1f} ms")
        print(f"UPDATE sin cálculo (mismas filas):  {write * 1000:8.1f} ms")
        print(f"recalculate_progress (y guarda):    {project * 1000:8.1f} ms")
        print(f"razón recálculo / agregado:         {project / baseline:8.2f}x")
        print(f"consultas con 100 compromisos:      {queries_small:8d}")
        print(f"consultas con {args.commitments} compromisos:    {queries:8d}")
        print("constante" if queries == queries_small else "¡NO constante!")
    finally:
        remove_bench_plan()
        services.recalculate_progress()


if __name__ == "__main__":
    main()
