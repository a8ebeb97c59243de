"""Runs a real Celery worker on Redis: serialisation and commit timing are real here."""

import time
import uuid

import pytest
from django.core.cache import cache
from django.db import transaction

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def wait_for(key, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cache.get(key)
        if value is not None:
            return value
        time.sleep(0.1)
    return None


def test_a_task_enqueued_on_commit_is_executed_by_the_worker(live_worker):
    from core.tasks import echo

    key, value = f"live:{uuid.uuid4()}", "recibido"
    with transaction.atomic():
        transaction.on_commit(lambda: echo.delay(key, value))
        assert cache.get(key) is None
    assert wait_for(key) == value


def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs(live_worker):
    from core.tasks import echo

    key = f"live:{uuid.uuid4()}"
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(lambda: echo.delay(key, "no"))
        raise RuntimeError("rollback")
    probe = f"live:{uuid.uuid4()}"
    echo.delay(probe, "probe")
    assert wait_for(probe) == "probe"
    assert cache.get(key) is None
