"""Other apps announce data changes; one recalculation is enqueued per burst.

`cache.add` is atomic in Redis: of 10,000 signals in a burst only the first one sets the key
and enqueues the task, delayed by DEBOUNCE_SECONDS so the rest of the burst lands first.
"""

from django.core.cache import cache
from django.dispatch import receiver

from core import outbox
from core.signals import data_changed

from . import tasks

DEBOUNCE_SECONDS = 30


def schedule_recalculation() -> bool:
    try:
        first = cache.add(tasks.PENDING_KEY, 1, timeout=DEBOUNCE_SECONDS)
    except Exception:  # cache (Redis) down: recalculate once more rather than not at all
        first = True
    if not first:
        return False
    outbox.enqueue(tasks.recalculate_all, countdown=DEBOUNCE_SECONDS)
    return True


@receiver(data_changed, dispatch_uid="commitments.recalculate_on_data_changed")
def on_data_changed(sender, **kwargs):
    schedule_recalculation()
