from datetime import date, timedelta
from decimal import Decimal

import pytest
import rules
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.registry import indicators
from forum import services, tasks
from forum.models import Attendance, Meeting, Membership

from .factories import ActorFactory, AttendanceFactory, MeetingFactory, MembershipFactory


def is_member(user):
    user.refresh_from_db()
    return rules.test_rule("core.is_forum_member", user)


# Memberships and the forum-member role -------------------------------------------------


def test_an_active_membership_grants_the_forum_member_rule(member_user):
    assert is_member(member_user)


def test_an_ended_membership_withdraws_the_forum_member_rule(membership):
    services.membership_end(membership=membership, left_on=timezone.localdate())
    assert not is_member(membership.user)


def test_a_withdrawn_membership_withdraws_the_rule(membership):
    services.membership_withdraw(membership=membership)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.WITHDRAWN
    assert not is_member(membership.user)


def test_ending_one_membership_keeps_the_rule_while_another_is_active(membership):
    MembershipFactory(user=membership.user)
    services.membership_end(membership=membership)
    assert is_member(membership.user)


def test_a_membership_starting_later_grants_the_rule_only_once_the_date_arrives(db):
    future = MembershipFactory(joined_on=timezone.localdate() + timedelta(days=3))
    assert not is_member(future.user)
    # Time passes: the start date is reached; the nightly task grants the role.
    Membership.objects.filter(pk=future.pk).update(joined_on=timezone.localdate())
    tasks.sync_member_roles.delay()
    assert is_member(future.user)


def test_the_nightly_sync_withdraws_the_role_when_a_membership_reaches_its_end(membership):
    Membership.objects.filter(pk=membership.pk).update(left_on=timezone.localdate())
    assert is_member(membership.user)  # no service ran yet
    tasks.sync_member_roles.delay()
    assert not is_member(membership.user)


def test_the_sync_is_idempotent(membership):
    services.sync_member_roles()
    assert services.sync_member_roles() == {"granted": 0, "withdrawn": 0}
    assert is_member(membership.user)


def test_the_full_sync_withdraws_the_role_from_users_without_a_membership(forum_member):
    assert is_member(forum_member)
    services.sync_member_roles()
    assert not is_member(forum_member)


def test_a_membership_cannot_end_before_it_starts(membership):
    with pytest.raises(ValidationError) as exc:
        services.membership_end(membership=membership, left_on=membership.joined_on)
    assert "posterior" in str(exc.value)
    membership.refresh_from_db()
    assert membership.left_on is None


def test_membership_changes_are_kept_in_history(membership):
    services.membership_end(membership=membership, left_on=date(2022, 6, 1))
    history = list(membership.history.order_by("history_date"))
    assert [h.left_on for h in history] == [None, date(2022, 6, 1)]


# Minutes ---------------------------------------------------------------------------------


def test_minutes_cannot_be_published_before_the_meeting_ends(db):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=2))
    with pytest.raises(ValidationError) as exc:
        services.minutes_publish(meeting=meeting, text="Acta")
    assert "solo puede publicarse después de la sesión" in " ".join(exc.value.messages)
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None and meeting.minutes == ""


def test_minutes_are_published_after_the_meeting(meeting):
    services.minutes_publish(meeting=meeting, text="Se aprobaron tres compromisos.")
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is not None
    assert meeting.minutes == "Se aprobaron tres compromisos."


def test_the_database_refuses_minutes_dated_before_the_meeting(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes_published_at=meeting.ends_at - timedelta(minutes=1)
        )


def test_the_database_refuses_a_meeting_that_ends_before_it_starts(db):
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(title="X", starts_at=now, ends_at=now - timedelta(hours=1))


# Attendance ------------------------------------------------------------------------------


def test_a_member_cannot_be_registered_twice_at_one_meeting(meeting, membership):
    AttendanceFactory(meeting=meeting, member=membership)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, member=membership, status="ausente")


def test_staff_recording_twice_corrects_the_first_record(meeting, membership, technician):
    services.attendance_record(meeting=meeting, member=membership, status="ausente", by=technician)
    services.attendance_record(
        meeting=meeting, member=membership, status="justificada", by=technician
    )
    assert list(Attendance.objects.values_list("status", flat=True)) == ["justificada"]


def test_staff_cannot_record_someone_who_was_not_a_member_on_that_date(technician):
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(days=400))
    late = MembershipFactory(joined_on=timezone.localdate() - timedelta(days=10))
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=meeting, member=late, status="presente", by=technician)
    assert not Attendance.objects.exists()


def _meeting_now(offset_minutes=0):
    start = timezone.now() + timedelta(minutes=offset_minutes)
    return MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))


def test_a_member_checks_in_during_the_meeting(member_user):
    meeting = _meeting_now(-30)
    attendance = services.attendance_check_in(
        meeting=meeting, user=member_user, code=meeting.check_in_code()
    )
    assert attendance.status == Attendance.Status.PRESENT
    assert attendance.self_checked_in


def test_check_in_opens_thirty_minutes_before_the_start(member_user):
    meeting = _meeting_now(20)
    assert services.attendance_check_in(
        meeting=meeting, user=member_user, code=meeting.check_in_code()
    )


