"""Two deliveries of the last seedlings at once, each on its own database connection."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from environment import selectors
from environment.models import Delivery, NurseryStock

from .factories import NurseryFactory, SpeciesFactory, approved_request, deliver, stock

# SQLite has one writer at a time: these races only exist on PostgreSQL.
pytestmark = pytest.mark.postgresql


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_deliveries_of_the_last_seedlings_only_one_wins():
    laurel = SpeciesFactory(common_name="Laurel")
    nursery = NurseryFactory()
    stock(nursery, laurel, 50)
    first = approved_request({laurel: 40})
    second = approved_request({laurel: 40})
    barrier = threading.Barrier(2)
    outcomes = []

    def run(req):
        try:
            barrier.wait(timeout=10)
            deliver(req, nursery, {laurel: 40})
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(r,)) for r in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert outcomes.count("ok") == 1
    refused = [o for o in outcomes if o != "ok"]
    assert len(refused) == 1 and "Laurel: hay 10, se piden 40" in refused[0]
    assert NurseryStock.objects.get(nursery=nursery, species=laurel).quantity == 10
    assert Delivery.objects.count() == 1
    assert selectors.stock_discrepancies() == []
