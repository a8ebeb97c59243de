"""docs/operations.md, read as a newcomer follows it: every command in it names a real
compose service, script or management command, and each of those is exercised by a test or
by scripts/smoke (which CI runs)."""

import logging
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

from config.logging import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs/operations.md").read_text()
SERVICES = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
COMPOSE_SUBCOMMANDS = {"build", "up", "ps", "exec", "run", "logs", "stop", "restart"}
# Options of those subcommands that take a value (the next word is not a service).
VALUED_OPTIONS = {"--since", "--scale", "--username"}
GENERIC = {("cp", ".env.example", ".env"), ("git", "pull")}


def blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", DOC, re.S)


def commands():
    for block in blocks("sh"):
        for line in block.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                yield line


def pipeline(line):
    """The line's commands (split at |), each without leading VAR=value assignments."""
    words = shlex.split(line)
    parts, current = [], []
    for word in [*words, "|"]:
        if word == "|":
            while current and re.match(r"^[A-Z_]+=", current[0]):
                current.pop(0)
            parts.append(current)
            current = []
        else:
            current.append(word)
    return parts


def exercised(name):
    """Some test, or the smoke run, runs this script or management command."""
    sources = [p.read_text() for p in (ROOT / "tests").rglob("*.py")]
    sources.append((ROOT / "scripts/smoke").read_text())
    return any(f'"{name}"' in text for text in sources)


def check_inner(words, line):
    """A command run inside a container (after `exec <service>` / `run <service>`)."""
    if words[:2] == ["python", "manage.py"]:
        assert words[2] in get_commands(), line
        assert exercised(words[2]), f"no test runs manage.py {words[2]}"
    elif words[0].startswith("scripts/"):
        check_script(words[0], line)
    else:
        pytest.fail(f"unknown command in a container: {line}")


def check_script(path, line):
    script = ROOT / path
    assert script.is_file() and script.stat().st_mode & 0o111, line
    assert exercised(script.name) or exercised(path), f"no test runs {path}"


def check_compose(words, line):
    sub, rest = words[2], words[3:]
    assert sub in COMPOSE_SUBCOMMANDS, line
    names, i = [], 0
    while i < len(rest):
        word = rest[i]
        if word in VALUED_OPTIONS:
            if word == "--scale":
                names.append(rest[i + 1].split("=")[0])
            i += 2
            continue
        if word.startswith("-"):
            i += 1
            continue
        names.append(word)
        if sub in ("exec", "run"):  # the service, then the command run in it
            if rest[i + 1 :]:
                check_inner(rest[i + 1 :], line)
            break
        i += 1
    for name in names:
        assert name in SERVICES, f"{line}: no service {name!r}"
    if sub in ("exec", "run"):
        assert names, line


def test_the_document_has_commands_for_each_task_a_newcomer_faces():
    for heading in [
        "## First deployment",
        "## The first administrator",
        "## The territory and the demonstration data",
        "## Upgrading",
        "## Backup and restore",
        "## Rotating SECRET_KEY",
        "## Reading the logs",
        "## Error reporting (optional)",
        "## Scaling out",
    ]:
        assert heading in DOC
    assert len(list(commands())) >= 20


def test_every_command_names_a_real_service_script_or_management_command():
    for line in commands():
        first, *others = pipeline(line)
        if first[:2] == ["docker", "compose"]:
            check_compose(first, line)
        elif first[0].startswith("scripts/"):
            check_script(first[0], line)
        elif first[:2] == ["python3", "-c"]:
            continue  # run by the next test
        else:
            assert tuple(first) in GENERIC, f"unknown command: {line}"
        for other in others:
            assert other[0] == "grep", line


def test_the_table_describes_every_compose_service():
    described = set(re.findall(r"^\| `([a-z-]+)`", DOC, re.M))
    described |= {"db", "redis"}  # one row for both
    assert described == set(SERVICES)


def test_the_new_secret_key_command_prints_a_long_random_key():
    (line,) = [c for c in commands() if c.startswith("python3 -c")]
    code = shlex.split(line)[2]
    keys = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    assert len(keys) == 2
    assert all(len(key) >= 50 and re.fullmatch(r"[A-Za-z0-9_-]+", key) for key in keys)


def test_the_log_filter_finds_errors_in_the_json_lines():
    (line,) = [c for c in commands() if "grep" in c]
    pattern = pipeline(line)[1][-1]

    def formatted(level):
        record = logging.LogRecord("core.views", level, __file__, 1, "Algo pasó", None, None)
        return JsonFormatter().format(record)

    assert pattern in formatted(logging.ERROR)
    assert pattern not in formatted(logging.INFO)


def test_the_daily_backup_line_runs_the_documented_backup_command():
    (cron,) = blocks("text")
    assert "docker compose run --rm backup" in cron
    assert "docker compose run --rm backup" in list(commands())
    assert re.match(r"^\d+ \d+ \* \* \* cd ", cron)


def test_restore_in_the_document_names_a_folder_the_backup_script_makes():
    (line,) = [c for c in commands() if "backup scripts/restore" in c]
    folder = shlex.split(line)[-1]
    assert re.fullmatch(r"/backups/minga-\d{8}T\d{6}Z", folder)
    assert 'name="minga-$stamp"' in (ROOT / "scripts/backup").read_text()
    assert "stamp=$(date -u +%Y%m%dT%H%M%SZ)" in (ROOT / "scripts/backup").read_text()


@pytest.mark.parametrize("dsn", ["", "https://clave@errores.example.org/3"])
def test_error_reporting_starts_only_with_sentry_dsn_and_sends_no_personal_data(tmp_path, dsn):
    """A stand-in sentry_sdk records how the settings call it (the real package is optional)."""
    stub = tmp_path / "sentry_sdk"
    stub.mkdir()
    (stub / "__init__.py").write_text(
        "import json, os\n"
        "open(os.environ['STUB_LOG'], 'a').write('imported\\n')\n"
        "def init(**kwargs):\n"
        "    open(os.environ['STUB_LOG'], 'a').write(json.dumps(kwargs) + '\\n')\n"
    )
    log = tmp_path / "calls"
    log.write_text("")
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": f"{tmp_path}:{ROOT}",
        "STUB_LOG": str(log),
        "SENTRY_DSN": dsn,
    }
    subprocess.run([sys.executable, "-c", "import config.settings"], cwd=ROOT, env=env, check=True)
    calls = log.read_text().splitlines()
    if not dsn:
        assert calls == []  # never imported
        return
    import json

    assert calls[0] == "imported"
    options = json.loads(calls[1])
    assert options["dsn"] == dsn
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
