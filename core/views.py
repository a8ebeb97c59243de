from functools import partial

import rules
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import health, pagecache, ratelimit, registry
from .reports import ReportPhoto
from .storage import private_file_response


def home(request):
    # Each panel is kept until its own app changes: a new complaint re-renders one panel,
    # not the figures of all six apps.
    panels = [
        pagecache.fragment(
            f"home-panel:{panel.key}", (panel.key.split(".")[0],), partial(_panel, panel, request)
        )
        for panel in registry.home_panels
    ]
    # A panel that lists open consultations tells the home page whether "Proponga" is an
    # offer it can keep; with none open the card offers to follow the proposals instead.
    consultation_open = any(open_consultations for _html, open_consultations in panels)
    return render(
        request,
        "core/home.html",
        {"panels": [html for html, _open in panels], "consultation_open": consultation_open},
    )


def _panel(panel, request) -> tuple:
    """(the panel's HTML, whether it lists an open consultation); the same for everyone."""
    context = panel.context(request)
    html = render_to_string(panel.template, {"panel": context}, request=request)
    return html, bool(context.get("open_consultations"))


@never_cache
def health_view(request):
    """ok/degraded for anyone (monitors, the proxy); the components for staff only."""
    healthy, body = health.report()
    try:
        staff = request.user.is_staff
    except Exception:  # the database (sessions, users) is down: answer, without details
        staff = False
    if not staff:
        body = health.public_body(body)
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def open_data(request):
    return render(request, "core/open_data.html", {"datasets": list(registry.datasets)})


def open_data_zip(request):
    from . import snapshots

    return snapshots.zip_response(request)


def _dataset(key):
    if key not in registry.datasets:
        raise Http404
    return registry.datasets.get(key)


PREVIEW_ROWS = 10
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def dataset_detail(request, key):
    import json
    from itertools import islice

    from django.utils.safestring import mark_safe

    from . import datasets

    ds = _dataset(key)
    if not ds.columns:  # an older declaration (download only): its page is the list
        return redirect("core:open-data")
    coverage = ds.temporal_coverage()
    modified = ds.last_modified()
    jsonld = datasets.schema_org(
        ds, request.build_absolute_uri("/").rstrip("/"), coverage=coverage, modified=modified
    )
    context = {
        "ds": ds,
        "preview": list(islice(ds.iter_rows(chunk_size=PREVIEW_ROWS), PREVIEW_ROWS)),
        "row_count": ds.row_count(),
        "coverage": coverage,
        "modified": modified,
        # < > & as JSON escapes (as json_script does): no text in the data closes the tag.
        "jsonld": mark_safe(json.dumps(jsonld, ensure_ascii=False).translate(_JSON_ESCAPES)),
    }
    return render(request, "core/dataset_detail.html", context)


def dataset_download(request, key, fmt):
    from . import datasets

    ds = _dataset(key)
    if not ds.columns:
        raise Http404
    return datasets.download(request, ds, fmt)


def dataset_datapackage(request, key):
    from . import datasets

    ds = _dataset(key)
    if not ds.columns:
        raise Http404
    return datasets.datapackage_response(request, ds)


def about(request):
    return render(request, "core/about.html")


def track(request):
    """Finds whatever a citizen follows by its tracking code: reports, proposals, requests."""
    code = request.GET.get("codigo", "").strip()
    error, status = "", 200
    if code:
        if not ratelimit.hit(f"track:{ratelimit.client_ip(request)}", 60, 3600):
            error, status = _("Demasiadas búsquedas seguidas. Intente de nuevo en una hora."), 429
        else:
            for tracker in registry.trackers:
                url = tracker.find(code)
                if url:
                    return redirect(url)
            error = _("No encontramos nada con ese código. Revise que esté bien escrito.")
            status = 404
    return render(request, "core/track.html", {"code": code, "error": error}, status=status)


def report_photo(request, pk):
    """Sends a citizen's photo unless moderation hid it or its report; moderators still see it."""
    photo = get_object_or_404(ReportPhoto.objects.select_related("content_type"), pk=pk)
    report = photo.report
    visible = report is not None and not photo.is_hidden and not report.is_hidden
    if not visible and not rules.test_rule("core.is_moderator", request.user):
        raise Http404
    response = private_file_response(photo.image)
    # Short and private, so a photo hidden by a moderator does not linger in shared caches.
    response["Cache-Control"] = "private, max-age=300"
    return response
