"""The recalculation on a real Celery worker (Redis): serialisation and commit timing are real."""

import time

import pytest
from django.db import transaction

from commitments.models import Commitment, Snapshot

from .factories import MilestoneFactory

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


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
