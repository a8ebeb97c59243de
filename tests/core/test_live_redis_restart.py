"""Redis going away and coming back, on a Redis of the test's own (another port, its own data
directory): the worker survives and runs the task it held, and a citizen's submission made
while Redis is down is saved, acknowledged and e-mailed once Redis is back."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache.backends.redis import RedisCache

from config.celery import app

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server this test starts, stops (saving, as a restart does) and starts again."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--dir", str(self.directory), "--dbfilename", "dump.rdb", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        """SHUTDOWN SAVE: the data survives, as with Redis's default snapshots."""
        import redis

        with contextlib.suppress(redis.ConnectionError):  # shutdown closes the connection
            redis.Redis(port=self.port).shutdown(save=True)
        self.process.wait(timeout=10)

    def cache(self):
        return RedisCache(self.url, {"KEY_PREFIX": "minga"})


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(timeout=10)


def wait_for(check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    return None


def test_the_worker_survives_a_redis_restart_and_runs_the_task_it_held(private_redis, tmp_path):
    from core.tasks import echo

    env = {
        **os.environ,
        "REDIS_URL": private_redis.url,
        # Held messages come back after the visibility timeout: short here, 1 h in production.
        "BROKER_VISIBILITY_TIMEOUT": "8",
    }
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info"]
        + ["-Q", "celery,imports", "-c", "1", "--without-mingle", "--without-gossip"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    cache = private_redis.cache()
    try:
        with app.connection_for_write(private_redis.url) as conn:
            echo.apply_async(("live:probe", "listo"), connection=conn)
            assert wait_for(lambda: cache.get("live:probe"), 60) == "listo", "worker never ran"
            key = f"live:{uuid.uuid4()}"
            echo.apply_async((key, "después del reinicio"), countdown=3, connection=conn)
        # The worker has received the countdown task and holds it, unacknowledged.
        assert wait_for(lambda: b"received" in (tmp_path / "worker.log").read_bytes(), 20)
        time.sleep(0.5)
        private_redis.stop()
        time.sleep(2)
        assert worker.poll() is None, "the worker exited when Redis went away"
        private_redis.start()

        assert wait_for(lambda: cache.get(key), 60) == "después del reinicio"
        assert worker.poll() is None, "the worker exited after Redis came back"
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
    output = (tmp_path / "worker.log").read_text()
    assert "Unrecoverable error" not in output


@pytest.fixture
def portal_on_private_redis(private_redis, settings):
    """This process (web side) uses the private Redis as broker and cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "minga",
        }
    }
    previous = app.conf.broker_url
    app.conf.broker_url = private_redis.url
    app._pool = None  # kombu keeps one pool per URL: the next publish picks the new one
    app.amqp._producer_pool = None
    yield private_redis
    app.conf.broker_url = previous
    app._pool = None  # kombu keeps one pool per URL: the next publish picks the new one
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_a_complaint_filed_while_redis_is_down_is_saved_and_emailed_when_redis_returns(
    client, portal_on_private_redis, settings, tmp_path
):
    from celery.contrib.testing.worker import start_worker

    from core import outbox
    from core.tasks import relay_outbox
    from environment.complaints.models import Complaint
    from tests.environment.complaints.test_views import NEW, form_data

    settings.MEDIA_ROOT = tmp_path / "media"
    portal_on_private_redis.stop()

    started = time.monotonic()
    response = client.post(NEW, form_data())
    assert response.status_code == 302  # acknowledged, with its tracking code
    assert time.monotonic() - started < 10  # the broker is tried only briefly
    complaint = Complaint.objects.get()
    assert complaint.tracking_code in client.get(response.url).content.decode()
    assert outbox.pending_count() >= 1
    assert mail.outbox == []

    portal_on_private_redis.start()
    with start_worker(
        app, perform_ping_check=False, pool="solo", concurrency=1, queues=["celery", "imports"]
    ):
        relay_outbox()  # what beat does every 30 s
        assert wait_for(lambda: mail.outbox, 30), "the e-mail never went out"
    assert [m.to for m in mail.outbox] == [["rosa.calazacon@example.org"]]
    assert complaint.tracking_code in mail.outbox[0].body
    assert Complaint.objects.count() == 1
    assert outbox.pending_count() == 0
