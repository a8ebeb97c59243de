"""The offer-expiry beat task on the real worker (Redis, real serialisation and commits)."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from agroprices.models import Offer

from .producers_fixtures import make_offer

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def _wait(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _drain():
    """The solo worker runs tasks in order: once a later echo has run, earlier tasks have too."""
    from django.core.cache import cache

    from core.tasks import echo

    key = f"live:offers:{time.monotonic_ns()}"
    echo.delay(key, "ok")
    assert _wait(lambda: cache.get(key) == "ok")


def test_beat_schedules_the_expiry_task():
    entry = settings.CELERY_BEAT_SCHEDULE["agroprices-expire-offers"]
    assert entry["task"] == "agroprices.tasks.expire_offers"


def test_the_worker_expires_offers_past_their_last_day_and_a_second_run_changes_nothing(
    live_worker, producer, plantain
):
    from agroprices.tasks import expire_offers

    today = timezone.localdate()
    old = make_offer(
        producer,
        plantain,
        available_from=today - timedelta(days=10),
        available_until=today - timedelta(days=1),
    )
    current = make_offer(producer, plantain)
    expire_offers.delay()
    assert _wait(lambda: Offer.objects.get(pk=old.pk).status == Offer.Status.EXPIRED)
    changed_at = Offer.objects.get(pk=old.pk).updated_at
    expire_offers.delay()
    _drain()
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, current.status) == (Offer.Status.EXPIRED, Offer.Status.ACTIVE)
    assert old.updated_at == changed_at  # the second run touched nothing


def test_a_buyer_message_is_relayed_by_the_worker_after_commit(live_worker, offer):
    from agroprices import producers_services as services

    message = services.contact_send(
        offer=offer, name="Comprador", email="compra@example.org", body="Hola"
    )
    assert _wait(lambda: type(message).objects.get(pk=message.pk).sent_at is not None)
