"""What `proposals` adds to the portal's registries (its manifest); called by apps.ready()."""

from django.utils.translation import gettext_lazy as _


def register():
    from core.registry import (
        account_sections,
        datasets,
        home_panels,
        indicators,
        navigation,
        trackers,
    )

    from . import (
        predicates,  # noqa: F401  (registers the matrix rules)
        selectors,
        services,
    )

    navigation.register(
        key="proposals", url_name="proposals:index", label=_("Propuestas"), order=20
    )
    trackers.register(key="proposals", find=services.proposal_tracking_url, order=20)
    account_sections.register(
        key="proposals.mine",
        title=_("Mis propuestas"),
        items=selectors.account_proposals,
        order=5,
    )
    account_sections.register(
        key="proposals.supports",
        title=_("Propuestas que apoyo"),
        items=selectors.account_supports,
        order=10,
    )
    account_sections.register(
        key="proposals.scorecards",
        title=_("Mis puntuaciones en la matriz"),
        items=selectors.account_scorecards,
        order=20,
    )

    home_panels.register(
        key="proposals",
        order=30,
        template="proposals/_home_panel.html",
        context=selectors.home_panel,
    )
    datasets.register(
        key="proposals.published",
        title=_("Propuestas ciudadanas publicadas"),
        description=_(
            "Propuestas de las consultas ciudadanas: eje, territorio, problema, solución, "
            "valores de gobierno abierto, estado y apoyos. Sin datos personales."
        ),
        url_name="proposals:dataset-proposals",
        order=30,
    )
    datasets.register(
        key="proposals.matrix",
        title=_("Resultados de la Matriz de Propuestas"),
        description=_(
            "Por consulta con matriz cerrada: puntaje ponderado, número de puntuaciones, "
            "dispersión, puesto y selección de cada propuesta."
        ),
        url_name="proposals:dataset-matrix",
        order=31,
    )
    indicators.register(
        key="proposals.published",
        name=_("Propuestas ciudadanas publicadas"),
        unit="propuestas",
        func=selectors.published_between,
        description=_("Propuestas publicadas recibidas en el periodo."),
    )
