"""Charts read the same way everywhere: one date format per language, percentages against 0,
legends that say when a name was cut."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from commitments import services
from tests.agroprices.factories import MarketFactory, ObservationFactory, ProductFactory
from tests.commitments.factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

CHART = Template("{% load minga %}{% line_chart series 'Precio' unit %}")
SERIES = [
    {
        "label": "Mercado Norte",
        "points": [(datetime.date(2026, 6, 1), Decimal("40")), (datetime.date(2026, 6, 8), 60)],
    }
]


def render(unit="USD"):
    return CHART.render(Context({"series": SERIES, "unit": unit}))


def axis(html):
    return re.findall(r'<text x="2" y="[\d.]+">([^<]+)</text>', html)


def test_chart_dates_follow_the_language():
    assert '<th scope="row">01/06/2026</th>' in render()
    with translation.override("en"):
        assert '<th scope="row">06/01/2026</th>' in render()


def test_a_percentage_chart_starts_at_zero_and_a_price_chart_at_its_lowest_value():
    assert axis(render("%")) == ["60", "0"]
    assert axis(render("USD")) == ["60", "40"]


@pytest.mark.django_db
def test_the_price_and_commitment_charts_share_the_date_format(client, technician):
    product = ProductFactory(slug="cacao")
    ObservationFactory(product=product, market=MarketFactory(), date=timezone.localdate())
    prices = client.get("/agroprecios/producto/cacao/").content.decode()
    milestone = MilestoneFactory(progress=0)
    services.milestone_set_progress(milestone=milestone, progress=25, by=technician)
    progress = client.get(milestone.commitment.get_absolute_url()).content.decode()
    dated = re.compile(r'<th scope="row">(\d\d/\d\d/\d{4})</th>')
    assert dated.search(prices) and dated.search(progress)
    assert re.findall(r'<th scope="row">(\d{4}-\d\d-\d\d)</th>', progress) == []


@pytest.mark.django_db
def test_a_cut_commitment_name_in_the_legend_ends_with_an_ellipsis(client, technician):
    plan = ActionPlanFactory()
    long_title = "Sistema provincial de información abierta sobre vialidad rural y riego"
    for number, title in ((1, long_title), (2, "Viveros")):
        milestone = MilestoneFactory(
            commitment=CommitmentFactory(plan=plan, number=number, title=title)
        )
        services.milestone_set_progress(milestone=milestone, progress=40, by=technician)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "1. Sistema provincial de información abiert…" in html
