from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgropricesConfig(AppConfig):
    name = "agroprices"
    verbose_name = _("Agroprecios")

    def ready(self):
        from . import registrations

        registrations.register()
