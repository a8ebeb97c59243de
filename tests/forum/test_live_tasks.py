"""The nightly role sync on a real Celery worker (serialisation and commit timing are real)."""

import time
from datetime import timedelta

import pytest
import rules
from django.db import transaction
from django.utils import timezone

from forum import tasks
from forum.models import Membership

from .factories import MembershipFactory

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def _parish():
    """Transactional tests flush the database, reference rows from migrations included."""
    from core.models import Canton, Parish, Province

    province, _ = Province.objects.get_or_create(code="SDT", defaults={"name": "Santo Domingo"})
    canton, _ = Canton.objects.get_or_create(
        code="SDT-SD", defaults={"name": "Santo Domingo", "province": province}
    )
    return Parish.objects.get_or_create(
        code="SDO", defaults={"name": "Santo Domingo", "canton": canton}
    )[0]


def test_the_worker_withdraws_the_role_of_a_membership_that_ended(live_worker):
    from django.contrib.auth.models import Group

    from core import roles

    Group.objects.get_or_create(name=roles.FORUM_MEMBER)
    membership = MembershipFactory(
        actor__parish=_parish(), joined_on=timezone.localdate() - timedelta(days=30)
    )
    Membership.objects.filter(pk=membership.pk).update(left_on=timezone.localdate())
    with transaction.atomic():
        transaction.on_commit(lambda: tasks.sync_member_roles.delay())
    user = membership.user
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        user.refresh_from_db()
        if not rules.test_rule("core.is_forum_member", user):
            break
        time.sleep(0.1)
    assert not rules.test_rule("core.is_forum_member", user)
