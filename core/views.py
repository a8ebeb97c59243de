from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import health
from .registry import datasets, home_panels


def home(request):
    panels = [
        {"template": panel.template, "context": panel.context(request)} for panel in home_panels
    ]
    return render(request, "core/home.html", {"panels": panels})


@never_cache
def health_view(request):
    healthy, body = health.report()
    return JsonResponse(body, status=200 if healthy else 503)


def open_data(request):
    return render(request, "core/open_data.html", {"datasets": list(datasets)})


def about(request):
    return render(request, "core/about.html")
