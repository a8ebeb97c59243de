"""scripts/backup and scripts/restore, run as an operator runs them, on the test database.

A backup holds the database (pg_dump custom format) and both media folders; restoring it on
a wiped server (rows deleted, photo gone) or on a new, empty database gives back the same
rows and the same photo bytes."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from core.reports import ReportPhoto
from environment.complaints.models import Complaint
from tests.environment.complaints.factories import file_complaint, photo_upload

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _url(name):
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT']}/{name}"


@pytest.fixture
def ops_env(settings, tmp_path):
    """What an operator's shell holds: the database, both media folders, the backup folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return {
        **os.environ,
        "DATABASE_URL": _url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "PYTHON": sys.executable,
    }


def run(script, env, *args):
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def backup(env):
    result = run("backup", env)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def row_counts(dbname):
    """Rows in every table of the database, read over its own connection."""
    with psycopg.connect(_url(dbname).replace("postgres://", "postgresql://", 1)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture
def filed_with_photo(ops_env, settings):
    complaint = file_complaint(photos=[photo_upload()])
    photo = ReportPhoto.objects.get(object_id=complaint.pk)
    path = Path(settings.PRIVATE_MEDIA_ROOT) / photo.image.name
    upload = Path(settings.MEDIA_ROOT) / "importaciones" / "precios.csv"
    upload.parent.mkdir(parents=True)
    upload.write_text("producto;precio\nCacao;2,10\n")
    return complaint, path, upload


def test_a_wiped_server_gets_its_rows_and_photo_back_from_the_backup(ops_env, filed_with_photo):
    complaint, photo, upload = filed_with_photo
    name = connection.settings_dict["NAME"]
    counts, photo_bytes = row_counts(name), photo.read_bytes()
    assert counts["environment_complaint"] >= 1 and counts["core_reportphoto"] >= 1
    assert len(photo_bytes) > 1000

    folder = backup(ops_env)
    assert sorted(p.name for p in folder.iterdir()) == [
        "SHA256SUMS",
        "backup.txt",
        "database.dump",
        "media.tar.gz",
        "private_media.tar.gz",
    ]
    assert oct(folder.stat().st_mode & 0o777) == "0o700"  # personal data: owner only

    # Disaster: the complaint and its photo are gone, the import upload too, and a complaint
    # filed after the backup exists (a restore returns to the backup's moment).
    Complaint.objects.filter(pk=complaint.pk).delete()
    photo.unlink()
    upload.unlink()
    later = file_complaint(description="Presentada después de la copia de seguridad.")
    assert row_counts(name) != counts
    connection.close()

    result = run("restore", ops_env, "--yes", str(folder))
    assert result.returncode == 0, result.stderr

    assert row_counts(name) == counts
    assert photo.read_bytes() == photo_bytes
    assert upload.read_text() == "producto;precio\nCacao;2,10\n"
    assert Complaint.objects.filter(tracking_code=complaint.tracking_code).exists()
    assert not Complaint.objects.filter(tracking_code=later.tracking_code).exists()


def test_a_new_empty_database_restored_from_the_backup_has_the_same_rows(
    ops_env, filed_with_photo, tmp_path
):
    complaint, photo, _upload = filed_with_photo
    source = connection.settings_dict["NAME"]
    counts, photo_bytes = row_counts(source), photo.read_bytes()
    folder = backup(ops_env)

    # A new server: an empty database and empty media folders.
    target = f"{source}_restored"
    admin_url = _url("postgres").replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        new_server = {
            **ops_env,
            "DATABASE_URL": _url(target),
            "MEDIA_ROOT": str(tmp_path / "new" / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "new" / "private"),
        }
        result = run("restore", new_server, "--yes", str(folder))
        assert result.returncode == 0, result.stderr
        assert row_counts(target) == counts
        private_root = Path(ops_env["PRIVATE_MEDIA_ROOT"])
        restored = tmp_path / "new" / "private" / photo.relative_to(private_root)
        assert restored.read_bytes() == photo_bytes
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_only_the_newest_backups_are_kept(ops_env):
    env = {**ops_env, "BACKUP_KEEP": "2"}
    made = [backup(env) for _ in range(3)]
    kept = sorted(p for p in Path(env["BACKUP_DIR"]).iterdir())
    assert kept == made[1:]
    assert not made[0].exists()


def test_a_failed_backup_leaves_nothing_behind_and_deletes_no_old_backup(ops_env):
    env = {**ops_env, "BACKUP_KEEP": "1"}
    first = backup(env)
    broken = {**env, "DATABASE_URL": _url("minga_no_such_database")}
    result = run("backup", broken)
    assert result.returncode != 0
    assert list(Path(env["BACKUP_DIR"]).iterdir()) == [first]  # no partial folder, first kept


def test_restore_refuses_a_damaged_backup_and_an_unconfirmed_run(ops_env, filed_with_photo):
    _complaint, photo, _upload = filed_with_photo
    folder = backup(ops_env)
    photo_bytes = photo.read_bytes()

    result = run("restore", ops_env, str(folder))  # no --yes and no terminal to ask on
    assert result.returncode != 0
    assert "--yes" in result.stderr

    dump = folder / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-10])
    photo.unlink()
    result = run("restore", ops_env, "--yes", str(folder))
    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert not photo.exists()  # nothing was touched
    assert photo_bytes
