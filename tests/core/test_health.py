from unittest import mock

import pytest
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_health_reports_each_component_ok(client):
    response = client.get("/salud/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache", "broker", "worker"} <= set(body["components"])
    assert body["components"]["database"]["status"] == "ok"
    assert body["components"]["cache"]["status"] == "ok"
    assert body["components"]["broker"]["status"] == "ok"


@pytest.mark.django_db
def test_health_is_503_with_a_clear_body_when_redis_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/salud/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["components"]["cache"]["status"] == "error"
    assert body["components"]["broker"]["status"] == "error"
    assert body["components"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_unreachable(client):
    with mock.patch(
        "core.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/salud/")
    assert response.status_code == 503
    body = response.json()
    assert body["components"]["database"] == {
        "status": "error",
        "vendor": body["components"]["database"]["vendor"],
        "error": "OperationalError",
    }


@pytest.mark.django_db
def test_health_shows_when_a_worker_last_ran_the_heartbeat(client):
    from core.tasks import heartbeat

    heartbeat.delay()
    body = client.get("/salud/").json()
    assert body["components"]["worker"]["status"] == "ok"
    assert body["components"]["worker"]["seconds_ago"] <= 5