def test_check_in_before_the_window_is_refused_with_a_clear_message(member_user):
    meeting = _meeting_now(90)
    with pytest.raises(ValidationError) as exc:
        services.attendance_check_in(
            meeting=meeting, user=member_user, code=meeting.check_in_code()
        )
    assert "solo está abierto durante la sesión" in exc.value.messages[0]
    assert not Attendance.objects.exists()


def test_check_in_after_the_meeting_is_refused(member_user, meeting):
    with pytest.raises(ValidationError):
        services.attendance_check_in(
            meeting=meeting, user=member_user, code=meeting.check_in_code()
        )
    assert not Attendance.objects.exists()


def test_check_in_by_a_non_member_is_refused(citizen):
    with pytest.raises(ValidationError) as exc:
        meeting = _meeting_now(-10)
        services.attendance_check_in(meeting=meeting, user=citizen, code=meeting.check_in_code())
    assert "miembros activos" in exc.value.messages[0]


def test_checking_in_twice_is_refused(member_user):
    meeting = _meeting_now(-10)
    services.attendance_check_in(meeting=meeting, user=member_user, code=meeting.check_in_code())
    with pytest.raises(ValidationError) as exc:
        services.attendance_check_in(
            meeting=meeting, user=member_user, code=meeting.check_in_code()
        )
    assert "ya está registrada" in exc.value.messages[0]
    assert Attendance.objects.count() == 1


# Indicators ------------------------------------------------------------------------------


def test_attendance_rate_is_the_mean_of_each_meetings_rate(db):
    first = MeetingFactory(starts_at=timezone.make_aware(timezone.datetime(2021, 3, 1, 9)))
    second = MeetingFactory(starts_at=timezone.make_aware(timezone.datetime(2021, 6, 1, 9)))
    outside = MeetingFactory(starts_at=timezone.make_aware(timezone.datetime(2023, 1, 1, 9)))
    a, b = MembershipFactory(), MembershipFactory()
    AttendanceFactory(meeting=first, member=a, status="presente")
    AttendanceFactory(meeting=first, member=b, status="ausente")  # 50 %
    AttendanceFactory(meeting=second, member=a, status="presente")  # 100 %
    AttendanceFactory(meeting=outside, member=a, status="ausente")
    rate = indicators.get("forum.attendance_rate").value(date(2021, 1, 1), date(2021, 12, 31))
    assert rate == Decimal("75.0")


def test_active_actors_counts_actors_in_the_forum_during_the_period(db):
    ActorFactory(joined_on=date(2020, 10, 1))
    ActorFactory(joined_on=date(2020, 10, 1), withdrawn_on=date(2020, 12, 1), status="retirado")
    ActorFactory(joined_on=None, status="invitado")
    value = indicators.get("forum.active_actors").value(date(2021, 1, 1), date(2021, 12, 31))
    assert value == Decimal(1)


def test_a_person_cannot_represent_the_same_actor_twice_at_once(membership):
    with pytest.raises(ValidationError) as exc:
        services.membership_create(
            user=membership.user, actor=membership.actor, joined_on=date(2021, 5, 1)
        )
    assert "ya representa a este actor" in " ".join(exc.value.messages)
    assert Membership.objects.count() == 1


def test_a_person_may_rejoin_an_actor_after_leaving(membership):
    services.membership_end(membership=membership, left_on=date(2021, 1, 1))
    services.membership_create(
        user=membership.user, actor=membership.actor, joined_on=date(2021, 3, 1)
    )
    assert is_member(membership.user)


def test_a_withdrawn_member_still_counts_for_the_meetings_before_leaving(membership, technician):
    past = MeetingFactory(starts_at=timezone.now() - timedelta(days=60))
    services.membership_withdraw(membership=membership)
    services.attendance_record(meeting=past, member=membership, status="presente", by=technician)
    assert Attendance.objects.filter(member=membership).count() == 1


def test_a_withdrawn_membership_needs_a_leaving_date(membership):
    membership.status = Membership.Status.WITHDRAWN
    with pytest.raises(ValidationError) as exc:
        services.membership_save(membership)
    assert "left_on" in exc.value.message_dict


def test_the_database_refuses_published_minutes_without_text(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(minutes_published_at=meeting.ends_at)


def test_publishing_empty_minutes_is_refused(meeting):
    with pytest.raises(ValidationError) as exc:
        services.minutes_publish(meeting=meeting, text="  ")
    assert "minutes" in exc.value.message_dict


def test_check_in_without_the_code_shown_at_the_session_is_refused(member_user):
    meeting = _meeting_now(-10)
    other = _meeting_now(-5)
    for code in [
        "",
        "000000" if meeting.check_in_code() != "000000" else "111111",
        other.check_in_code() if other.check_in_code() != meeting.check_in_code() else "x",
    ]:
        with pytest.raises(ValidationError) as exc:
            services.attendance_check_in(meeting=meeting, user=member_user, code=code)
        assert "código de asistencia no es correcto" in exc.value.messages[0]
    assert not Attendance.objects.exists()


def test_the_code_stops_working_when_the_session_ends(member_user):
    meeting = _meeting_now(-30)
    code = meeting.check_in_code()
    with pytest.raises(ValidationError):
        services.attendance_check_in(
            meeting=meeting, user=member_user, code=code, now=meeting.ends_at + timedelta(minutes=1)
        )
    assert not Attendance.objects.exists()
