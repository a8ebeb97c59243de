"""Named permission rules (django-rules predicates) shared by every app.

Apps add their own rules in `<app>/predicates.py`, imported in `AppConfig.ready()`.

`core.is_forum_member` is what the proposal matrix and the commitment assessment test. It
reads the "Miembro del Foro" group, which the forum app keeps in step with the active
memberships (granted when a membership starts, withdrawn when it ends), so other apps never
import the forum app.
"""

import rules

from . import roles


@rules.predicate
def is_authenticated(user):
    return bool(user and user.is_authenticated)


def _in_group(name):
    @rules.predicate(name=f"in_group:{name}")
    def predicate(user):
        if not (user and user.is_authenticated):
            return False
        return user.is_superuser or user.groups.filter(name=name).exists()

    return predicate


is_technician = _in_group(roles.TECHNICIAN) | _in_group(roles.ADMINISTRATOR)
is_moderator = _in_group(roles.MODERATOR) | is_technician
is_administrator = _in_group(roles.ADMINISTRATOR)
is_forum_member = _in_group(roles.FORUM_MEMBER)
# The forum's own moderators (not every técnico): they confirm what the forum decides.
is_forum_moderator = _in_group(roles.MODERATOR)


@rules.predicate
def is_staff_user(user):
    """Django staff (admin access) or a técnico: who runs the portal."""
    return bool(user and user.is_authenticated and (user.is_staff or user.is_superuser))


is_portal_staff = is_staff_user | is_technician

rules.add_rule("core.is_technician", is_technician)
rules.add_rule("core.is_moderator", is_moderator)
rules.add_rule("core.is_administrator", is_administrator)
rules.add_rule("core.is_portal_staff", is_portal_staff)
rules.add_rule("core.is_forum_member", is_forum_member)
rules.add_rule("core.is_forum_moderator", is_forum_moderator)
