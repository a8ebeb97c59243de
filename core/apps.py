from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Núcleo: territorio y roles")

    def ready(self):
        from . import (
            predicates,  # noqa: F401  (registers the shared named rules)
            schema,  # noqa: F401  (OpenAPI extensions for core's API classes)
        )
        from .accounts import sections

        sections.register()
        from .pagecache import connect as connect_page_cache

        connect_page_cache()
        from .registry import navigation, trackers
        from .report_services import report_url
        from .roles_sync import sync_role_permissions
        from .sqlite import connect as connect_sqlite

        connect_sqlite()
        trackers.register(key="core.reports", find=report_url, order=10)
        navigation.register(
            key="core.open-data", url_name="core:open-data", label=_("Datos abiertos"), order=90
        )

        post_migrate.connect(sync_role_permissions, dispatch_uid="core.sync_role_permissions")
        from .signals import data_changed
        from .snapshots import on_data_changed

        data_changed.connect(on_data_changed, dispatch_uid="core.dataset_snapshots")
