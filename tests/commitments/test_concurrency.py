"""Two milestones of one commitment saved at the same time, each on its own connection."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from commitments import services
from commitments.models import Commitment

from .factories import CommitmentFactory, MilestoneFactory

# SQLite has one writer at a time: this race only exists on PostgreSQL.
pytestmark = pytest.mark.postgresql


@pytest.mark.django_db(transaction=True)
def test_concurrent_milestone_saves_end_at_the_true_weighted_mean(django_user_model):
    user = django_user_model.objects.create_user("tecnica", password="x")
    commitment = CommitmentFactory()
    first = MilestoneFactory(commitment=commitment, weight=Decimal(3), progress=Decimal(50))
    second = MilestoneFactory(commitment=commitment, weight=Decimal(1), progress=Decimal(40))
    services.recalculate_progress(commitment_ids=[commitment.pk])
    first_saved, release_first = threading.Event(), threading.Event()
    errors = []

    def save_first():
        try:
            with transaction.atomic():
                services.milestone_set_progress(milestone=first, progress=70, by=user)
                first_saved.set()
                release_first.wait(timeout=10)  # still uncommitted while the second saves
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    def save_second():
        try:
            services.milestone_set_progress(milestone=second, progress=100, by=user)
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connection.close()

    a = threading.Thread(target=save_first)
    a.start()
    assert first_saved.wait(timeout=10)
    b = threading.Thread(target=save_second)
    b.start()
    time.sleep(0.5)  # the second save is now waiting on the first one's locks
    release_first.set()
    a.join(timeout=30)
    b.join(timeout=30)

    assert errors == []
    commitment.refresh_from_db()
    # (3 x 70 + 1 x 100) / 4 = 77.50; the stale mean would be (3 x 50 + 100) / 4 = 62.50.
    assert commitment.progress == Decimal("77.50")
    assert commitment.plan.__class__.objects.get(pk=commitment.plan_id).progress == Decimal("77.50")
    assert Commitment.objects.get(pk=commitment.pk).progress_computed_at is not None
