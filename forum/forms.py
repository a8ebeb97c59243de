from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import CleanTextFormMixin

from . import services
from .models import Attendance, Membership, active_memberships_q

NOT_RECORDED = ""


class AttendanceForm(CleanTextFormMixin, forms.Form):
    """One select per member active on the session's date; empty = not recorded yet."""

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        day = timezone.localtime(meeting.starts_at).date()
        self.members = list(
            Membership.objects.filter(active_memberships_q(day))
            .select_related("actor", "user")
            .order_by("actor__name", "pk")
        )
        current = dict(meeting.attendances.values_list("member_id", "status"))
        choices = [(NOT_RECORDED, _("— sin registrar —")), *Attendance.Status.choices]
        for member in self.members:
            person = member.user.get_full_name() or member.user.get_username()
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                label=f"{member.actor.name} · {person} ({member.get_role_display()})",
                choices=choices,
                required=False,
                initial=current.get(member.pk, NOT_RECORDED),
            )

    @transaction.atomic
    def save(self, *, by):
        for member in self.members:
            status = self.cleaned_data.get(f"m{member.pk}")
            if status:
                services.attendance_record(
                    meeting=self.meeting, member=member, status=status, by=by
                )


def attendance_form_for(meeting, data=None):
    return AttendanceForm(data, meeting=meeting)
