"""Shared fixtures: users per role, a clean cache, eager Celery except for `live` tests."""

import os

import pytest
from django.contrib.auth.models import Group

from core import roles


def pytest_collection_modifyitems(config, items):
    # A transactional test flushes the database when it ends, reference data from the data
    # migrations included (parishes, roles); restoring the serialized copy at the start of
    # each transactional test keeps the next one from finding an empty territory.
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
    from django.conf import settings

    skips = {}
    if not os.environ.get("REDIS_URL"):
        skips["live"] = pytest.mark.skip(reason="needs REDIS_URL (a real broker); CI sets it")
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        skips["postgresql"] = pytest.mark.skip(
            reason="needs PostgreSQL (concurrent writers); CI sets DATABASE_URL"
        )
    for item in items:
        for keyword, skip in skips.items():
            if keyword in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.DATASET_SNAPSHOT_ROOT = tmp_path / "snapshots"


@pytest.fixture(autouse=True)
def _isolated_cache_and_eager_tasks(request, settings):
    """Each test starts in Spanish with an empty cache (rate limits, debounce keys) and runs Celery
    tasks in-process, except `live` tests, which need the real worker."""
    from django.core.cache import cache
    from django.utils import translation

    from config.celery import app

    cache.clear()
    live = request.node.get_closest_marker("live") is not None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = not live
    # A request in English leaves English active in the thread; each test starts in Spanish.
    with translation.override(settings.LANGUAGE_CODE):
        yield
    app.conf.task_always_eager = previous


def pytest_sessionstart(session):
    """CI sets MINGA_REQUIRE_POSTGRES: the run must fail rather than fall back to SQLite."""
    if os.environ.get("MINGA_REQUIRE_POSTGRES"):
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"CI must run on PostgreSQL, not {engine}")


def _user(django_user_model, username, group=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="clave-segura-123", email=f"{username}@example.org", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def citizen(db, django_user_model):
    return _user(django_user_model, "ciudadana", roles.CITIZEN)


@pytest.fixture
def technician(db, django_user_model):
    return _user(django_user_model, "tecnico", roles.TECHNICIAN, is_staff=True)


@pytest.fixture
def moderator(db, django_user_model):
    return _user(django_user_model, "moderadora", roles.MODERATOR, is_staff=True)


@pytest.fixture
def administrator(db, django_user_model):
    return _user(django_user_model, "administradora", roles.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def staff_client(client, technician):
    client.force_login(technician)
    return client


@pytest.fixture
def forum_member(db, django_user_model):
    """A user holding the forum-member role (the forum app grants it to active members)."""
    return _user(django_user_model, "miembro", roles.FORUM_MEMBER)


@pytest.fixture
def live_worker():
    """A real Celery worker (in a thread) on Redis, consuming every queue the project routes
    to. Naming the queues each time matters: a worker started on fewer queues narrows the
    app's queue selection for every later worker in the run."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()
    with start_worker(
        app, perform_ping_check=False, pool="solo", concurrency=1, queues=["celery", "imports"]
    ) as worker:
        yield worker
