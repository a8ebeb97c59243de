import contextlib

from celery import shared_task
from django.core.cache import cache

PENDING_KEY = "commitments:recalculation-pending"


@shared_task
def recalculate_all():
    """Nightly (beat) and after other apps' data changes (debounced in `receivers`)."""
    from . import services

    # Changes announced from now on need a run of their own: let them enqueue it.
    with contextlib.suppress(Exception):  # cache down: the next change enqueues one more run
        cache.delete(PENDING_KEY)
    snapshot = services.recalculate_all()
    return snapshot.date.isoformat()
