from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnvironmentConfig(AppConfig):
    name = "environment"
    verbose_name = _("Ambiente")

    def ready(self):
        from . import registrations

        registrations.register()
