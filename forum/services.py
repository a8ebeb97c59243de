"""Writes of the forum: memberships (and the forum-member role), minutes, attendance."""

from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from core import roles
from core.signals import announce_data_changed

from .models import (
    CHECK_IN_OPENS_BEFORE,
    Actor,
    Attendance,
    Meeting,
    Membership,
    active_memberships_q,
)


def _forum_group() -> Group:
    group, _created = Group.objects.get_or_create(name=roles.FORUM_MEMBER)
    return group


def sync_member_roles(*, users=None, today: date | None = None) -> dict:
    """Grants the forum-member role to users with an active membership today and withdraws it
    from the others. `users`: only these (a service touching one membership); None: everyone
    who holds the role or has ever had a membership. Idempotent."""
    today = today or timezone.localdate()
    User = get_user_model()
    group = _forum_group()
    scope = User.objects.all()
    if users is not None:
        scope = scope.filter(pk__in=[u.pk for u in users])
    else:
        scope = scope.filter(pk__in=Membership.objects.values("user_id")) | scope.filter(
            groups=group
        )
    active_ids = set(
        scope.filter(active_memberships_q(today, "forum_memberships__")).values_list(
            "pk", flat=True
        )
    )
    holding_ids = set(scope.filter(groups=group).values_list("pk", flat=True))
    grant = active_ids - holding_ids
    withdraw = holding_ids - active_ids
    if grant:
        group.user_set.add(*grant)
    if withdraw:
        group.user_set.remove(*withdraw)
    return {"granted": len(grant), "withdrawn": len(withdraw)}


@transaction.atomic
def membership_save(membership: Membership) -> Membership:
    """Saves a new or edited membership (admin, API) and keeps the user's role in step."""
    # Serialises concurrent writes for one person, so the overlap check in clean() holds.
    list(get_user_model().objects.select_for_update().filter(pk=membership.user_id).values("pk"))
    membership.full_clean()
    membership.save()
    sync_member_roles(users=[membership.user])
    announce_data_changed("forum")
    return membership


def membership_create(
    *, user, actor: Actor, role: str = Membership.Role.MEMBER, joined_on: date
) -> Membership:
    return membership_save(Membership(user=user, actor=actor, role=role, joined_on=joined_on))


@transaction.atomic
def membership_end(*, membership: Membership, left_on: date | None = None) -> Membership:
    """Ends a membership: from `left_on` (default today) the user is no longer a member."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    left_on = left_on or timezone.localdate()
    if left_on <= membership.joined_on:
        raise ValidationError(
            {"left_on": _("La fecha de salida debe ser posterior a la fecha de ingreso.")}
        )
    membership.left_on = left_on
    return membership_save(membership)


@transaction.atomic
def membership_withdraw(*, membership: Membership) -> Membership:
    """The member leaves the forum today (withdrawn status)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.status = Membership.Status.WITHDRAWN
    today = timezone.localdate()
    if membership.left_on is None or membership.left_on > today:
        membership.left_on = max(today, membership.joined_on + timedelta(days=1))
    return membership_save(membership)


def check_minutes_publishable(meeting: Meeting, published_at: datetime) -> None:
    if published_at < meeting.ends_at:
        raise ValidationError(
            {
                "minutes_published_at": _(
                    "El acta solo puede publicarse después de la sesión (termina el %(date)s)."
                )
                % {"date": timezone.localtime(meeting.ends_at).strftime("%d/%m/%Y %H:%M")}
            }
        )


@transaction.atomic
def minutes_publish(
    *, meeting: Meeting, text: str | None = None, now: datetime | None = None
) -> Meeting:
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_minutes_publishable(meeting, now)
    if text is not None:
        meeting.minutes = text
    if not meeting.minutes.strip():
        raise ValidationError({"minutes": _("Escriba el texto del acta antes de publicarla.")})
    meeting.minutes_published_at = now
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, member: Membership, status: str, by) -> Attendance:
    """Staff record (or correct) one member's attendance at a session."""
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Estado de asistencia no válido.")})
    if not member.is_active_on(timezone.localtime(meeting.starts_at).date()):
        raise ValidationError(
            {"member": _("Esta persona no era miembro activo del foro en la fecha de la sesión.")}
        )
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={"status": status, "recorded_by": by, "recorded_at": timezone.now()},
    )
    announce_data_changed("forum")
    return attendance


def attendance_check_in(
    *, meeting: Meeting, user, code: str, now: datetime | None = None
) -> Attendance:
    """A member marks themself present, only while the session's check-in window is open and
    with the code shown at the session (proof of presence)."""
    now = now or timezone.now()
    if not meeting.check_in_open(now):
        opens = timezone.localtime(meeting.starts_at - CHECK_IN_OPENS_BEFORE)
        closes = timezone.localtime(meeting.ends_at)
        raise ValidationError(
            _(
                "El registro de asistencia solo está abierto durante la sesión: desde el "
                "%(opens)s hasta el %(closes)s."
            )
            % {
                "opens": opens.strftime("%d/%m/%Y %H:%M"),
                "closes": closes.strftime("%d/%m/%Y %H:%M"),
            }
        )
    code = (code or "").strip()
    if not any(constant_time_compare(code, valid) for valid in meeting.accepted_check_in_codes()):
        raise ValidationError(
            _("El código de asistencia no es correcto. Es el que se muestra en la sesión.")
        )
    day = timezone.localtime(meeting.starts_at).date()
    member = Membership.objects.filter(active_memberships_q(day), user=user).order_by("pk").first()
    if member is None:
        raise ValidationError(
            _("Solo los miembros activos del foro pueden registrar su asistencia.")
        )
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                meeting=meeting,
                member=member,
                status=Attendance.Status.PRESENT,
                self_checked_in=True,
                recorded_by=user,
                recorded_at=now,
            )
    except IntegrityError:
        raise ValidationError(_("Su asistencia a esta sesión ya está registrada.")) from None
    announce_data_changed("forum")
    return attendance
