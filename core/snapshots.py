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
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _

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
    xlsx.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=xlsx.parent, suffix=".xlsx.part")
    try:
        with os.fdopen(fd, "wb") as out:
            write_xlsx(ds.column_names, ds.iter_rows(), out)
        os.replace(tmp, xlsx)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    meta.write_text(json.dumps({"fingerprint": current}))
    return True


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
            response = HttpResponse(
                _("La hoja de cálculo se está preparando; intente en unos minutos."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "120"
            return response
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
