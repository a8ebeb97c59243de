"""Idempotent writes: a repeated POST returns the first result and stores nothing new.

Two doors, one table (`IdempotencyRecord`, in PostgreSQL so it holds with Redis down):

* Public forms carry a one-time token (`{% submission_token %}` in the template, the view
  decorated with `@idempotent_form`). A double click, a reload or two simultaneous POSTs with
  the same token and the same data make one record; the repeats are redirected to where the
  first one went (its tracking page).
* API writes may send an `Idempotency-Key` header (`IdempotencyKeyMiddleware`): a repeat with
  the same key from the same caller gets the first response back (status, body, Location);
  the same key with a different body is a 422.

How it holds under concurrency: the request inserts its record (unique key) in the same
transaction as the view's work, before running the view. A second request with the same key
blocks on the unique index until the first commits, then fails the insert and reads the
stored result. A first request that does not succeed (form errors, 4xx/5xx) deletes its
record before committing, so a corrected retry with the same token goes through.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, models, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from . import pagecache

FORM_FIELD = "submission_token"
HEADER = "HTTP_IDEMPOTENCY_KEY"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_\-]{16,128}$")
KEEP_HOURS = 24
# Bodies larger than this are not kept for replay (the API's write answers are small).
MAX_STORED_BODY = 256 * 1024
IGNORED_FIELDS = {FORM_FIELD, "csrfmiddlewaretoken"}


class IdempotencyRecord(models.Model):
    """The first answer to a POST that carried a one-time token or an Idempotency-Key."""

    key = models.CharField(_lazy("clave"), max_length=64, unique=True)
    fingerprint = models.CharField(_lazy("huella de los datos"), max_length=64)
    status = models.PositiveSmallIntegerField(_lazy("estado HTTP"), default=0)
    location = models.CharField(_lazy("redirección"), max_length=500, blank=True)
    content_type = models.CharField(_lazy("tipo de contenido"), max_length=100, blank=True)
    body = models.BinaryField(_lazy("respuesta"), blank=True, default=b"")
    created_at = models.DateTimeField(_lazy("creado"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _lazy("envío idempotente")
        verbose_name_plural = _lazy("envíos idempotentes")

    def __str__(self):
        return f"{self.key[:12]}… {self.status}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode())
        h.update(b"\x00")
    return h.hexdigest()


def _form_fingerprint(request) -> str:
    """What the citizen sent: fields (minus tokens) and each file's name, size and content."""
    h = hashlib.sha256()
    for name in sorted(k for k in request.POST if k not in IGNORED_FIELDS):
        for value in request.POST.getlist(name):
            h.update(f"{name}={value}\x00".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            h.update(f"{name}:{upload.name}:{upload.size}\x00".encode())
            for chunk in upload.chunks():
                h.update(chunk)
            upload.seek(0)
    return h.hexdigest()


def _claim(key: str, fingerprint: str) -> IdempotencyRecord | None:
    """Inserts the record in a savepoint; None when another request holds or has this key."""
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(key=key, fingerprint=fingerprint)
    except IntegrityError:
        return None


def _run_claimed(key, fingerprint, call, keep):
    """Runs `call()` holding the key. Returns (response, None) or (None, stored record)."""
    with transaction.atomic():
        record = _claim(key, fingerprint)
        if record is not None:
            response = call()
            if response.status_code >= 500:
                # A failure leaves nothing behind, the key included.
                transaction.set_rollback(True)
            elif keep(response):
                record.status = response.status_code
                record.location = response.get("Location", "")[:500]
                record.content_type = response.get("Content-Type", "")[:100]
                if not response.streaming and len(response.content) <= MAX_STORED_BODY:
                    record.body = response.content
                record.save(update_fields=["status", "location", "content_type", "body"])
            else:
                record.delete()  # not a success: a corrected retry may use the same key
            return response, None
    # Someone else claimed it; their transaction has committed (we waited on the index).
    return None, IdempotencyRecord.objects.filter(key=key).first()


def idempotent_form(view=None, *, shows=None):
    """For public form views: a repeated POST of the same rendered form returns the first result.

    The template must include `{% submission_token %}` inside the form. A POST without a
    (well-formed) token runs the view as before. Anonymous GETs come from the page cache
    (core.pagecache.form_page); `shows` names the apps whose rows the empty form displays,
    when fewer than its URL's (a complaint form shows parishes, not complaints, so a new
    complaint need not render it again).
    """
    if view is None:
        return lambda view: idempotent_form(view, shows=shows)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "GET":
            return pagecache.form_page(request, lambda: view(request, *args, **kwargs), shows=shows)
        token = request.POST.get(FORM_FIELD, "") if request.method == "POST" else ""
        if not TOKEN_RE.match(token):
            return view(request, *args, **kwargs)
        key = _digest("form", request.path, token)
        fingerprint = _form_fingerprint(request)
        for _attempt in range(5):
            existing = IdempotencyRecord.objects.filter(key=key).first()
            if existing is not None:
                if existing.fingerprint != fingerprint:
                    # The same form sent again with other data (edited after going back):
                    # a new submission, not a repeat.
                    return view(request, *args, **kwargs)
                return HttpResponseRedirect(existing.location)
            response, stored = _run_claimed(
                key,
                fingerprint,
                lambda: view(request, *args, **kwargs),
                keep=lambda r: r.status_code in (301, 302, 303) and r.get("Location"),
            )
            if response is not None:
                return response
            # Stored: answered from the record on the next turn. Released (the other request
            # failed): try again as the first.
        return view(request, *args, **kwargs)

    return wrapper


def _api_caller(request) -> str:
    """Who is calling, so one client's key never answers another's request."""
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    user = getattr(request, "user", None)
    if auth:
        return "auth:" + _digest(auth)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    from .ratelimit import client_ip

    return "ip:" + client_ip(request)


class IdempotencyKeyMiddleware:
    """`Idempotency-Key` on API POSTs: a repeat gets the first successful (2xx) response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get(HEADER)
        if request.method != "POST" or raw is None:
            return self.get_response(request)
        if not TOKEN_RE.match(raw):
            return _problem(
                400,
                _("La cabecera Idempotency-Key debe tener de 16 a 128 letras, cifras, - o _."),
            )
        key = _digest("api", request.path, _api_caller(request), raw)
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            # Parsed, not read raw: an upload larger than the in-memory limit stays on disk.
            fingerprint = _digest(content_type.split(";")[0], _form_fingerprint(request))
        else:
            fingerprint = _digest(content_type, request.body)
        for _attempt in range(3):
            existing = IdempotencyRecord.objects.filter(key=key).first()
            if existing is not None:
                if existing.fingerprint != fingerprint:
                    return _problem(
                        422,
                        _("Esta Idempotency-Key ya se usó con otros datos; use una clave nueva."),
                    )
                return _replay(existing)
            response, stored = _run_claimed(
                key,
                fingerprint,
                lambda: self.get_response(request),
                keep=lambda r: 200 <= r.status_code < 300 and not r.streaming,
            )
            if response is not None:
                return response
        return _problem(409, _("Otra petición con esta Idempotency-Key está en curso."))


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.body), status=record.status, content_type=record.content_type or None
    )
    if record.location:
        response["Location"] = record.location
    response["Idempotent-Replayed"] = "true"
    return response


def _problem(status: int, detail: str) -> HttpResponse:
    import json

    return HttpResponse(
        json.dumps({"detail": detail}), status=status, content_type="application/json"
    )


def purge_expired(*, hours: int = KEEP_HOURS) -> int:
    cutoff = timezone.now() - timedelta(hours=hours)
    deleted, _rows = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
