"""Who may collect prices: the collector role, or portal staff (técnicos collect too)."""

import rules

from core import roles
from core.predicates import is_portal_staff

from .models import COLLECTOR_GROUP


@rules.predicate
def in_collector_group(user):
    if not (user and user.is_authenticated):
        return False
    return user.groups.filter(name=COLLECTOR_GROUP).exists()


is_collector = in_collector_group | is_portal_staff

rules.add_rule("agroprices.can_collect", is_collector)
rules.add_rule("agroprices.can_review", is_portal_staff)


@rules.predicate
def in_producer_group(user):
    if not (user and user.is_authenticated):
        return False
    return user.groups.filter(name=roles.PRODUCER).exists()


rules.add_rule("agroprices.can_offer", in_producer_group)
