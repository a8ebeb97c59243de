from unittest import mock

import pytest
from django.db.utils import OperationalError

from config.celery import app


@pytest.fixture
def worker_mode():
    """As in production: tasks go to a worker, whose heartbeat /salud/ checks."""
    app.conf.task_always_eager = False  # the autouse fixture restores it


@pytest.mark.django_db
def test_health_reports_each_component_ok_to_staff(staff_client):
    response = staff_client.get("/salud/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache", "broker", "worker"} <= set(body["components"])
    assert body["components"]["database"]["status"] == "ok"
    assert body["components"]["cache"]["status"] == "ok"
    assert body["components"]["broker"]["status"] == "ok"


@pytest.mark.django_db
def test_health_is_503_with_a_clear_body_when_redis_is_unreachable(staff_client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = staff_client.get("/salud/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["components"]["cache"]["status"] == "error"
    assert body["components"]["broker"]["status"] == "error"
    assert body["components"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_unreachable(client):
    from core import health

    with mock.patch(
        "core.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/salud/")  # even staff cannot be recognised: no details
        healthy, body = health.report()
    assert response.status_code == 503
    assert response.json() == {"status": "degraded"}
    assert not healthy
    assert body["components"]["database"] == {
        "status": "error",
        "vendor": body["components"]["database"]["vendor"],
        "error": "OperationalError",
    }


@pytest.mark.django_db
def test_health_shows_when_a_worker_last_ran_the_heartbeat(staff_client, worker_mode):
    from core.tasks import heartbeat

    heartbeat()
    body = staff_client.get("/salud/").json()
    assert body["components"]["worker"]["status"] == "ok"
    assert body["components"]["worker"]["seconds_ago"] <= 5


@pytest.mark.django_db
def test_health_is_503_when_no_worker_sent_a_heartbeat_within_the_interval(
    staff_client, worker_mode, settings
):
    import time

    from django.core.cache import cache

    from core.health import HEARTBEAT_KEY

    settings.WORKER_HEARTBEAT_MAX_AGE = 180
    cache.set(HEARTBEAT_KEY, time.time() - 600, 3600)  # the worker died ten minutes ago
    response = staff_client.get("/salud/")
    assert response.status_code == 503
    assert response.json()["components"]["worker"]["status"] == "error"

    cache.delete(HEARTBEAT_KEY)  # never seen at all
    assert staff_client.get("/salud/").status_code == 503

    cache.set(HEARTBEAT_KEY, time.time() - 30, 3600)
    assert staff_client.get("/salud/").status_code == 200


@pytest.mark.django_db
def test_the_public_answer_says_only_ok_or_degraded(client, worker_mode):
    response = client.get("/salud/")
    assert response.status_code == 503  # no worker heartbeat yet
    assert response.json() == {"status": "degraded"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_healthy_portal_tells_the_public_only_ok(client, worker_mode, citizen):
    from core.tasks import heartbeat

    heartbeat()
    response = client.get("/salud/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}  # no backends, versions or counts
    client.force_login(citizen)  # signed in, but not staff: still no details
    assert client.get("/salud/").json() == {"status": "ok"}


@pytest.mark.django_db
def test_staff_see_the_tasks_waiting_in_the_outbox(staff_client):
    from core.models import OutboxMessage

    OutboxMessage.objects.create(task="core.tasks.echo", args=["k", "v"])
    body = staff_client.get("/salud/").json()
    assert body["components"]["outbox"]["pending"] == 1
