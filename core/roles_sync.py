"""Keeps the role groups' model permissions in step with the apps' models (after migrate)."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission

from . import roles


def sync_role_permissions(**kwargs):
    minga = Permission.objects.filter(content_type__app_label__in=settings.MINGA_APPS)
    groups = {g.name: g for g in Group.objects.filter(name__in=roles.ALL)}
    if roles.TECHNICIAN in groups:
        groups[roles.TECHNICIAN].permissions.add(*minga)
    if roles.ADMINISTRATOR in groups:
        groups[roles.ADMINISTRATOR].permissions.add(*Permission.objects.all())
    if roles.MODERATOR in groups:
        groups[roles.MODERATOR].permissions.add(
            *minga.filter(codename__startswith="view_"),
            *minga.filter(codename__startswith="moderate_"),
        )
