"""`make run` on a machine with only Python: SQLite, eager tasks, every migration and the
whole demo. CI runs on PostgreSQL, so without this a PostgreSQL-only migration would slip
through and break the newcomer's first command."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_migrations_and_the_whole_demo_load_on_sqlite_without_redis(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DEBUG="1")
    env["MEDIA_ROOT"] = str(tmp_path / "media")

    migrated = _manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    loaded = _manage("load_demo", env=env)
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    for app in ["forum", "proposals", "environment", "agroprices", "roads", "commitments"]:
        assert f"· {app}:" in loaded.stdout

    again = _manage("load_demo", env=env)  # idempotent: the second run changes nothing
    assert again.returncode == 0, again.stderr[-3000:]
