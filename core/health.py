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
    """Informational: when the Celery worker last ran the heartbeat task (beat, every minute)."""
    try:
        last = cache.get(HEARTBEAT_KEY)
    except Exception:
        last = None
    if last is None:
        return {"status": "unknown"}
    return {"status": "ok", "seconds_ago": round(time.time() - last)}


def report():
    components = {
        "database": check_database(),
        "cache": check_cache(),
        "broker": check_broker(),
    }
    healthy = all(c["status"] == "ok" for c in components.values())
    components["worker"] = worker_heartbeat()
    return healthy, {"status": "ok" if healthy else "error", "components": components}
