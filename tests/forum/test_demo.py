import io

import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from core.models import Parish
from forum import demo, selectors
from forum.models import Actor, AgendaItem, Attendance, Decision, Meeting, Membership, Sector


def _snapshot():
    return {
        "actors": list(
            Actor.objects.order_by("name").values_list("name", "sector", "parish__code", "status")
        ),
        "memberships": list(
            Membership.objects.order_by("pk").values_list(
                "user__username", "actor__name", "left_on"
            )
        ),
        "history": Membership.history.count(),
        "meetings": list(
            Meeting.objects.order_by("starts_at").values_list("title", "minutes_published_at")
        ),
        "agenda": AgendaItem.objects.count(),
        "decisions": Decision.objects.count(),
        "attendance": list(
            Attendance.objects.order_by("meeting__starts_at", "member_id").values_list(
                "member__user__username", "status"
            )
        ),
        "group": sorted(
            Group.objects.get(name=roles.FORUM_MEMBER).user_set.values_list("username", flat=True)
        ),
    }


def test_the_demo_loads_twice_without_changing_anything(db):
    demo.load(io.StringIO())
    first = _snapshot()
    demo.load(io.StringIO())
    assert _snapshot() == first


def test_the_demo_forum_covers_every_sector_and_parish_with_a_drifting_actor(db):
    demo.load(io.StringIO())
    assert Actor.objects.count() == 40
    assert set(Actor.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert set(Actor.objects.values_list("parish", flat=True)) == set(
        Parish.objects.values_list("pk", flat=True)
    )
    meetings = Meeting.objects.filter(starts_at__year__lte=2022)
    assert meetings.count() == 12
    assert {m.starts_at.year for m in meetings} == {2020, 2021, 2022}
    assert all(
        m.minutes_published and m.agenda_items.exists() and m.decisions.exists() for m in meetings
    )
    assert all(m.attendances.exists() for m in meetings)
    assert any(row["drifting"] for row in selectors.participation_by_actor()["rows"])


def test_the_demo_members_hold_the_forum_member_role(db):
    demo.load(io.StringIO())
    users = get_user_model().objects.filter(username__startswith="foro")
    active = [u for u in users if rules.test_rule("core.is_forum_member", u)]
    assert sorted(u.username for u in active) == [f"foro{n:02d}" for n in range(1, 16)]
    assert not any(u.has_usable_password() for u in users)


def test_the_demo_forum_has_a_current_cycle_around_the_load_day(db, client):
    from django.utils import timezone

    demo.load(io.StringIO())
    now = timezone.now()
    held = Meeting.objects.filter(title=demo.CURRENT[0][2]).get()
    assert held.ends_at < now and held.minutes_published and held.attendances.exists()
    coming = Meeting.objects.filter(starts_at__gt=now).order_by("starts_at")
    assert [m.title for m in coming] == [row[2] for row in demo.CURRENT[1:]]
    assert not any(m.attendances.exists() or m.minutes_published for m in coming)
    assert coming[0].title in client.get("/").content.decode()
