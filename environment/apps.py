from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnvironmentConfig(AppConfig):
    name = "environment"
    verbose_name = _("Ambiente")

    def ready(self):
        from core.registry import trackers

        from . import registrations, services
        from .complaints import registrations as complaint_registrations

        trackers.register(key="environment.requests", find=services.request_tracking_url, order=30)
        registrations.register()
        complaint_registrations.register()
