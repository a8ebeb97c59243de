"""Component checks for /salud/: each returns a dict with at least a `status` key."""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection

HEARTBEAT_KEY = "core:worker-heartbeat"


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means the component is down
        return {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
    return {"status": "ok", "vendor": connection.vendor}


def check_cache():
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    try:
        cache.set("core:health", "ok", 10)
        if cache.get("core:health") != "ok":
            raise RuntimeError("cache did not return the value it stored")
    except Exception as exc:
        return {"status": "error", "backend": backend, "error": exc.__class__.__name__}
    return {"status": "ok", "backend": backend}


def check_broker():
    url = settings.CELERY_BROKER_URL
    if url.startswith("memory://"):
        return {"status": "ok", "transport": "eager"}
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return {"status": "error", "transport": "redis", "error": exc.__class__.__name__}
    return {"status": "ok", "transport": "redis"}


def worker_heartbeat():
    """When a Celery worker last ran the heartbeat task (beat sends it every minute).

    No heartbeat within WORKER_HEARTBEAT_MAX_AGE seconds means no worker is consuming: e-mails,
    imports and recalculations would wait silently, so the portal is reported degraded.
    """
    from celery import current_app

    if current_app.conf.task_always_eager:
        return {"status": "ok", "mode": "eager"}
    max_age = settings.WORKER_HEARTBEAT_MAX_AGE
    try:
        last = cache.get(HEARTBEAT_KEY)
    except Exception:
        last = None
    if last is None:
        return {"status": "error", "error": "no heartbeat", "max_age": max_age}
    seconds_ago = round(time.time() - last)
    status = "ok" if seconds_ago <= max_age else "error"
    return {"status": status, "seconds_ago": seconds_ago, "max_age": max_age}


def outbox_backlog():
    """Tasks committed but not yet handed to the broker (informational)."""
    from .outbox import OutboxMessage

    try:
        pending = OutboxMessage.objects.filter(sent_at__isnull=True)
        oldest = pending.order_by("pk").values_list("created_at", flat=True).first()
        count = pending.count()
    except Exception as exc:
        return {"status": "error", "error": exc.__class__.__name__}
    body = {"status": "ok", "pending": count}
    if oldest is not None:
        body["oldest_seconds"] = round(time.time() - oldest.timestamp())
    return body


def report():
    """(healthy, body): every component ok, including a worker heartbeat within the interval."""
    components = {
        "database": check_database(),
        "cache": check_cache(),
        "broker": check_broker(),
        "worker": worker_heartbeat(),
    }
    healthy = all(c["status"] == "ok" for c in components.values())
    if components["database"]["status"] == "ok":
        components["outbox"] = outbox_backlog()
    return healthy, {"status": "ok" if healthy else "degraded", "components": components}


def public_body(body):
    """What anyone may read: only ok/degraded (component details are for staff)."""
    return {"status": body["status"]}
