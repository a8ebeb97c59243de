"""docker-compose.yml read as an operator would (no container engine runs in CI): what runs,
what is kept on volumes, how each service is checked and restarted, what it is told."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ["migrate", "web", "worker", "worker-imports", "beat", "backup"]
LONG_RUNNING = ["db", "redis", "web", "worker", "worker-imports", "beat", "proxy"]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def _mounts(service):
    return {v.split(":")[0]: v.split(":")[1] for v in service.get("volumes", [])}


def test_the_stack_has_a_proxy_web_workers_beat_database_redis_and_a_one_shot_migration(services):
    assert set(services) == {*LONG_RUNNING, "migrate", "backup"}
    # The backup tool runs only when asked (`docker compose run --rm backup`), never on `up`.
    assert services["backup"]["profiles"] == ["tools"]
    assert all("profiles" not in services[name] for name in [*LONG_RUNNING, "migrate"])


def test_every_long_running_service_restarts_unless_stopped_and_migrate_runs_once(services):
    for name in LONG_RUNNING:
        assert services[name]["restart"] == "unless-stopped", name
    assert services["migrate"]["restart"] == "no"
    assert services["backup"]["restart"] == "no"
    assert "migrate --noinput" in services["migrate"]["command"]
    assert "collectstatic --noinput" in services["migrate"]["command"]
    assert "migrate" not in services["web"]["command"]


def test_web_and_workers_wait_for_the_migration_to_succeed_and_for_healthy_backends(services):
    for name in ["web", "worker", "worker-imports", "beat"]:
        deps = services[name]["depends_on"]
        assert deps["migrate"] == {"condition": "service_completed_successfully"}, name
        assert deps["db"] == {"condition": "service_healthy"}, name
        assert deps["redis"] == {"condition": "service_healthy"}, name
    assert services["migrate"]["depends_on"]["db"] == {"condition": "service_healthy"}


def test_database_redis_media_and_static_live_on_named_volumes(compose, services):
    assert set(compose["volumes"]) == {
        "pgdata",
        "redisdata",
        "static",
        "media",
        "private_media",
        "snapshots",
    }
    assert _mounts(services["db"]) == {"pgdata": "/var/lib/postgresql/data"}
    assert _mounts(services["redis"]) == {"redisdata": "/data"}


def test_web_and_both_workers_share_public_and_private_media(services):
    # An import uploaded through the web container is read by the imports worker; a
    # complaint's photo saved by web is what the e-mail worker and the admin see.
    for name in ["web", "worker", "worker-imports", "backup"]:
        env = services[name]["environment"]
        mounts = _mounts(services[name])
        assert mounts["media"] == env["MEDIA_ROOT"], name
        assert mounts["private_media"] == env["PRIVATE_MEDIA_ROOT"], name


def test_web_serves_the_dataset_downloads_the_worker_builds(services):
    for name in ["web", "worker", "worker-imports"]:
        env = services[name]["environment"]
        assert _mounts(services[name])["snapshots"] == env["DATASET_SNAPSHOT_ROOT"], name


def test_the_proxy_serves_static_and_public_media_but_never_private_media(services):
    proxy = _mounts(services["proxy"])
    assert proxy["static"] == "/srv/static"
    assert proxy["media"] == "/srv/media"
    assert "private_media" not in proxy
    assert proxy["./deploy/nginx.conf"] == "/etc/nginx/conf.d/default.conf"
    assert _mounts(services["web"])["static"] == "/app/staticfiles"
    assert services["proxy"]["ports"] == ["80:80", "443:443"]
    assert "ports" not in services["web"]  # only through the proxy


def test_each_service_has_its_health_check(services):
    def check(name):
        return " ".join(services[name]["healthcheck"]["test"])

    assert "pg_isready" in check("db")
    assert "redis-cli ping" in check("redis")
    assert "deploy/healthcheck.py" in check("web")
    assert "/salud/" in (ROOT / "deploy/healthcheck.py").read_text()
    assert "inspect ping -d default@" in check("worker")
    assert "inspect ping -d imports@" in check("worker-imports")
    assert "/nginx-health" in check("proxy")


def test_imports_have_their_own_worker_so_they_never_delay_e_mails(services):
    from django.conf import settings

    def queues(name):
        return re.search(r"-Q (\S+)", services[name]["command"]).group(1).split(",")

    assert queues("worker") == [settings.CELERY_TASK_DEFAULT_QUEUE]
    assert queues("worker-imports") == ["imports"]
    assert settings.CELERY_TASK_ROUTES["*.tasks.import_*"] == {"queue": "imports"}
    assert services["beat"]["command"].startswith("celery -A config beat")


def test_the_app_is_told_its_address_its_proxy_and_where_its_files_are(services):
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["TRUSTED_PROXY_HOPS"] == "1", name
        assert env["SITE_URL"].startswith("${SITE_URL:?"), name
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), name
        assert env["ALLOWED_HOSTS"].startswith("${ALLOWED_HOSTS:?"), name
        assert env["DATABASE_URL"].endswith("@db:5432/minga"), name
        assert env["REDIS_URL"] == "redis://redis:6379/0", name
        assert env["LOG_FORMAT"] == "json", name
        assert services[name]["env_file"] == [".env"], name


def test_nginx_compresses_passes_the_client_address_and_hides_import_uploads():
    conf = (ROOT / "deploy/nginx.conf").read_text()
    assert "gzip on;" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Real-IP $remote_addr;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "location ^~ /media/agroprices/imports/ { return 404; }" in conf
    assert "location ^~ /media/importaciones/ { return 404; }" in conf
    assert "server web:8000;" in conf


def test_nginx_hides_the_folder_of_every_app_s_import_uploads():
    from django.apps import apps

    from core.imports import ImportJob

    conf = (ROOT / "deploy/nginx.conf").read_text()
    hidden = re.findall(r"location \^~ /media/(\S+) \{ return 404; \}", conf)
    jobs = [m for m in apps.get_models() if issubclass(m, ImportJob)]
    assert len(jobs) >= 2
    for model in jobs:
        field = model._meta.get_field("file")
        path = field.generate_filename(model(), "precios.csv")
        assert any(path.startswith(prefix) for prefix in hidden), path


def test_the_example_env_sets_every_variable_compose_requires():
    example = (ROOT / ".env.example").read_text()
    names = {line.split("=")[0] for line in example.splitlines() if re.match(r"^[A-Z_]+=", line)}
    required = set(re.findall(r"\$\{([A-Z_]+):\?", (ROOT / "docker-compose.yml").read_text()))
    assert required == {"SECRET_KEY", "SITE_URL", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"}
    assert required <= names
    assert "SECURE_SSL_REDIRECT=1" in example


def test_every_setting_the_app_reads_is_in_the_readme_table():
    settings_py = (ROOT / "config/settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_py))
    assert {"SITE_URL", "DATABASE_URL", "LOG_FORMAT", "DATABASE_REPLICA_URL"} <= read
    readme = (ROOT / "README.md").read_text()
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    documented = set(re.findall(r"`([A-Z_]+)`", table))
    assert read - documented == set()


def test_the_backup_tool_sees_the_database_both_media_volumes_and_the_host_backup_folder(
    services,
):
    backup = services["backup"]
    assert backup["command"] == "scripts/backup"
    assert backup["environment"]["BACKUP_DIR"] == "/backups"
    assert "${BACKUP_DIR:-./backups}:/backups" in backup["volumes"]  # the host folder (.env)
    assert backup["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert (ROOT / "scripts/backup").stat().st_mode & 0o111
    assert (ROOT / "scripts/restore").stat().st_mode & 0o111
    assert "postgresql-client" in (ROOT / "Dockerfile").read_text()  # pg_dump, pg_restore


@pytest.mark.parametrize("service", ["migrate", "web", "worker", "worker-imports", "beat"])
def test_ci_runs_each_service_with_the_command_compose_runs(services, service):
    """scripts/smoke starts every process through scripts/compose_command, which reads the
    compose file: the command CI runs is the one production runs."""
    printed = subprocess.run(
        [sys.executable, str(ROOT / "scripts/compose_command"), "--print", service],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shlex.split(printed) == shlex.split(services[service]["command"])


def test_the_smoke_run_starts_web_workers_and_beat_through_compose_command_in_ci():
    smoke = (ROOT / "scripts/smoke").read_text()
    assert 'SERVICES = ["web", "worker", "worker-imports", "beat"]' in smoke
    assert '[PY, "scripts/compose_command", service]' in smoke
    assert 'stack.run_once("migrate", "migrate")' in smoke
    assert '"--healthcheck"' in smoke
    ci = (ROOT / ".ci/run").read_text()
    postgres_suite = ci.index('\nmake test PYTEST_ARGS="${PYTEST_ARGS:-}"')
    smoke_line = ci.index(".venv/bin/python scripts/smoke")
    # The newcomer's SQLite run starts before the PostgreSQL suite and is waited for last.
    newcomer = ci.index("env -u DATABASE_URL")
    assert newcomer < postgres_suite < smoke_line < ci.index('wait "$newcomer"')


def test_compose_command_runs_each_health_check_as_docker_would():
    def printed(service):
        return subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts/compose_command"),
                "--print",
                "--healthcheck",
                service,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert printed("web") == "python deploy/healthcheck.py"
    assert printed("worker") == (
        "sh -c 'celery -A config inspect ping -d default@$HOSTNAME --timeout 10'"
    )
