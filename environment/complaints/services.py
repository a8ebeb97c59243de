"""Writes for complaints: thin wrappers over the shared citizen-report workflow.

Every path (public form, API, admin, Open311) ends in `core.report_services`; figures that
depend on complaints are announced from the timeline signal in `registrations.py`, so the
admin's transition view and Open311 posts move them too.
"""

from core import report_services
from core.reports import Source

from .models import Complaint

PUBLIC_RATE_LIMIT = 5  # anonymous submissions per IP per hour
PUBLIC_RATE_PERIOD = 60 * 60


def complaint_file(*, fields: dict, photos=(), ip=None, source=Source.WEB) -> Complaint:
    return report_services.report_file(
        model=Complaint, fields=fields, photos=photos, ip=ip, source=source
    )


def complaint_transition(
    *, complaint: Complaint, to_status: str, by, comment="", reason="", duplicate_of_code=""
) -> Complaint:
    return report_services.report_transition(
        report=complaint,
        to_status=to_status,
        by=by,
        comment=comment,
        reason=reason,
        duplicate_of_code=duplicate_of_code,
    )


def complaint_hide(*, complaint: Complaint, by, reason: str) -> Complaint:
    return report_services.report_hide(report=complaint, by=by, reason=reason)


def complaint_assign(
    *, complaint: Complaint, by, assigned_to=None, institution="", due_date=None
) -> Complaint:
    return report_services.report_assign(
        report=complaint, by=by, assigned_to=assigned_to, institution=institution, due_date=due_date
    )
