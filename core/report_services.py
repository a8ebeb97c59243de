"""Writes of the citizen-report workflow. Every app files and moves reports through here."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import casework, codes, moderation, notifications
from . import photos as photo_cleaning
from .registry import report_models
from .reports import (
    TRANSITIONS,
    Open311Client,
    ReportEvent,
    ReportPhoto,
    ReportStatus,
    Review,
    Source,
)

MAX_PHOTOS = 5


def _event(report, **fields):
    return ReportEvent.objects.create(
        content_type=ContentType.objects.get_for_model(report), object_id=report.pk, **fields
    )


def notify_report_event(report, event):
    """The reporter hears of the filing (a receipt) and of each status change; followers
    of the report hear of status changes. Called inside the transaction of the change."""
    key = f"report:{report._meta.label_lower}:{event.pk}"
    objects = {"report": report, "event": event}
    filed = event.kind == ReportEvent.Kind.FILED
    if report.reporter_email:
        notifications.notify(
            key=f"{key}:reporter",
            to=report.reporter_email,
            template="core/email/report_update",
            objects=objects,
            values={"follow_url": notifications.follow_url(report.reporter_email, report)}
            if filed
            else {},
            language=report.language,
            transactional=filed,
        )
    if not filed:
        notifications.notify_followers(
            obj=report,
            key=key,
            template="core/email/report_update",
            objects=objects,
            skip=[report.reporter_email],
        )


_notify = notify_report_event


def report_file(*, model, fields: dict, photos=(), ip=None, source="web"):
    """Files a new report: validated, coded, photos cleaned, first timeline entry, email."""
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(
            {"photos": _("Puede adjuntar hasta %(n)s fotos.") % {"n": MAX_PHOTOS}}
        )
    cleaned = []
    for upload in photos:
        try:
            cleaned.append(photo_cleaning.clean_image(upload))
        except ValidationError as exc:
            raise ValidationError({"photos": exc.messages}) from exc
    report = model(**fields, submitter_ip=ip, source=source, status=ReportStatus.RECEIVED)
    # Staff filings are published at once; citizens' wait for approval where the type says so.
    if source != Source.STAFF and casework.requires_moderation(report):
        report.is_hidden, report.review = True, Review.PENDING
    if not report.language:
        report.language = notifications.request_language()
    if report.is_anonymous:
        report.reporter_name = ""
    if report.parish_id is None and report.latitude is None and not report.location_reference:
        raise ValidationError(
            {"parish": _("Indique la parroquia, una referencia del lugar o un punto en el mapa.")}
        )
    for _attempt in range(5):
        report.tracking_code = codes.new_tracking_code(model.TRACKING_PREFIX)
        # Check constraints are the database's to enforce at the insert: validating them
        # here first cost one query each (14 for a complaint, a third of a filing's time).
        report.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                report.save()
                for content in cleaned:
                    ReportPhoto.objects.create(
                        content_type=ContentType.objects.get_for_model(report),
                        object_id=report.pk,
                        image=content,
                    )
                event = _event(report, kind=ReportEvent.Kind.FILED, to_status=ReportStatus.RECEIVED)
                _notify(report, event)
                casework.on_filed(report)
        except IntegrityError:
            report.pk = None
            if model.objects.filter(tracking_code=report.tracking_code).exists():
                continue  # a code collision: draw another
            # A check constraint refused the row: the same checks in Python name the field.
            report.full_clean()
            raise
        return report
    raise RuntimeError("could not draw a free tracking code")


@transaction.atomic
def report_transition(*, report, to_status, by, comment="", reason="", duplicate_of_code=""):
    locked = type(report).objects.select_for_update().get(pk=report.pk)
    to_status = ReportStatus(to_status)
    current = ReportStatus(locked.status)
    if to_status not in TRANSITIONS[current]:
        raise ValidationError(
            {
                "status": _("No se puede pasar de «%(a)s» a «%(b)s».")
                % {"a": current.label, "b": to_status.label}
            }
        )
    if to_status == ReportStatus.REJECTED and not reason.strip():
        raise ValidationError({"status_reason": _("Indique el motivo del rechazo.")})
    if to_status == ReportStatus.DUPLICATE:
        duplicate_of_code = codes.normalise_tracking_code(duplicate_of_code)
        original = type(report).objects.filter(tracking_code=duplicate_of_code).first()
        if original is None or original.pk == locked.pk:
            raise ValidationError(
                {"duplicate_of_code": _("Indique el código de seguimiento del reporte original.")}
            )
        locked.duplicate_of_code = duplicate_of_code
    locked.status = to_status
    if reason:
        locked.status_reason = reason
    if to_status == ReportStatus.RESOLVED:
        locked.resolved_at = timezone.now()
    elif current == ReportStatus.RESOLVED:
        locked.resolved_at = None
    locked.save()
    public_comment = comment or reason
    event = _event(
        locked,
        kind=ReportEvent.Kind.STATUS,
        from_status=current,
        to_status=to_status,
        comment=public_comment,
        created_by=by,
    )
    _notify(locked, event)
    return locked


@transaction.atomic
def report_assign(*, report, by, assigned_to=None, institution="", due_date=None):
    locked = type(report).objects.select_for_update().get(pk=report.pk)
    locked.assigned_to = assigned_to
    locked.assigned_institution = institution
    locked.due_date = due_date
    locked.full_clean()
    locked.save()
    comment = _("Asignado a %(who)s.") % {"who": institution} if institution else ""
    _event(
        locked,
        kind=ReportEvent.Kind.ASSIGNED,
        comment=comment,
        created_by=by,
        is_public=bool(institution),
    )
    return locked


def report_hide(*, report, by, reason):
    """Hides a report (or confirms the hiding of a pending or reported one), with a reason."""
    if not (reason or "").strip():
        raise ValidationError({"hidden_reason": _("Indique el motivo para ocultar el reporte.")})
    if len(reason) > 255:
        raise ValidationError(
            {"hidden_reason": _("Escriba el motivo en 255 caracteres como máximo.")}
        )
    moderation.hide(obj=report, by=by, reason=reason)
    report.refresh_from_db()
    return report


def report_publish(*, report, by):
    """Approves a report waiting for moderation, or restores a hidden or reported one."""
    moderation.publish(obj=report, by=by)
    report.refresh_from_db()
    return report


@transaction.atomic
def photo_hide(*, photo, by, reason):
    if not reason.strip():
        raise ValidationError({"hidden_reason": _("Indique el motivo para ocultar la foto.")})
    photo.is_hidden = True
    photo.hidden_reason = reason
    photo.save(update_fields=["is_hidden", "hidden_reason"])
    return photo


def followable_by_code():
    """What a tracking code opens: public reports and those waiting for approval (whoever
    holds the code filed it); never the ones hidden by moderation."""
    return Q(is_hidden=False) | Q(review=Review.PENDING)


def report_find(code):
    """The report with this tracking code its filer may follow, whichever app filed it."""
    code = codes.normalise_tracking_code(code or "")
    for model in report_models():
        if code.startswith(model.TRACKING_PREFIX + "-"):
            return model.objects.filter(followable_by_code(), tracking_code=code).first()
    return None


def report_url(code: str) -> str | None:
    """The public page of the report with this tracking code (for the tracking page)."""
    report = report_find(code)
    return report.get_absolute_url() if report is not None else None


def open311_key_issue(*, name: str) -> Open311Client:
    """A new client application with a fresh key (drawn here, never typed)."""
    client = Open311Client(name=name.strip())
    client.full_clean()
    client.save()
    return client


def open311_key_revoke(*, client: Open311Client) -> Open311Client:
    """The key stops working at once; the row stays, so the requests it filed keep a name."""
    if client.is_active or client.revoked_at is None:
        client.is_active = False
        client.revoked_at = client.revoked_at or timezone.now()
        client.save(update_fields=["is_active", "revoked_at"])
    return client
