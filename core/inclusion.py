"""Self-declared inclusion data (optional) and the rule that publishes it only as counts.

A breakdown never shows a group smaller than `MIN_GROUP`: such groups are folded into one
"otros o menos de N" line (and if that line itself is below the minimum it is dropped), so
no count can point at a handful of people.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_GROUP = 5


class Gender(models.TextChoices):
    WOMAN = "mujer", _("Mujer")
    MAN = "hombre", _("Hombre")
    OTHER = "otro", _("Otra identidad")
    UNDISCLOSED = "no-dice", _("Prefiere no decir")


def gender_field():
    return models.CharField(
        _("género (opcional)"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Solo se publica en cifras agregadas, nunca de forma individual."),
    )


def breakdown(counts: dict, labels: dict | None = None, *, minimum: int = MIN_GROUP) -> list:
    """[(label, count)] with every group of fewer than `minimum` folded or dropped."""
    labels = labels or {}
    shown, folded = [], 0
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        if not key:
            folded += count
        elif count >= minimum:
            shown.append((labels.get(key, key), count))
        else:
            folded += count
    if folded >= minimum:
        shown.append((_("Otros o sin dato"), folded))
    return shown


def gender_and_community(queryset, *, community_field: str = "community") -> dict:
    """Two breakdowns of `queryset` (rows with `gender` and a community FK), counts only;
    one grouped query (plus the names of the communities that reach the minimum)."""
    from django.db.models import Count

    from .models import Community

    genders, communities = {}, {}
    rows = queryset.values_list("gender", f"{community_field}_id").annotate(n=Count("pk"))
    for gender, community, n in rows.order_by():
        genders[gender] = genders.get(gender, 0) + n
        communities[community] = communities.get(community, 0) + n
    shown = [k for k, n in communities.items() if k and n >= MIN_GROUP]
    names = dict(Community.objects.filter(pk__in=shown).values_list("pk", "name")) if shown else {}
    return {
        "gender": breakdown(genders, dict(Gender.choices)),
        "community": breakdown(communities, names),
        "minimum": MIN_GROUP,
    }
