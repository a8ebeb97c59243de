"""XLSX snapshots of large datasets: built by a Celery task into a file, served with
ETag/Last-Modified, rebuilt when the data change (a fingerprint moves) and nightly.

A download that finds its snapshot stale still gets the previous file at once (and a
rebuild is queued); one that finds none builds it inline when the dataset is small, else
answers 503 with Retry-After while the worker builds it. No request holds a worker for
minutes writing a spreadsheet of a million rows.
"""

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _

from .datasets import try_later
from .exports import XLSX_TYPE, write_xlsx
from .registry import Dataset

logger = logging.getLogger(__name__)
# Below this many rows a missing snapshot is built in the request (about a second).
INLINE_ROWS = 50_000


def root() -> Path:
    return Path(settings.DATASET_SNAPSHOT_ROOT)


def _paths(ds: Dataset) -> tuple[Path, Path]:
    base = root() / ds.slug
    return base.with_suffix(".xlsx"), base.with_suffix(".json")


def fingerprint(ds: Dataset) -> str:
    """Moves whenever rows are added, removed or changed (count + last modification)."""
    raw = f"{ds.row_count()}|{ds.last_modified()}|{ds.column_names}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _stored(ds: Dataset) -> dict | None:
    xlsx, meta = _paths(ds)
    try:
        info = json.loads(meta.read_text())
    except (OSError, ValueError):
        return None
    return info if xlsx.exists() else None


def build(ds: Dataset, *, force: bool = False) -> bool:
    """Writes the snapshot if missing or stale; True when it wrote one. Atomic: readers see
    the old file or the new one, never half of one."""
    current = fingerprint(ds)
    stored = _stored(ds)
    if stored and stored.get("fingerprint") == current and not force:
        return False
    xlsx, meta = _paths(ds)
    _write_atomically(
        xlsx, meta, current, lambda out: write_xlsx(ds.column_names, ds.iter_rows(), out)
    )
    return True


def _write_atomically(path: Path, meta: Path, fingerprint_: str, write) -> None:
    """write(binary file) into a temporary file renamed over `path`, so readers see the old
    file or the new one, never half of one; then the fingerprint it was built from."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=path.suffix + ".part")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    meta.write_text(json.dumps({"fingerprint": fingerprint_}))


def queue_build(key: str) -> None:
    from . import outbox, tasks

    try:
        outbox.enqueue(tasks.build_dataset_snapshot, key)
    except Exception:  # never let a download fail because a rebuild could not be queued
        logger.warning("could not queue the snapshot of %s", key, exc_info=True)


def snapshot_response(request, ds: Dataset, filename: str):
    stored = _stored(ds)
    if stored is None:
        if ds.row_count() > INLINE_ROWS:
            queue_build(ds.key)
            return try_later(
                _("La hoja de cálculo se está preparando; intente en unos minutos."), 503, 120
            )
        build(ds)
        stored = _stored(ds)
    elif stored.get("fingerprint") != fingerprint(ds):
        queue_build(ds.key)  # serve the previous file now, the new one soon
    xlsx, _meta = _paths(ds)
    etag = f'"{stored["fingerprint"]}"'
    mtime = int(xlsx.stat().st_mtime)
    if etag in request.headers.get("If-None-Match", ""):
        return _with_validators(HttpResponseNotModified(), etag, mtime)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since and "If-None-Match" not in request.headers and mtime <= since:
        return _with_validators(HttpResponseNotModified(), etag, mtime)
    response = FileResponse(
        xlsx.open("rb"), as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE
    )
    return _with_validators(response, etag, mtime)


def _with_validators(response, etag, mtime):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(mtime)
    response["Cache-Control"] = "public, max-age=300"
    return response


# Many changes in a row (a day's prices validated one by one) make one rebuild.
DEBOUNCE_SECONDS = 300


def on_data_changed(sender, **kwargs):
    """data_changed receiver: queue a rebuild of the app's large datasets, debounced."""
    from django.core.cache import cache

    from . import outbox, tasks
    from .registry import datasets

    for ds in datasets:
        if not (ds.large and ds.rows and ds.key.split(".")[0] == sender):
            continue
        try:
            first = cache.add(f"snapshot-pending:{ds.key}", 1, timeout=DEBOUNCE_SECONDS)
        except Exception:  # cache down: rebuild once more rather than not at all
            first = True
        if first:
            outbox.enqueue(tasks.build_dataset_snapshot, ds.key, countdown=DEBOUNCE_SECONDS)


# Every public dataset in one file: a Data Package zip (one CSV each and a datapackage.json
# with their Table Schemas), rebuilt by the nightly task when any dataset changed.
ZIP_NAME = "todo.zip"


def _zip_paths() -> tuple[Path, Path]:
    return root() / ZIP_NAME, root() / "todo.json"


def zip_datasets() -> list[Dataset]:
    from .registry import datasets

    return [ds for ds in datasets if ds.columns and ds.rows]


def build_zip(*, force: bool = False) -> bool:
    """Writes /datos/todo.zip if missing or if a dataset changed; True when it wrote one."""
    members = zip_datasets()
    current = hashlib.sha256("".join(fingerprint(ds) for ds in members).encode()).hexdigest()
    path, meta = _zip_paths()
    try:
        stored = json.loads(meta.read_text())
    except (OSError, ValueError):
        stored = {}
    if path.exists() and stored.get("fingerprint") == current and not force:
        return False
    _write_atomically(path, meta, current, lambda out: _write_zip(out, members))
    return True


def _write_zip(out, members) -> None:
    import zipfile

    from .datasets import datapackage
    from .exports import csv_chunks

    resources = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for ds in members:
            with zf.open(f"{ds.slug}.csv", "w", force_zip64=True) as entry:
                for chunk in csv_chunks(ds.column_names, ds.iter_rows()):
                    entry.write(chunk.encode("utf-8"))
            # The dataset's own package resource, pointing at the file beside it.
            resource = datapackage(ds, "")["resources"][0]
            resources.append({**resource, "title": str(ds.title), "path": f"{ds.slug}.csv"})
        package = {
            "profile": "tabular-data-package",
            "name": "minga-datos-abiertos",
            "title": "Minga · Datos abiertos",
            "licenses": datapackage(members[0], "")["licenses"] if members else [],
            "resources": resources,
        }
        zf.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=1))


def zip_response(request):
    """The last built zip with validators; 503 with Retry-After (and a build queued) before
    the first one exists. Its age is at most a night (the Last-Modified header says)."""
    path, _meta = _zip_paths()
    if not path.exists():
        from django.core.cache import cache

        from . import outbox, tasks

        try:
            if cache.add("snapshot-pending:todo.zip", 1, timeout=DEBOUNCE_SECONDS):
                outbox.enqueue(tasks.build_open_data_zip)
        except Exception:  # noqa: BLE001 - answer anyway
            logger.warning("could not queue the open-data zip", exc_info=True)
        return try_later(
            _("El archivo con todos los datos se está preparando; intente en unos minutos."),
            503,
            120,
        )
    stat = path.stat()
    etag = f'"{int(stat.st_mtime)}-{stat.st_size}"'
    mtime = int(stat.st_mtime)
    if etag in request.headers.get("If-None-Match", ""):
        return _with_validators(HttpResponseNotModified(), etag, mtime)
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename="minga-datos.zip",
        content_type="application/zip",
    )
    return _with_validators(response, etag, mtime)
