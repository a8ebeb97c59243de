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
def send_notification(notification_pk: int):
    """Renders and sends one queued notification (idempotent: a rerun sends nothing)."""
    from .notifications import send

    return send(notification_pk)


@shared_task
def send_follow_digests():
    """Beat, weekly: one e-mail per follower who chose the weekly summary."""
    from .follow_digest import send_digests

    return send_digests()


@shared_task
def send_report_update(model_label: str, report_pk: int, event_pk: int):
    """Kept for messages queued before notifications moved to `send_notification`."""
    from django.apps import apps
    from django.db import transaction

    from .report_services import notify_report_event
    from .reports import ReportEvent

    report = apps.get_model(model_label).objects.filter(pk=report_pk).first()
    event = ReportEvent.objects.filter(pk=event_pk).first()
    if report is not None and event is not None:
        with transaction.atomic():
            notify_report_event(report, event)


@shared_task
def relay_outbox():
    """Beat runs this every OUTBOX_RELAY_SECONDS: sends what the broker could not take."""
    from . import outbox

    return outbox.relay_pending()


@shared_task
def build_dataset_snapshot(key: str):
    """(Re)writes the XLSX snapshot of one large dataset if its data changed; idempotent."""
    from . import snapshots
    from .registry import datasets

    if key in datasets:
        return snapshots.build(datasets.get(key))
    return False


@shared_task
def build_dataset_snapshots():
    """Nightly: every large dataset's XLSX snapshot and the all-datasets zip up to date."""
    from . import snapshots
    from .registry import datasets

    built = [ds.key for ds in datasets if ds.large and ds.rows and snapshots.build(ds)]
    if snapshots.build_zip():
        built.append(snapshots.ZIP_NAME)
    return built


@shared_task
def build_open_data_zip():
    """/datos/todo.zip: every public dataset as CSV with one datapackage.json."""
    from . import snapshots

    return snapshots.build_zip()


@shared_task
def purge_idempotency():
    """Beat runs this hourly: forgets one-time tokens and Idempotency-Keys older than a day."""
    from . import idempotency

    return idempotency.purge_expired()


@shared_task
def send_overdue_reminders():
    """Beat, daily: each report team hears of its open reports past their due date."""
    from .casework import overdue_reminders

    return overdue_reminders()
