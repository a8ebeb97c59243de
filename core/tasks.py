import time

from celery import shared_task
from django.core.cache import cache

from .health import HEARTBEAT_KEY


@shared_task
def heartbeat():
    """Beat runs this every minute; /salud/ shows how long ago a worker last ran it."""
    now = time.time()
    cache.set(HEARTBEAT_KEY, now, 60 * 60)
    return now


@shared_task
def echo(key: str, value: str):
    """Writes value under key in the shared cache: the live-worker test's probe."""
    cache.set(key, value, 300)
    return value


@shared_task
def send_report_update(model_label: str, report_pk: int, event_pk: int):
    """Emails the reporter about a new timeline entry (filed or status change)."""
    from .notifications import email_report_update

    email_report_update(model_label, report_pk, event_pk)


@shared_task
def relay_outbox():
    """Beat runs this every OUTBOX_RELAY_SECONDS: sends what the broker could not take."""
    from . import outbox

    return outbox.relay_pending()


@shared_task
def purge_idempotency():
    """Beat runs this hourly: forgets one-time tokens and Idempotency-Keys older than a day."""
    from . import idempotency

    return idempotency.purge_expired()
