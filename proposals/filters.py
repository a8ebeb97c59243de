"""One FilterSet for the public list page and the API list."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import TerritoryFilter
from core.models import Parish

from .models import OGP_FIELDS, PUBLIC_STATUSES, Consultation, OGPValue, Proposal, Theme


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Buscar"), method="search")
    consulta = django_filters.ModelChoiceFilter(
        field_name="consultation",
        queryset=Consultation.objects.all(),
        to_field_name="slug",
        label=_("Consulta"),
        empty_label=_("Todas"),
    )
    eje = django_filters.ModelChoiceFilter(
        field_name="theme",
        queryset=Theme.objects.select_related("consultation"),
        label=_("Eje temático"),
        empty_label=_("Todos"),
    )
    parroquia = TerritoryFilter(
        Parish, field_name="parish", label=_("Parroquia"), empty_label=_("Todas")
    )
    valor = django_filters.ChoiceFilter(
        choices=OGPValue.choices,
        method="by_value",
        label=_("Valor de gobierno abierto"),
        empty_label=_("Todos"),
    )
    estado = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in PUBLIC_STATUSES],
        field_name="status",
        label=_("Estado"),
        empty_label=_("Todos"),
    )
    orden = django_filters.OrderingFilter(
        fields=[("created_at", "fecha"), ("support_count", "apoyos"), ("title", "titulo")],
        # Every label given here, lazily: the generated "(descending)" ones are translated
        # once, at import, and stayed Spanish in the English pages.
        choices=[
            ("-fecha", _("Más recientes primero")),
            ("fecha", _("Más antiguas primero")),
            ("-apoyos", _("Más apoyos primero")),
            ("apoyos", _("Menos apoyos primero")),
            ("titulo", _("Título (A–Z)")),
            ("-titulo", _("Título (Z–A)")),
        ],
        label=_("Ordenar por"),
        empty_label=_("Más recientes"),
    )

    class Meta:
        model = Proposal
        fields = []

    def search(self, queryset, name, value):
        words = value.split()[:8]
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(problem__icontains=word)
                | Q(solution__icontains=word)
                | Q(tracking_code__iexact=word)
            )
        return queryset

    def by_value(self, queryset, name, value):
        return queryset.filter(**{OGP_FIELDS[OGPValue(value)]: True})
