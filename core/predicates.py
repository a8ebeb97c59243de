"""Named permission rules (django-rules predicates) shared by every app.

Apps add their own rules in `<app>/predicates.py`, imported in `AppConfig.ready()`; for
example the forum app adds `forum.is_active_member`, which the proposal matrix tests with
`rules.test_rule("forum.is_active_member", user)` without importing the forum app.
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


@rules.predicate
def is_staff_user(user):
    """Django staff (admin access) or a técnico: who runs the portal."""
    return bool(user and user.is_authenticated and (user.is_staff or user.is_superuser))


is_portal_staff = is_staff_user | is_technician

rules.add_rule("core.is_technician", is_technician)
rules.add_rule("core.is_moderator", is_moderator)
rules.add_rule("core.is_administrator", is_administrator)
rules.add_rule("core.is_portal_staff", is_portal_staff)
