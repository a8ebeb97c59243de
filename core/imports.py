"""One import framework for every app: the job record, the file readers with their limits,
progress and the per-row report. Each app keeps only its row cleaner and its writer.

A job is queued by the app's service (after commit, through the outbox), claimed once by the
worker (a redelivered task finds it no longer queued), checks every row, and writes in one
transaction or not at all. Beat fails jobs whose worker died (`fail_stalled`).
"""

import csv
import io
import zipfile
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .text import clean_text


def _upload_to(instance, filename):
    return f"importaciones/{instance._meta.app_label}/{filename}"


class ImportJob(models.Model):
    """Abstract: an app's import job adds what it needs (a kind, an all-or-nothing switch)."""

    class Status(models.TextChoices):
        QUEUED = "en_cola", _lazy("En cola")
        RUNNING = "en_proceso", _lazy("En proceso")
        DONE = "completado", _lazy("Completado")
        FAILED = "fallido", _lazy("Fallido: nada guardado")

    file = models.FileField(
        _lazy("archivo (CSV o XLSX)"),
        upload_to=_upload_to,
        validators=[FileExtensionValidator(["csv", "xlsx"])],
    )
    status = models.CharField(
        _lazy("estado"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_lazy("filas"), default=0)
    processed = models.PositiveIntegerField(_lazy("filas revisadas"), default=0)
    saved = models.PositiveIntegerField(_lazy("filas guardadas"), default=0)
    # [{"line": 7, "field": "precio", "message": "..."}]; line 1 is the header, 0 the file.
    errors = models.JSONField(_lazy("errores por fila"), default=list, blank=True)
    message = models.TextField(_lazy("mensaje"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_lazy("subido por"),
    )
    created_at = models.DateTimeField(_lazy("subido el"), auto_now_add=True)
    finished_at = models.DateTimeField(_lazy("terminado el"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_lazy("último avance"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed__lte=F("total")),
                name="%(app_label)s_importjob_processed_le_total",
            ),
        ]

    def __str__(self):
        return f"{_('Importación')} #{self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> Decimal:
        if not self.total:
            return Decimal(100 if self.finished else 0)
        return (Decimal(self.processed) * 100 / self.total).quantize(Decimal("1"))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


def row_error(line: int, message, field: str = "") -> dict:
    return {"line": line, "field": field, "message": str(message)}


# --- reading files, within limits -------------------------------------------------------


class FileRefused(Exception):
    """The file cannot be imported as it is; the message says why (nothing is saved)."""


class FileTooLarge(FileRefused):
    """The file declares or holds more than the import limits allow; nothing was read."""


def _cell(value, line):
    """The text rule (core.text) on a cell: control characters dropped, NUL refusing the file
    with its line (a spreadsheet never holds one; a NUL would stop PostgreSQL mid-import)."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        raise FileRefused(
            _("La línea %(line)s contiene un carácter nulo (NUL): corrija el archivo.")
            % {"line": line}
        )
    return clean_text(value)


def _limits():
    return (
        settings.IMPORT_MAX_ROWS,
        settings.IMPORT_MAX_COLUMNS,
        settings.IMPORT_MAX_MB * 1024 * 1024,
    )


def _too_large(what: str, found, limit):
    return FileTooLarge(
        _("El archivo es demasiado grande: %(what)s %(found)s (máximo %(limit)s).")
        % {"what": what, "found": found, "limit": limit}
    )


def _check_xlsx(handle):
    """A few KB of XLSX can declare a million rows or unzip to gigabytes: both are checked
    from the zip directory and the sheet's declared size before any row is read."""
    max_rows, max_cols, max_bytes = _limits()
    with zipfile.ZipFile(handle) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
    if unzipped > max_bytes:
        raise _too_large(
            _("descomprimido ocupa"), f"{unzipped // 2**20} MB", f"{max_bytes // 2**20} MB"
        )
    handle.seek(0)
    from openpyxl import load_workbook

    book = load_workbook(handle, read_only=True, data_only=True)
    sheet = book.active
    rows, cols = sheet.max_row or 0, sheet.max_column or 0
    if rows > max_rows + 1:
        book.close()
        raise _too_large(_("filas declaradas"), rows - 1, max_rows)
    if cols > max_cols:
        book.close()
        raise _too_large(_("columnas declaradas"), cols, max_cols)
    return book


@contextmanager
def open_table(source, name: str | None = None):
    """Yields (header, rows) of a CSV or XLSX file: header as the raw cell texts, rows as
    (line, values) with line 1 the header, values cut to the header's width; blank lines are
    skipped (a row of zeros is data). `source` is a path or an open binary file.

    Raises FileTooLarge before reading when the file is over IMPORT_MAX_MB (uncompressed for
    XLSX) or declares more rows or columns than allowed, and while reading when it holds
    more rows than allowed. CSV: UTF-8 with or without BOM; ';' or tab also accepted as
    separators (spreadsheets in Spanish often save with ';').
    """
    max_rows, max_cols, max_bytes = _limits()
    name = str(name or getattr(source, "name", source))
    with _binary(source) as handle:
        handle.seek(0, io.SEEK_END)
        size = handle.tell()
        handle.seek(0)
        if size > max_bytes:
            raise _too_large(_("ocupa"), f"{size // 2**20} MB", f"{max_bytes // 2**20} MB")
        if name.lower().endswith(".xlsx"):
            book = _check_xlsx(handle)
            try:
                rows = book.active.iter_rows(values_only=True, max_col=max_cols)
                header = [_cell(str(h if h is not None else ""), 1) for h in next(rows, ())]
                yield header, _bounded(rows, len(header), max_rows)
            finally:
                book.close()
            return
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        try:
            first = text.readline()
            text.seek(0)
            delimiter = max(",;\t", key=first.count)
            reader = csv.reader(text, delimiter=delimiter)
            header = [_cell(h, 1) for h in next(reader, [])]
            if len(header) > max_cols:
                raise _too_large(_("columnas"), len(header), max_cols)
            yield header, _bounded(reader, len(header), max_rows)
        finally:
            text.detach()  # the caller's file stays open for the caller to close


@contextmanager
def _binary(source):
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            yield handle
    else:
        source.seek(0)
        yield source


def _bounded(rows, width, max_rows):
    count = 0
    for line, values in enumerate(rows, start=2):
        if not values or all(v in (None, "") for v in values):
            continue
        count += 1
        if count > max_rows:
            raise _too_large(_("filas"), f"> {max_rows}", max_rows)
        yield line, tuple(_cell(v, line) for v in values[:width])


# --- the job's life ---------------------------------------------------------------------


def claim(job) -> bool:
    """Queued -> running, once: a redelivered task finds the job taken and does nothing."""
    model = type(job)
    taken = model.objects.filter(pk=job.pk, status=model.Status.QUEUED).update(
        status=model.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if taken:
        job.status = model.Status.RUNNING
    return bool(taken)


def progress(job, **fields):
    """Saves progress with the time of this sign of life (see fail_stalled)."""
    fields["heartbeat_at"] = timezone.now()
    type(job).objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def finish(job, *, errors=(), saved=0, message="", failed=None):
    """Ends the job: failed when told so, or when nothing was saved and rows were wrong."""
    errors = sorted(errors, key=lambda e: (e["line"], e["field"]))[: settings.IMPORT_MAX_ERRORS]
    if failed is None:
        failed = bool(errors) and not saved
    status = job.Status.FAILED if failed else job.Status.DONE
    progress(
        job,
        status=status,
        saved=0 if failed else saved,
        errors=errors,
        message=str(message),
        finished_at=timezone.now(),
    )
    return job


def stalled_message() -> str:
    return _(
        "La importación se interrumpió: el proceso en segundo plano se detuvo sin terminar. "
        "No se guardó nada; vuelva a subir el archivo."
    )


def fail_stalled(model) -> int:
    """Marks failed the running jobs with no sign of life for IMPORT_STALLED_AFTER.

    Each import writes its rows in one transaction, which dies with its worker, so such a job
    saved nothing; a redelivered task finds it no longer queued and leaves it alone, so
    without this the job would read "in progress" for ever and staff would keep waiting.
    """
    now = timezone.now()
    cutoff = now - settings.IMPORT_STALLED_AFTER
    quiet = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    message = stalled_message()
    return (
        model.objects.filter(status=model.Status.RUNNING)
        .filter(quiet)
        .update(
            status=model.Status.FAILED,
            finished_at=now,
            message=message,
            errors=[row_error(0, message)],
        )
    )


def migrate_reports(apps, label):
    """Data migration for an app's jobs written before the shared base, so they keep reading
    right (roads' pendiente/procesando statuses, {"row"}/{"reason"} report entries)."""
    statuses = {"pendiente": "en_cola", "procesando": "en_proceso"}
    model = apps.get_model(label, "ImportJob")
    for job in model.objects.all().iterator():
        errors = [
            row_error(
                e.get("line", e.get("row", 0)),
                e.get("message", e.get("reason", "")),
                e.get("field", ""),
            )
            for e in job.errors or []
        ]
        job.status = statuses.get(job.status, job.status)
        job.errors = errors
        job.save(update_fields=["status", "errors"])
