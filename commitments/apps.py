from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Compromisos")

    def ready(self):
        from . import registrations

        registrations.register()
