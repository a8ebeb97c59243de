"""Who may see and score the matrix (django-rules; tested per role)."""

import rules

from core.predicates import is_forum_member, is_portal_staff


@rules.predicate
def matrix_is_closed(user, consultation):
    return consultation is not None and consultation.matrix_is_closed


@rules.predicate
def matrix_is_open(user, consultation):
    return consultation is not None and not consultation.matrix_is_closed


# Open matrices are the forum's working document; once closed they are public.
rules.add_rule("proposals.view_matrix", matrix_is_closed | is_forum_member | is_portal_staff)
rules.add_rule("proposals.score", is_forum_member & matrix_is_open)
