"""The recalculation on a real Celery worker (Redis): serialisation and commit timing are real."""

import time

import pytest
from django.db import transaction

from commitments.models import Commitment, Snapshot

from .factories import MilestoneFactory

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_worker():
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1) as worker:
        yield worker


def test_the_recalculation_runs_on_the_live_worker(live_worker):
    from commitments import tasks

    milestone = MilestoneFactory(progress=70)
    with transaction.atomic():
        transaction.on_commit(lambda: tasks.recalculate_all.delay())
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not Snapshot.objects.exists():
        time.sleep(0.2)
    assert Snapshot.objects.count() == 1
    assert Commitment.objects.get(pk=milestone.commitment_id).progress == 70
