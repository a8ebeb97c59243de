"""Background import jobs whose worker died: noticed by beat instead of read "running" forever."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _


def stalled_message() -> str:
    return _(
        "La importación se interrumpió: el proceso en segundo plano se detuvo sin terminar. "
        "No se guardó nada; vuelva a subir el archivo."
    )


def fail_stalled(running, *, failed_status, **fields) -> int:
    """Marks failed the jobs in `running` with no sign of life for IMPORT_STALLED_AFTER.

    Each import writes its rows in one transaction, which dies with its worker, so such a job
    saved nothing; a redelivered task finds it no longer queued and leaves it alone, so
    without this the job would read "in progress" for ever and staff would keep waiting.
    """
    now = timezone.now()
    cutoff = now - settings.IMPORT_STALLED_AFTER
    quiet = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    return running.filter(quiet).update(status=failed_status, finished_at=now, **fields)
