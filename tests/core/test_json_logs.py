"""LOG_FORMAT=json: what `docker compose logs` shows is one JSON object per line."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "import django, logging; django.setup(); "
    "logging.getLogger('minga.ops').warning('denuncia %s recibida', 'AMB-1', extra={'queue': 'x'})"
)


def _run(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("LOG_FORMAT", "SENTRY_DSN")}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()


def test_with_log_format_json_each_line_on_stdout_is_a_json_object():
    (line,) = _run(LOG_FORMAT="json")
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "minga.ops"
    assert entry["message"] == "denuncia AMB-1 recibida"
    assert entry["queue"] == "x"
    assert entry["time"].endswith("+00:00")


def test_without_it_the_lines_are_plain_text():
    (line,) = _run()
    assert line.endswith("WARNING minga.ops: denuncia AMB-1 recibida")
