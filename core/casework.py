"""Staff side of citizen reports: a policy per report type (due date, team alerts), the admin
inbox of new and overdue cases, and referrals to an institution recorded with its answer.

A referral e-mails the institution the case; the citizen's name, e-mail and phone go with it
only when the citizen agreed (`share_contact` on the report).
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from . import moderation, notifications
from .fields import acting_user
from .registry import report_models, report_types
from .reports import CLOSED, ReportEvent, ReportStatus
from .text import CleanTextModel


class ReportPolicy(models.Model):
    """What a report type (an Open311 service code) asks of staff."""

    service_code = models.CharField(_l("tipo de reporte (código)"), max_length=60, unique=True)
    due_days = models.PositiveSmallIntegerField(
        _l("días para atender"),
        null=True,
        blank=True,
        help_text=_l("La fecha límite de un reporte nuevo: hoy más estos días."),
    )
    team_emails = models.TextField(
        _l("correos del equipo"),
        blank=True,
        help_text=_l("Uno por línea: reciben cada reporte nuevo y el aviso diario de vencidos."),
    )
    requires_moderation = models.BooleanField(
        _l("requiere moderación"),
        default=False,
        help_text=_l(
            "Los reportes ciudadanos de este tipo (y sus fotos) no se publican hasta que el "
            "personal los apruebe; quien reporta los sigue con su código."
        ),
    )

    class Meta:
        verbose_name = _l("política por tipo de reporte")
        verbose_name_plural = _l("políticas por tipo de reporte")

    def __str__(self):
        return self.service_code

    def emails(self) -> list[str]:
        return [e.strip() for e in self.team_emails.split() if e.strip()]


class Institution(CleanTextModel):
    name = models.CharField(_l("nombre"), max_length=200, unique=True)
    email = models.EmailField(_l("correo"))

    class Meta:
        verbose_name = _l("institución")
        verbose_name_plural = _l("instituciones")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Referral(CleanTextModel):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    report = GenericForeignKey("content_type", "object_id")
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_l("institución"),
    )
    note = models.TextField(_l("nota para la institución"), blank=True)
    with_contact = models.BooleanField(_l("con el contacto de quien reporta"), default=False)
    sent_at = models.DateTimeField(_l("enviado"), auto_now_add=True)
    sent_by = acting_user(_l("enviado por"))
    answer = models.TextField(_l("respuesta de la institución"), blank=True)
    answered_at = models.DateTimeField(_l("respondido"), null=True, blank=True)

    class Meta:
        verbose_name = _l("derivación")
        verbose_name_plural = _l("derivaciones")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.institution} · {self.content_type.model} {self.object_id}"


def service_code_of(report) -> str | None:
    label = report._meta.label
    for report_type in report_types:
        if report_type.model == label and str(getattr(report, report_type.field, "")) == str(
            report_type.value
        ):
            return report_type.key
    return None


def policy_for(report) -> ReportPolicy | None:
    code = service_code_of(report)
    return ReportPolicy.objects.filter(service_code=code).first() if code else None


def requires_moderation(report) -> bool:
    policy = policy_for(report)
    return bool(policy and policy.requires_moderation)


def on_filed(report) -> None:
    """Due date from the type's policy and an alert to its team; inside the filing transaction."""
    policy = policy_for(report)
    if policy is None:
        return
    if policy.due_days is not None and report.due_date is None:
        report.due_date = timezone.localdate() + timedelta(days=policy.due_days)
        type(report).objects.filter(pk=report.pk).update(due_date=report.due_date)
    for email in policy.emails():
        notifications.notify(
            key=f"staff-new:{report._meta.label_lower}:{report.pk}:{email}",
            to=email,
            template="core/email/staff_new_report",
            objects={"report": report},
            transactional=True,
        )


@transaction.atomic
def referral_send(*, report, institution: Institution, by=None, note: str = "") -> Referral:
    """Records the referral, puts it on the public timeline and e-mails the institution."""
    locked = type(report).objects.select_for_update().get(pk=report.pk)
    if locked.status in CLOSED:
        raise ValidationError(_("No se deriva un reporte cerrado."))
    referral = Referral.objects.create(
        content_type=ContentType.objects.get_for_model(locked),
        object_id=locked.pk,
        institution=institution,
        note=note.strip(),
        with_contact=bool(locked.share_contact and not locked.is_anonymous),
        sent_by=by,
    )
    type(locked).objects.filter(pk=locked.pk).update(assigned_institution=institution.name[:200])
    ReportEvent.objects.create(
        content_type=referral.content_type,
        object_id=locked.pk,
        kind=ReportEvent.Kind.ASSIGNED,
        comment=_("Derivado a %(who)s.") % {"who": institution.name},
        created_by=by,
        is_public=True,
    )
    notifications.notify(
        key=f"referral:{referral.pk}",
        to=institution.email,
        template="core/email/referral",
        objects={"report": locked, "referral": referral},
        transactional=True,
    )
    return referral


@transaction.atomic
def referral_answer(*, referral: Referral, answer: str) -> Referral:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Escriba la respuesta de la institución.")})
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    referral.answer, referral.answered_at = answer, timezone.now()
    referral.save(update_fields=["answer", "answered_at"])
    return referral


def _open(model):
    return model.objects.exclude(status__in=[s.value for s in CLOSED])


def inbox(today=None) -> list[dict]:
    """New and overdue cases per kind, and items waiting for moderation (approval before
    publication, or hidden after citizens reported them), for the admin home (a few COUNTs)."""
    today = today or timezone.localdate()
    rows = []
    for model in report_models():
        opts = model._meta
        rows.append(
            {
                "label": opts.verbose_name_plural,
                "url": f"admin:{opts.app_label}_{opts.model_name}_changelist",
                "new": model.objects.filter(status=ReportStatus.RECEIVED).count(),
                "overdue": _open(model).filter(due_date__lt=today).count(),
                "review": moderation.awaiting_review(model),
            }
        )
    # Filings that are not citizen reports but wait for staff just the same.
    for label, status in (
        ("proposals.Proposal", "recibida"),
        ("environment.SeedlingRequest", "recibida"),
    ):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        opts = model._meta
        rows.append(
            {
                "label": opts.verbose_name_plural,
                "url": f"admin:{opts.app_label}_{opts.model_name}_changelist",
                "new": model.objects.filter(status=status).count(),
                "overdue": None,
                "review": moderation.awaiting_review(model)
                if any(f.name == "review" for f in opts.get_fields())
                else None,
            }
        )
    return rows


def overdue_reminders(today=None) -> int:
    """Daily: each team hears of its open reports past their due date; returns e-mails queued."""
    today = today or timezone.localdate()
    queued = 0
    policies = {p.service_code: p for p in ReportPolicy.objects.exclude(team_emails="")}
    if not policies:
        return 0
    for model in report_models():
        overdue = [r for r in _open(model).filter(due_date__lt=today).order_by("due_date", "pk")]
        by_code: dict[str, list] = {}
        for report in overdue:
            code = service_code_of(report)
            if code in policies:
                by_code.setdefault(code, []).append(report)
        for code, reports in by_code.items():
            for email in policies[code].emails():
                with transaction.atomic():
                    sent = notifications.notify(
                        key=f"staff-overdue:{code}:{today.isoformat()}:{email}",
                        to=email,
                        template="core/email/staff_overdue",
                        objects={"first": reports[0]},
                        values={
                            "codes": [r.tracking_code for r in reports],
                            "service_code": code,
                        },
                        transactional=True,
                    )
                queued += sent is not None
    return queued
