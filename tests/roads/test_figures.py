"""Dashboard figures against hand-written SQL over the same tables, under several filters."""

from decimal import Decimal

import pytest
from django.db import connection

from roads import selectors
from roads.selectors import DashboardFilters

pytestmark = pytest.mark.django_db

SQL = """
WITH b AS (
  SELECT br.id, br.length_km,
         EXISTS (SELECT 1 FROM roads_intervention i
                 WHERE i.branch_id = br.id AND i.end_date BETWEEN %(start)s AND %(end)s) AS attended
  FROM roads_branch br JOIN core_parish p ON p.id = br.parish_id
  WHERE (%(no_need)s OR br.need_level IN ({needs}))
    AND (%(zone)s = '' OR br.zone = %(zone)s)
    AND (%(parish)s = '' OR p.code = %(parish)s)
)
SELECT (SELECT count(*) FROM b),
       (SELECT coalesce(sum(length_km), 0) FROM b),
       (SELECT count(*) FROM b WHERE attended),
       (SELECT coalesce(sum(length_km), 0) FROM b WHERE attended),
       (SELECT coalesce(sum(i.km_worked), 0) FROM roads_intervention i JOIN b ON b.id = i.branch_id
         WHERE i.end_date BETWEEN %(start)s AND %(end)s)
"""


def by_sql(filters: DashboardFilters):
    start, end = filters.period
    needs = list(filters.need_levels) or [0]
    params = {
        "start": start,
        "end": end,
        "no_need": not filters.need_levels,
        "zone": filters.zone,
        "parish": filters.parish,
        **{f"need{i}": level for i, level in enumerate(needs)},
    }
    sql = SQL.replace("{needs}", ", ".join(f"%(need{i})s" for i in range(len(needs))))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    # SQLite sums decimals as floats: compare to the cent, as the dashboard shows them.
    row = [Decimal(str(round(v, 2))) if isinstance(v, float) else v for v in row]
    keys = ["total_branches", "total_km", "attended_branches", "attended_km", "worked_km"]
    return dict(zip(keys, row, strict=True))


def test_the_demo_data_gives_exactly_the_published_figures(demo):
    assert selectors.dashboard_figures() == {
        "total_branches": 905,
        "total_km": Decimal("2616.4"),
        "attended_branches": 679,
        "attended_km": Decimal("1956.7"),
        "worked_km": Decimal("1719.4"),
    }


@pytest.mark.parametrize(
    "filters",
    [
        DashboardFilters(),
        DashboardFilters(need_levels=(4,)),
        DashboardFilters(need_levels=(1, 2), zone="parroquias"),
        DashboardFilters(zone="comunidades"),
        DashboardFilters(parish="MTR"),
        DashboardFilters(parish="LCN", need_levels=(3,), year_from=2020, year_to=2020),
        DashboardFilters(year_from=2015, year_to=2023),
        DashboardFilters(year_from=2023, year_to=2023, zone="zonas"),
    ],
    ids=lambda f: repr(f),
)
def test_figures_match_independent_sql(demo, filters):
    assert selectors.dashboard_figures(filters) == by_sql(filters)


def test_filters_move_the_figures_consistently(demo):
    everything = selectors.dashboard_figures()
    parts = [selectors.dashboard_figures(DashboardFilters(need_levels=(n,))) for n in (1, 2, 3, 4)]
    for key in everything:
        assert sum(p[key] for p in parts) == everything[key]
    wider = selectors.dashboard_figures(DashboardFilters(year_from=2015, year_to=2024))
    assert wider["attended_branches"] > everything["attended_branches"]
    assert wider["total_branches"] == everything["total_branches"]


def test_figures_take_constant_queries(demo, django_assert_num_queries):
    with django_assert_num_queries(2):
        selectors.dashboard_figures(DashboardFilters(need_levels=(2, 3), parish="MTR"))


def test_indicators_are_registered_and_agree_with_the_dashboard(demo):
    from datetime import date

    from core.registry import indicators

    figures = selectors.dashboard_figures()
    period = (date(2019, 1, 1), date(2022, 12, 31))
    assert indicators.get("roads.km_worked").value(*period) == figures["worked_km"]
    assert indicators.get("roads.branches_attended").value(*period) == 679


def test_the_demo_reproduces_the_four_published_rows(demo):
    from roads.models import Branch

    rows = set(
        Branch.objects.filter(code__in=["LCN017", "LCN019", "MTR101", "MTR102"]).values_list(
            "code", "name", "length_km", "last_maintenance_year"
        )
    )
    assert rows == {
        ("LCN017", "Vía Atahualpa - Las Amazonas - La Florida", Decimal("16.00"), 2020),
        ("LCN019", "Vía Monterrey - Matamba: Ramal MD Zaracay 2", Decimal("21.80"), 2020),
        (
            "MTR101",
            "Vía Monterrey - Matamba: Ramal MI Los Andes - San Carlos - Zaracay 1",
            Decimal("18.40"),
            2019,
        ),
        ("MTR102", "Vía Atahualpa - Las Amazonas - La Florida", Decimal("16.00"), 2019),
    }


def test_loading_the_demo_twice_changes_nothing(demo):
    import io

    from django.core.management import call_command

    from roads import demo as demo_module
    from roads.models import Branch, Intervention

    before = (Branch.objects.count(), Intervention.objects.count())
    call_command("load_demo", "roads", stdout=io.StringIO())
    assert (Branch.objects.count(), Intervention.objects.count()) == before
    assert demo_module.build()[:2] == demo_module.build()[:2]  # deterministic
