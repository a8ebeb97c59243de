"""Atom and RSS feeds of what the public pages already show: newly published proposals,
new citizen complaints (code, category, parish and status only; never the description, a
name or contact) and changes of a commitment milestone's progress."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

LIMIT = 50


class ProposalsFeed(Feed):
    title = _("Minga · Propuestas publicadas")
    description = _("Propuestas ciudadanas publicadas en el portal, las más recientes primero.")

    link = reverse_lazy("proposals:index")

    def items(self):
        from proposals.selectors import public_proposals

        return public_proposals().order_by("-published_at", "-pk")[:LIMIT]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.get_status_display()

    def item_pubdate(self, item):
        return item.published_at or item.created_at


class ComplaintsFeed(Feed):
    title = _("Minga · Denuncias ambientales")
    description = _("Denuncias ambientales nuevas: código, categoría, parroquia y estado.")

    link = reverse_lazy("environment:complaint-list")

    def items(self):
        from environment.complaints.selectors import public_complaints

        return public_complaints().order_by("-created_at", "-pk")[:LIMIT]

    def item_title(self, item):
        return f"{item.tracking_code} · {item.get_category_display()}"

    def item_description(self, item):
        parish = item.parish.name if item.parish_id else ""
        return f"{parish} · {item.get_status_display()}"

    def item_pubdate(self, item):
        return item.created_at


class ProgressFeed(Feed):
    title = _("Minga · Avance de compromisos")
    description = _("Cada cambio de avance de un hito de los compromisos del plan.")

    link = reverse_lazy("commitments:index")

    def items(self):
        from commitments.models import ProgressChange

        return ProgressChange.objects.select_related("milestone__commitment").order_by(
            "-changed_at", "-pk"
        )[:LIMIT]

    def item_title(self, item):
        return f"{item.milestone.title}: {item.old_progress:.0f} % → {item.new_progress:.0f} %"

    def item_description(self, item):
        return item.note or str(item.milestone.commitment)

    def item_link(self, item):
        return item.milestone.commitment.get_absolute_url()

    def item_guid(self, item):
        return f"progress-change-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.changed_at


def atom(feed_class):
    return type(f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": Atom1Feed})
