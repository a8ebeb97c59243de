"""`data_changed`: an app announces that figures other apps compute from it may have moved.

Send it through `announce_data_changed(app_label)` from a service (after the write); the
commitments app listens and enqueues one debounced indicator recalculation on commit.
"""

from django.db import transaction
from django.dispatch import Signal

data_changed = Signal()


def announce_data_changed(app_label: str) -> None:
    transaction.on_commit(lambda: data_changed.send(sender=app_label))
