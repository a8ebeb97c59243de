import pytest

from agroprices import demo
from agroprices.models import Market, PriceObservation, Product, ProductionRecord

pytestmark = pytest.mark.django_db


def counts():
    return (
        Product.objects.count(),
        Market.objects.count(),
        PriceObservation.objects.count(),
        ProductionRecord.objects.count(),
    )


def test_the_demo_loads_two_years_of_weekly_prices_and_a_second_run_changes_nothing():
    demo.load()
    first = counts()
    sample = list(PriceObservation.objects.order_by("pk").values_list("price", flat=True)[:50])
    demo.load()
    assert counts() == first
    assert (
        list(PriceObservation.objects.order_by("pk").values_list("price", flat=True)[:50]) == sample
    )
    products, markets, prices, production = first
    assert products == 25 and markets >= 8 and production > 0
    dates = PriceObservation.objects.dates("date", "week")
    assert len(dates) == 104
    cacao = PriceObservation.objects.filter(
        product__slug="cacao-nacional",
        price_type__code="productor",
        date__year=2025,
        status="validado",
    ).values_list("price", flat=True)
    assert 150 < sum(cacao) / len(cacao) < 260  # USD per quintal, around 200-210 in 2025
    assert PriceObservation.objects.filter(status="pendiente", flags=["atipico"]).exists()
