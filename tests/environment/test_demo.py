import io

import pytest
from django.core.management import call_command

from environment import selectors
from environment.models import (
    Delivery,
    FollowUpVisit,
    RequestStatus,
    SeedlingRequest,
    Species,
    StockMovement,
)


def _snapshot():
    return (
        Species.objects.count(),
        StockMovement.objects.count(),
        list(
            SeedlingRequest.objects.order_by("tracking_code").values_list("tracking_code", "status")
        ),
        Delivery.objects.count(),
        FollowUpVisit.objects.count(),
    )


@pytest.mark.django_db
def test_demo_has_a_year_of_deliveries_is_consistent_and_idempotent():
    call_command("load_demo", "environment", stdout=io.StringIO())
    first = _snapshot()
    assert first[0] >= 20
    statuses = {status for _, status in first[2]}
    assert statuses == set(RequestStatus.values)
    months = set(Delivery.objects.values_list("delivered_on__month", flat=True))
    assert len(months) >= 10
    assert selectors.stock_discrepancies() == []
    assert selectors.survival_by_parish()
    call_command("load_demo", "environment", stdout=io.StringIO())
    assert _snapshot() == first
