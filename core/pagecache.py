"""Public pages served from the cache (Redis in production) to anonymous visitors.

Why: under load the public pages ran at 2-4 % of a bare Django view's throughput
(bench/load.py); nearly all of it is rendering the same anonymous page again.

What is cached: GET/HEAD responses 200 of HTML or JSON to a request with no session cookie
and no Authorization header, whose response sets no cookie (a page that used a CSRF token
sets one, so forms are never cached and no visitor's token is ever served to another).
The key holds the language, whether the client takes gzip, the path and query string, and
the "generation" of each app the page shows. Saving or deleting a row of an app bumps that
app's generation (signals), so the next visitor sees the change; bulk updates send no
signal, so PAGE_CACHE_SECONDS also bounds how stale a page can get. Each worker reads the
generations at most once per PAGE_CACHE_GENERATION_SECONDS.

PAGE_CACHE_SECONDS = 0 (the default outside docker-compose.yml) turns it off. If the cache
is unreachable, pages are rendered as if there were no cache.
"""

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language, get_language_from_request

log = logging.getLogger(__name__)

APPS = ("core", "forum", "proposals", "commitments", "environment", "agroprices", "roads")
# URL prefix -> the apps whose rows the page shows (besides core's territory). Anything else
# (home, open-data catalogue, feeds) shows figures of every app.
PREFIX_APPS = {
    "/foro/": ("forum",),
    "/propuestas/": ("proposals",),
    "/compromisos/": ("commitments",),
    "/ambiente/": ("environment",),
    "/agroprecios/": ("agroprices",),
    "/vialidad/": ("roads",),
    "/api/v1/foro/": ("forum",),
    "/api/v1/propuestas/": ("proposals",),
    "/api/v1/compromisos/": ("commitments",),
    "/api/v1/ambiente/": ("environment",),
    "/api/v1/agroprecios/": ("agroprices",),
    "/api/v1/vialidad/": ("roads",),
}
NEVER = ("/admin/", "/cuenta/", "/salud/", "/seguimiento/")
# Rows no public page shows: changing them must not empty the cache.
PRIVATE_MODELS = {
    "core.invitation",
    "core.profile",
    "core.notification",
    "core.emailoptout",
    "core.follow",
    "core.open311client",
    "core.idempotencyrecord",
    "core.outboxmessage",
    "core.referral",
    "core.contentflag",
    "agroprices.importjob",
    "roads.importjob",
    "agroprices.contactmessage",
}
# Shared report rows (timeline, photos) belong to the pages of the report they describe.
REPORT_ROWS = {"core.reportevent", "core.reportphoto"}
CACHEABLE_TYPES = ("text/html", "application/json")

_local = {"at": 0.0, "values": {}}


def _generation_key(app):
    return f"pagecache:gen:{app}"


def _generations(apps) -> dict:
    ttl = settings.PAGE_CACHE_GENERATION_SECONDS
    now = time.monotonic()
    if ttl <= 0 or now - _local["at"] > ttl:
        found = cache.get_many([_generation_key(a) for a in APPS])
        _local["values"] = {a: found.get(_generation_key(a), 0) for a in APPS}
        _local["at"] = now
    return {a: _local["values"][a] for a in apps}


def page_apps(path: str) -> tuple:
    for prefix, apps in PREFIX_APPS.items():
        if path.startswith(prefix):
            return ("core", *apps)
    return APPS


def fragment(name: str, apps: tuple, render):
    """A piece of a page that is the same for every visitor (the form page's branch map, a
    home panel), rendered once per language until one of `apps` changes: for pages that
    cannot be cached whole, or whose other pieces change more often."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return render()
    try:
        generations = _generations(("core", *apps))
        parts = [name, get_language(), *(f"{a}{n}" for a, n in sorted(generations.items()))]
        key = "pagecache:fragment:" + ":".join(parts)
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - no cache: render as usual
        return render()
    if value is None:
        value = render()
        try:
            cache.set(key, value, settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            log.warning("page cache: could not store fragment %s", name, exc_info=True)
    return value


# A form page differs between visitors only by these two tokens (core.idempotency's
# submission token and Django's CSRF token): the copy kept holds a mark in their place.
_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_SUBMISSION_VALUE = re.compile(rb'(name="submission_token" value=")[^"]*(")')
_CSRF_MARK = b"\x00csrf\x00"
_SUBMISSION_MARK = b"\x00submission\x00"


def form_page(request, render, shows=None):
    """A public form page for an anonymous visitor (views decorated with
    core.idempotency.idempotent_form): rendered once per language until its app changes, then
    served with this visitor's CSRF token (Django sets its cookie as for any form) and a new
    one-time submission token. Anything but a plain 200 HTML page is passed through."""
    if not _cacheable_request(request):
        return render()
    try:
        apps = page_apps(request.path) if shows is None else ("core", *shows)
        key = _key(request, _generations(apps)) + ":form"
        stored = cache.get(key)
    except Exception:  # noqa: BLE001 - no cache: render as usual
        return render()
    if stored is None:
        response = render()
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
        ):
            template = _CSRF_VALUE.sub(rb"\1" + _CSRF_MARK + rb"\2", response.content)
            template = _SUBMISSION_VALUE.sub(rb"\1" + _SUBMISSION_MARK + rb"\2", template)
            try:
                cache.set(key, (dict(response.items()), template), settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                log.warning("page cache: could not store form page", exc_info=True)
        return response
    from .idempotency import new_token

    headers, template = stored
    content = template.replace(_CSRF_MARK, get_token(request).encode())
    while _SUBMISSION_MARK in content:
        content = content.replace(_SUBMISSION_MARK, new_token().encode(), 1)
    response = HttpResponse(content, headers=headers)
    response["X-Page-Cache"] = "form"
    return response


def bump(*apps) -> None:
    """The pages showing these apps' rows are out of date (called on commit of a change)."""
    for app in apps:
        key = _generation_key(app)
        try:
            if cache.add(key, 1, timeout=None) is False:
                cache.incr(key)
        except Exception:  # noqa: BLE001 - a cache outage must not fail the write
            log.warning("page cache: could not bump %s", app, exc_info=True)
    _local["at"] = 0.0


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A flash message waits in this cookie: the page must be rendered to show it.
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NEVER)
    )


def _cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _key(request, generations) -> str:
    gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    parts = [
        get_language_from_request(request),
        "gz" if gzip else "id",
        request.get_full_path(),
        *(f"{app}{n}" for app, n in sorted(generations.items())),
    ]
    return "pagecache:page:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()


class PublicPageCacheMiddleware:
    """Before GZip, so hits skip compressing as well as rendering."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = _key(request, _generations(page_apps(request.path)))
            stored = cache.get(key)
        except Exception:  # noqa: BLE001 - no cache: render as usual
            log.warning("page cache unreachable", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            headers = {k: v for k, v in response.items() if k.lower() != "x-page-cache"}
            try:
                cache.set(
                    key,
                    (response.status_code, headers, response.content),
                    settings.PAGE_CACHE_SECONDS,
                )
            except Exception:  # noqa: BLE001
                log.warning("page cache: could not store", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response


def _on_change(sender, **kwargs):
    label = sender._meta.label_lower
    app = sender._meta.app_label
    if app not in APPS or label in PRIVATE_MODELS or settings.PAGE_CACHE_SECONDS <= 0:
        return
    if label in REPORT_ROWS:
        instance = kwargs.get("instance")
        app = instance.content_type.app_label if instance is not None else "core"
    transaction.on_commit(lambda: bump(app))


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"pagecache-{signal}")
