from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import health, ratelimit, registry


def home(request):
    panels = [
        {"template": panel.template, "context": panel.context(request)}
        for panel in registry.home_panels
    ]
    return render(request, "core/home.html", {"panels": panels})


@never_cache
def health_view(request):
    healthy, body = health.report()
    return JsonResponse(body, status=200 if healthy else 503)


def open_data(request):
    return render(request, "core/open_data.html", {"datasets": list(registry.datasets)})


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
