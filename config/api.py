"""The /api/v1/ router. Each app's `api.py` exposes `register(router)` and may add `urlpatterns`."""

from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from core.modules import app_module

router = DefaultRouter()
extra = []
for app in settings.MINGA_APPS:
    module = app_module(app, "api")  # None for an app without an API
    if hasattr(module, "register"):
        module.register(router)
    extra += getattr(module, "urlpatterns", [])

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    *extra,
    path("", include(router.urls)),
]
