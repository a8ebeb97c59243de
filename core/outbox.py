"""Transactional outbox: tasks that follow a commit survive a broker that is down.

The one function to call is `enqueue`, inside the transaction that makes the change::

    from core import outbox

    with transaction.atomic():
        report = Report.objects.create(...)
        outbox.enqueue(tasks.send_report_update, label, report.pk, event.pk)
        outbox.enqueue(tasks.recalculate_all, countdown=30)  # held for 30 s

`enqueue` writes one `OutboxMessage` row in the same transaction as the change (so the task
exists exactly when the change does: a rollback drops both) and, once the transaction commits,
hands it to Celery straight away. If the broker (Redis) cannot take it, the request still
succeeds: the row stays pending and the `core.tasks.relay_outbox` beat task sends it when the
broker is back. A message is sent at least once (a relay that dies between publishing and
marking the row sends it again after `CLAIM_SECONDS`), so tasks must be idempotent, as Celery
with late acknowledgement already requires.

Arguments must be JSON-serialisable (primary keys, strings), as for any Celery task here.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# A relay that claimed a row and died leaves it to the next relay after this long.
CLAIM_SECONDS = 60
# The request path tries the broker briefly; beat retries for as long as it takes.
REQUEST_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
RELAY_BATCH = 500
KEEP_SENT_DAYS = 7


class OutboxMessage(models.Model):
    """One Celery task to send once the transaction that wrote it has committed."""

    task = models.CharField(_("tarea"), max_length=200)
    args = models.JSONField(_("argumentos"), default=list, blank=True)
    kwargs = models.JSONField(_("argumentos con nombre"), default=dict, blank=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    not_before = models.DateTimeField(_("no antes de"), default=timezone.now)
    claimed_until = models.DateTimeField(_("reservado hasta"), null=True, blank=True)
    sent_at = models.DateTimeField(_("enviado"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("intentos"), default=0)
    last_error = models.CharField(_("último error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mensaje pendiente de la cola")
        verbose_name_plural = _("mensajes pendientes de la cola")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["not_before"],
                condition=Q(sent_at__isnull=True),
                name="core_outbox_pending_idx",
            )
        ]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"


def enqueue(task, *args, countdown: int | None = None, **kwargs) -> OutboxMessage:
    """Queues `task(*args, **kwargs)` to run after the current transaction commits.

    `task` is a Celery task (or its name); `countdown` holds it that many seconds, as in
    `apply_async`. Call it inside the transaction that makes the change; outside one, the row
    is written and relayed at once. Returns the stored message.
    """
    name = task if isinstance(task, str) else task.name
    now = timezone.now()
    message = OutboxMessage.objects.create(
        task=name,
        args=list(args),
        kwargs=kwargs,
        not_before=now + timedelta(seconds=countdown or 0),
    )
    pk = message.pk
    transaction.on_commit(lambda: relay(pk, retry_policy=REQUEST_RETRY_POLICY))
    return message


def _app():
    from celery import current_app

    return current_app


def _claim(queryset, now) -> int:
    """Atomically takes pending, unclaimed rows for this relay (one UPDATE; no row locks)."""
    return queryset.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), sent_at__isnull=True
    ).update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS))


def _publish(message: OutboxMessage, *, retry_policy=None) -> None:
    app = _app()
    countdown = max(0.0, (message.not_before - timezone.now()).total_seconds())
    options = {"countdown": countdown} if countdown >= 1 else {}
    if retry_policy is not None:
        options["retry_policy"] = retry_policy
    app.tasks[message.task].apply_async(args=message.args, kwargs=message.kwargs, **options)


def relay(pk: int, *, retry_policy=None) -> bool:
    """Sends one message to the broker; on failure it stays pending for the beat relay."""
    now = timezone.now()
    if not _claim(OutboxMessage.objects.filter(pk=pk), now):
        return False  # already sent, or another relay holds it
    message = OutboxMessage.objects.get(pk=pk)
    if _app().conf.task_always_eager:
        # No broker (zero-setup SQLite, tests): the task runs here and now; its errors are
        # the caller's, as with a plain `.delay()`.
        OutboxMessage.objects.filter(pk=pk).update(sent_at=now, attempts=F("attempts") + 1)
        _publish(message)
        return True
    try:
        _publish(message, retry_policy=retry_policy)
    except Exception as exc:  # broker down: keep it for the beat relay
        logger.warning("outbox: %s #%s not sent (%r); beat will retry", message.task, pk, exc)
        OutboxMessage.objects.filter(pk=pk).update(
            claimed_until=None, attempts=F("attempts") + 1, last_error=repr(exc)[:300]
        )
        return False
    OutboxMessage.objects.filter(pk=pk).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    return True


def relay_pending(*, limit: int = RELAY_BATCH) -> int:
    """Sends every pending message, oldest first; returns how many went out. Run by beat."""
    sent = 0
    pending = (
        OutboxMessage.objects.filter(sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=timezone.now()))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in list(pending):
        if relay(pk):
            sent += 1
        elif OutboxMessage.objects.filter(pk=pk, sent_at__isnull=True, claimed_until=None).exists():
            break  # the broker refused this one: the rest would fail the same way
    OutboxMessage.objects.filter(
        sent_at__lt=timezone.now() - timedelta(days=KEEP_SENT_DAYS)
    ).delete()
    return sent


def pending_count() -> int:
    return OutboxMessage.objects.filter(sent_at__isnull=True).count()
