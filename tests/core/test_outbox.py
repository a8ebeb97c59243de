"""The transactional outbox: a task exists exactly when its change does, and waits out a
broker that is down."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app
from core import outbox
from core.models import OutboxMessage
from core.tasks import echo, relay_outbox
from environment.complaints.models import Complaint
from tests.environment.complaints.test_views import NEW, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_back(monkeypatch):
    """The broker is back: messages are recorded here instead of going to Redis."""
    sent = []

    def accept(self, args=None, kwargs=None, **options):
        sent.append((self.name, list(args or ()), dict(kwargs or {}), options.get("countdown")))

    app.conf.task_always_eager = False  # the autouse fixture restores it
    monkeypatch.setattr("celery.app.task.Task.apply_async", accept)
    return sent


@pytest.fixture
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_message_enqueued_in_a_rolled_back_transaction_is_never_stored():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue(echo, "clave", "valor")
        raise RuntimeError("rollback")
    assert not OutboxMessage.objects.exists()


def test_a_committed_message_is_sent_once_and_marked_sent(
    broker_back, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.enqueue(echo, "clave", value="valor")
    assert broker_back == [("core.tasks.echo", ["clave"], {"value": "valor"}, None)]
    message = OutboxMessage.objects.get()
    assert message.sent_at is not None and message.attempts == 1
    assert outbox.relay_pending() == 0  # nothing left: never sent twice
    assert len(broker_back) == 1


def test_a_countdown_is_kept_until_the_message_is_relayed(
    broker_back, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(echo, "clave", "valor", countdown=30)
    assert 28 <= broker_back[0][3] <= 30


def test_with_the_broker_down_the_message_waits_and_beat_sends_it_when_it_returns(
    monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise OperationalError("Connection refused")

    app.conf.task_always_eager = False  # the autouse fixture restores it
    monkeypatch.setattr("celery.app.task.Task.apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(echo, "a", "1")
        outbox.enqueue(echo, "b", "2")
    assert outbox.pending_count() == 2
    first = OutboxMessage.objects.first()
    assert first.attempts == 1 and "Connection refused" in first.last_error
    assert relay_outbox() == 0  # still down: the beat relay stops at the first refusal

    sent = []
    monkeypatch.setattr(
        "celery.app.task.Task.apply_async",
        lambda self, args=None, kwargs=None, **o: sent.append(list(args)),
    )
    assert relay_outbox() == 2
    assert sent == [["a", "1"], ["b", "2"]]  # oldest first
    assert outbox.pending_count() == 0
    assert relay_outbox() == 0 and len(sent) == 2


def test_a_message_claimed_by_a_relay_that_died_is_sent_after_the_claim_expires(broker_back):
    message = outbox.enqueue(echo, "k", "v")  # outside a transaction, relayed at once
    OutboxMessage.objects.filter(pk=message.pk).update(
        sent_at=None, claimed_until=timezone.now() + timedelta(seconds=30)
    )
    broker_back.clear()
    assert outbox.relay_pending() == 0  # the other relay still holds it
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert outbox.relay_pending() == 1
    assert len(broker_back) == 1


def test_sent_messages_are_purged_after_a_week(broker_back):
    old = outbox.enqueue(echo, "k", "v")
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=8))
    outbox.relay_pending()
    assert not OutboxMessage.objects.exists()


@pytest.mark.usefixtures("_media_in_tmp")
def test_a_complaint_filed_while_the_broker_is_down_is_saved_acknowledged_and_emailed_later(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise OperationalError("Connection refused")

    app.conf.task_always_eager = False
    with monkeypatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setattr("celery.app.task.Task.apply_async", refuse)
        response = client.post(NEW, form_data())
    assert response.status_code == 302  # acknowledged with its tracking code
    complaint = Complaint.objects.get()
    assert complaint.tracking_code in client.get(response.url).content.decode()
    assert mail.outbox == []
    assert outbox.pending_count() >= 1

    app.conf.task_always_eager = True  # the broker is back (eager: the task runs here)
    relay_outbox()
    assert [m.to for m in mail.outbox] == [["rosa.calazacon@example.org"]]
    assert complaint.tracking_code in mail.outbox[0].body
    assert Complaint.objects.count() == 1
    assert outbox.pending_count() == 0


def test_with_the_cache_down_citizens_can_still_file_and_track(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, form_data())
    assert response.status_code == 302
    code = Complaint.objects.get().tracking_code
    assert client.get(response.url).status_code == 200
    assert client.get("/seguimiento/", {"codigo": code}).status_code == 302


def test_with_the_cache_down_the_rate_limit_still_counts_in_process(settings):
    from core import ratelimit

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    results = [ratelimit.hit("test:cache-down", 3, 60) for _ in range(5)]
    assert results == [True, True, True, False, False]
