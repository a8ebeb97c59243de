"""OGP completion levels, as the OGP independent reviewers rate commitments.

The thresholds live here and nowhere else: models, pages, the API and exports call
`level_for(progress)`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Level:
    key: str
    label: object
    badge: str  # CSS modifier from core/minga.css

    def __str__(self):
        return str(self.label)


NOT_STARTED = Level("not_started", _("No iniciado"), "badge-danger")
LIMITED = Level("limited", _("Limitado"), "badge-warn")
SUBSTANTIAL = Level("substantial", _("Sustancial"), "")
COMPLETE = Level("complete", _("Completo"), "badge-ok")

# Lower bounds (inclusive) of each level above "no iniciado", highest first.
THRESHOLDS = [
    (Decimal(100), COMPLETE),
    (Decimal(50), SUBSTANTIAL),
    (Decimal("0.01"), LIMITED),
]

ALL = [NOT_STARTED, LIMITED, SUBSTANTIAL, COMPLETE]


def level_for(progress) -> Level:
    progress = Decimal(progress or 0)
    for lower, level in THRESHOLDS:
        if progress >= lower:
            return level
    return NOT_STARTED


def progress_range(key: str) -> tuple[Decimal, Decimal | None]:
    """[low, high) bounds of a level, for filters (high None = no upper bound)."""
    bounds = {level.key: lower for lower, level in THRESHOLDS}
    bounds[NOT_STARTED.key] = Decimal(0)
    ordered = sorted(bounds.items(), key=lambda item: item[1])
    for i, (level_key, low) in enumerate(ordered):
        if level_key == key:
            high = ordered[i + 1][1] if i + 1 < len(ordered) else None
            return low, high
    raise KeyError(key)
