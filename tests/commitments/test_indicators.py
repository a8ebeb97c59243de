from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commitments import services
from commitments.models import Indicator, IndicatorValue

from .factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def test_a_manual_indicator_shows_its_latest_value():
    indicator = IndicatorFactory()
    services.indicator_value_record(indicator=indicator, date=date(2022, 1, 10), value=10)
    services.indicator_value_record(indicator=indicator, date=date(2022, 6, 1), value=35)
    services.indicator_value_record(indicator=indicator, date=date(2022, 3, 1), value=20)
    indicator.refresh_from_db()
    assert indicator.current_value == 35
    assert indicator.current_as_of == date(2022, 6, 1)


def test_a_value_dated_outside_the_plan_is_refused_with_the_period():
    indicator = IndicatorFactory()
    with pytest.raises(ValidationError) as info:
        services.indicator_value_record(indicator=indicator, date=date(2023, 1, 1), value=5)
    message = info.value.message_dict["date"][0]
    assert "fuera del periodo del plan" in message
    assert "2021-07-01" in message and "2022-12-31" in message
    assert not IndicatorValue.objects.exists()


def test_one_value_per_indicator_and_date_in_the_database():
    indicator = IndicatorFactory()
    IndicatorValue.objects.create(indicator=indicator, date=date(2022, 1, 1), value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, date=date(2022, 1, 1), value=2)


def test_a_computed_indicator_needs_a_registered_key(fixed_indicator):
    indicator = IndicatorFactory.build(
        commitment=IndicatorFactory().commitment, source="computed", source_key="tests.nunca"
    )
    with pytest.raises(ValidationError) as info:
        indicator.full_clean()
    assert "no es una cifra registrada" in info.value.message_dict["source_key"][0]
    indicator.source_key = "tests.fixed"
    indicator.full_clean()


def test_the_database_refuses_a_computed_indicator_without_key():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(source="computed", source_key="")


def test_computed_indicators_take_the_registry_value_over_the_plan_period(fixed_indicator):
    indicator = IndicatorFactory(source="computed", source_key="tests.fixed")
    services.recalculate_all(today=date(2026, 11, 25))
    indicator.refresh_from_db()
    assert indicator.current_value == Decimal("42.50")
    assert indicator.current_as_of == date(2026, 11, 25)
    assert fixed_indicator == [(date(2021, 7, 1), date(2026, 11, 25))]


def test_manual_values_are_refused_for_computed_indicators(fixed_indicator):
    indicator = IndicatorFactory(source="computed", source_key="tests.fixed")
    with pytest.raises(ValidationError):
        services.indicator_value_record(indicator=indicator, date=date(2022, 1, 1), value=5)


def test_target_reached_share_goes_from_baseline_to_target():
    indicator = Indicator(baseline=100, target=300, current_value=250)
    assert indicator.target_reached_percent == Decimal("75.0")


def test_the_database_refuses_a_value_dated_outside_the_plan():
    indicator = IndicatorFactory()
    IndicatorValue.objects.bulk_create(
        [IndicatorValue(indicator=indicator, date=date(2022, 12, 31), value=1)]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.bulk_create(
            [IndicatorValue(indicator=indicator, date=date(2023, 1, 1), value=2)]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.filter(indicator=indicator).update(date=date(2021, 6, 30))


def test_a_computed_indicator_may_count_over_its_own_dates(fixed_indicator):
    indicator = IndicatorFactory(
        source="computed",
        source_key="tests.fixed",
        counted_from=date(2019, 1, 1),
        counted_until=date(2022, 12, 31),
    )
    services.recalculate_all(today=date(2026, 11, 25))
    indicator.refresh_from_db()
    assert fixed_indicator == [(date(2019, 1, 1), date(2022, 12, 31))]
    assert indicator.current_as_of == date(2022, 12, 31)
