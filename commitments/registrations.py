"""What `commitments` adds to the portal's registries (its manifest); called by apps.ready()."""

from django.utils.translation import gettext_lazy as _


def register():
    from core.registry import datasets, home_panels, navigation

    from . import receivers, selectors  # noqa: F401

    navigation.register(
        key="commitments", url_name="commitments:index", label=_("Compromisos"), order=30
    )
    home_panels.register(
        key="commitments",
        order=10,
        template="commitments/_home_panel.html",
        context=selectors.home_panel,
    )
    datasets.register(
        key="commitments.commitments",
        title=_("Compromisos del Plan de Acción"),
        description=_("Compromisos con su avance, nivel de cumplimiento OGP y fechas."),
        url_name="commitments:export-commitments",
        order=10,
    )
    datasets.register(
        key="commitments.milestones",
        title=_("Hitos de los compromisos"),
        description=_("Hitos con peso, fechas, estado y avance."),
        url_name="commitments:export-milestones",
        order=11,
    )
    datasets.register(
        key="commitments.history",
        title=_("Historial de avance"),
        description=_("Cada cambio de avance de un hito: fecha, valor anterior y nuevo."),
        url_name="commitments:export-history",
        order=12,
    )
