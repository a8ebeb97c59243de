import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import idempotency
from core.datasets import download_view
from core.flash import flash_outcome
from core.pagination import paginate
from core.storage import private_file_response

from . import selectors, services
from .filters import ActorFilter, MeetingFilter
from .forms import attendance_form_for
from .ics import calendar_for
from .models import Actor, Attendance, Meeting, Membership, MinutesFile, active_memberships_q


def _is_staff(user):
    return rules.test_rule("core.is_portal_staff", user)


def index(request):
    now = timezone.now()
    return render(
        request,
        "forum/index.html",
        {
            "panel": selectors.home_panel(request),
            "upcoming": list(Meeting.objects.filter(ends_at__gte=now).order_by("starts_at")[:3]),
            "recent": list(
                Meeting.objects.filter(ends_at__lt=now)
                .order_by("-starts_at")
                .only("title", "starts_at", "ends_at", "minutes_published_at")[:3]
            ),
        },
    )


def actor_list(request):
    actor_filter = ActorFilter(request.GET or None, queryset=selectors.public_actors())
    return render(
        request,
        "forum/actor_list.html",
        {"filter": actor_filter, **paginate(request, actor_filter.qs, 30)},
    )


def actor_detail(request, pk):
    actor = get_object_or_404(selectors.public_actors(), pk=pk)
    memberships = actor.memberships.order_by("joined_on").only(
        "role", "status", "joined_on", "left_on", "actor_id"
    )
    return render(
        request,
        "forum/actor_detail.html",
        {
            "actor": actor,
            "memberships": memberships,
            **selectors.actor_participation(actor),
        },
    )


def mapping(request):
    return render(
        request,
        "forum/mapping.html",
        {
            "by_sector": selectors.counts_by_sector(),
            "by_parish": selectors.counts_by_parish(),
            "by_canton": selectors.counts_by_canton(),
            "by_status": [
                (label, Actor.objects.filter(status=value).count())
                for value, label in Actor.Status.choices
            ],
        },
    )


def meeting_list(request):
    meeting_filter = MeetingFilter(request.GET or None, queryset=selectors.meetings_with_counts())
    now = timezone.now()
    meetings = list(meeting_filter.qs)
    return render(
        request,
        "forum/meeting_list.html",
        {
            "filter": meeting_filter,
            "upcoming": sorted(
                (m for m in meetings if m.ends_at >= now), key=lambda m: m.starts_at
            ),
            "past": [m for m in meetings if m.ends_at < now],
        },
    )


def meeting_detail(request, pk):
    try:
        meeting = selectors.meeting_detail(pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    now = timezone.now()
    own = None
    is_member = False
    if request.user.is_authenticated:
        day = timezone.localtime(meeting.starts_at).date()
        is_member = Membership.objects.filter(active_memberships_q(day), user=request.user).exists()
        own = Attendance.objects.filter(meeting=meeting, member__user=request.user).first()
    attendance = list(selectors.meeting_attendance(meeting))
    return render(
        request,
        "forum/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "present_count": sum(a.status == Attendance.Status.PRESENT for a in attendance),
            "check_in_open": meeting.check_in_open(now),
            "is_member": is_member,
            "own": own,
            "is_staff": _is_staff(request.user),
            "check_in_code": (
                meeting.check_in_code()
                if _is_staff(request.user) and meeting.check_in_open(now)
                else ""
            ),
        },
    )


@login_required
@require_POST
def meeting_check_in(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    code = request.POST.get("code", "")[:20]
    flash_outcome(
        request,
        lambda: services.attendance_check_in(meeting=meeting, user=request.user, code=code),
        _("Su asistencia quedó registrada. ¡Gracias por participar!"),
    )
    return redirect(meeting)


@idempotency.idempotent_form
@login_required
def meeting_attendance(request, pk):
    """Staff record the attendance of every member active on the session's date."""
    if not _is_staff(request.user):
        raise PermissionDenied
    meeting = get_object_or_404(Meeting, pk=pk)
    form = attendance_form_for(meeting, request.POST if request.method == "POST" else None)
    valid = request.method == "POST" and form.is_valid()
    if valid and flash_outcome(
        request, lambda: form.save(by=request.user), _("Asistencia guardada.")
    ):
        return redirect(meeting)
    return render(request, "forum/meeting_attendance.html", {"meeting": meeting, "form": form})


def calendar_ics(request):
    meetings = Meeting.objects.order_by("starts_at").only(
        "title", "starts_at", "ends_at", "place", "online_url", "description", "updated_at"
    )
    body = calendar_for(
        meetings, base_url=request.build_absolute_uri("/").rstrip("/"), domain=request.get_host()
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="foro-multiactor.ics"'
    return response


def participation(request):
    by_sector = selectors.participation_by_sector()
    by_actor = selectors.participation_by_actor()
    is_staff = _is_staff(request.user)
    return render(
        request,
        "forum/participation.html",
        {
            "by_sector": by_sector,
            "series": selectors.sector_series(by_sector),
            "by_actor": by_actor,
            "drifting": [r for r in by_actor["rows"] if r["drifting"]] if is_staff else [],
            "is_staff": is_staff,
            "threshold": selectors.DRIFT_THRESHOLD,
            "recent_count": selectors.RECENT_MEETINGS,
            "inclusion": selectors.membership_inclusion(),
        },
    )


# Open data -------------------------------------------------------------------------------

export_actors = download_view("forum.actors", "foro-actores")
export_attendance = download_view("forum.attendance", "foro-asistencia")


def minutes_file(request, pk):
    """Sends an attachment of the minutes once they are published; staff see drafts too."""
    attachment = get_object_or_404(MinutesFile.objects.select_related("meeting"), pk=pk)
    if not attachment.meeting.minutes_published and not _is_staff(request.user):
        raise Http404
    return private_file_response(attachment.file)
