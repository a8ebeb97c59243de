"""Writes: filing, moderating, supporting, scoring and selecting proposals."""

from decimal import ROUND_HALF_UP, Decimal

import rules
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import codes, notifications
from core.signals import announce_data_changed

from .models import (
    PUBLIC_STATUSES,
    Consultation,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Score,
    Scorecard,
    Support,
)

S = ProposalStatus
# Moderation moves: a received proposal is published, rejected or marked duplicate; a published
# one can still be rejected or marked duplicate; selection is separate (proposal_select).
TRANSITIONS = {
    S.RECEIVED: {S.PUBLISHED, S.REJECTED, S.DUPLICATE},
    S.PUBLISHED: {S.REJECTED, S.DUPLICATE},
    S.REJECTED: {S.PUBLISHED},  # a mistaken rejection can be undone
    S.DUPLICATE: {S.PUBLISHED},
    S.SELECTED: set(),
}


def _event(proposal, *, from_status, by=None, comment=""):
    return ProposalEvent.objects.create(
        proposal=proposal,
        from_status=from_status,
        to_status=proposal.status,
        comment=comment,
        created_by=by,
    )


def _email(proposal, kind, event=None):
    """The proposer hears of the receipt (transactional) and each status change; followers
    of the proposal hear of the changes. Called inside the transaction of the change."""
    received = kind == "received"
    values = {"kind": kind}
    if received and proposal.proposer_email:
        follow_url = notifications.follow_url(proposal.proposer_email, proposal)
        to_proposer = {**values, "follow_url": follow_url}
    else:
        to_proposer = values
    _tell(
        proposal,
        key=f"proposal:{proposal.pk}:" + (f"event:{event.pk}" if event else kind),
        template="proposals/email/proposal",
        values=values,
        to_proposer=to_proposer,
        followers=not received,
        transactional=received,
    )


def _tell(
    proposal, *, key, template, values, to_proposer=None, followers=True, transactional=False
):
    """E-mail the proposer, if they left an address, and the proposal's followers (the
    proposer is not told twice); `to_proposer` replaces `values` in the proposer's e-mail."""
    if proposal.proposer_email:
        notifications.notify(
            key=key,
            to=proposal.proposer_email,
            template=template,
            objects={"proposal": proposal},
            values=to_proposer or values,
            language=proposal.language,
            transactional=transactional,
        )
    if followers:
        notifications.notify_followers(
            obj=proposal,
            key=key,
            template=template,
            objects={"proposal": proposal},
            values=values,
            skip=[proposal.proposer_email],
        )


def proposal_submit(*, consultation: Consultation, fields: dict, ip=None, user=None) -> Proposal:
    """Files a citizen's proposal: validated, coded, first timeline entry, confirmation email."""
    if not consultation.is_open:
        raise ValidationError(
            _("La consulta «%(title)s» no está recibiendo propuestas (abierta del %(a)s al %(b)s).")
            % {
                "title": consultation.title,
                "a": consultation.opens_on.strftime("%d/%m/%Y"),
                "b": consultation.closes_on.strftime("%d/%m/%Y"),
            }
        )
    theme = fields.get("theme")
    if theme is not None and theme.consultation_id != consultation.pk:
        raise ValidationError({"theme": _("Elija un eje temático de esta consulta.")})
    proposal = Proposal(
        **fields,
        consultation=consultation,
        submitter_ip=ip,
        submitted_by=user if user is not None and user.is_authenticated else None,
        status=S.RECEIVED,
    )
    if proposal.is_anonymous:
        proposal.proposer_name = ""
    if not proposal.language:
        proposal.language = notifications.request_language()
    for _attempt in range(5):
        proposal.tracking_code = codes.new_tracking_code(Proposal.TRACKING_PREFIX)
        # The code's uniqueness is left to the database, so a collision retries below.
        proposal.full_clean(exclude=["tracking_code"])
        try:
            with transaction.atomic():
                proposal.save()
                _event(proposal, from_status="")
                _email(proposal, "received")
        except IntegrityError:
            if Proposal.objects.filter(tracking_code=proposal.tracking_code).exists():
                proposal.pk = None
                continue  # a code collision: draw another
            raise
        return proposal
    raise RuntimeError("could not draw a free tracking code")


def proposal_find(code: str):
    normalised = codes.normalise_tracking_code(code or "")
    if not normalised.startswith(Proposal.TRACKING_PREFIX):
        return None
    return Proposal.objects.filter(tracking_code=normalised).first()


def proposal_tracking_url(code: str) -> str | None:
    proposal = proposal_find(code)
    return proposal.get_tracking_url() if proposal is not None else None


@transaction.atomic
def proposal_moderate(
    *,
    proposal: Proposal,
    by,
    to_status: str,
    reason: str = "",
    duplicate_of: Proposal | None = None,
) -> Proposal:
    """Publishes, rejects (with a reason) or marks a proposal duplicate of another one."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    current = S(proposal.status)
    target = S(to_status)
    if target not in TRANSITIONS[current]:
        raise ValidationError(
            _("Una propuesta «%(a)s» no puede pasar a «%(b)s».")
            % {"a": current.label, "b": target.label}
        )
    reason = (reason or "").strip()
    if target == S.REJECTED and not reason:
        raise ValidationError({"reason": _("Indique el motivo del rechazo.")})
    if target == S.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError({"duplicate_of": _("Indique la propuesta original.")})
        if (
            duplicate_of.pk == proposal.pk
            or duplicate_of.consultation_id != proposal.consultation_id
        ):
            raise ValidationError(
                {"duplicate_of": _("La propuesta original debe ser otra de la misma consulta.")}
            )
    proposal.status = target
    proposal.status_reason = reason if target == S.REJECTED else ""
    proposal.duplicate_of = duplicate_of if target == S.DUPLICATE else None
    if target == S.PUBLISHED and proposal.published_at is None:
        proposal.published_at = timezone.now()
    proposal.save()
    comment = reason
    if target == S.DUPLICATE:
        comment = _("Duplicada de %(code)s.") % {"code": duplicate_of.tracking_code}
    event = _event(proposal, from_status=current, by=by, comment=comment)
    _email(proposal, "status", event)
    announce_data_changed("proposals")
    return proposal


@transaction.atomic
def proposal_select(*, proposal: Proposal, by, selected: bool = True) -> Proposal:
    """Staff mark a published proposal as selected (or undo it) once the matrix is closed."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    consultation = Consultation.objects.get(pk=proposal.consultation_id)
    if not consultation.matrix_is_closed:
        raise ValidationError(_("Cierre la matriz de propuestas antes de seleccionar."))
    if selected:
        if proposal.status != S.PUBLISHED:
            raise ValidationError(_("Solo se selecciona una propuesta publicada."))
        proposal.status, proposal.selected_at = S.SELECTED, timezone.now()
        from_status = S.PUBLISHED
    else:
        if proposal.status != S.SELECTED:
            raise ValidationError(_("La propuesta no está seleccionada."))
        proposal.status, proposal.selected_at = S.PUBLISHED, None
        from_status = S.SELECTED
    proposal.save()
    event = _event(proposal, from_status=from_status, by=by)
    _email(proposal, "status", event)
    return proposal


@transaction.atomic
def proposal_support(*, proposal: Proposal, user) -> Support:
    """One support per user per proposal; the counter moves under the proposal's row lock."""
    if not (user and user.is_authenticated):
        raise ValidationError(_("Ingrese con su cuenta para apoyar una propuesta."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_public:
        raise ValidationError(_("Solo se pueden apoyar propuestas publicadas."))
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, user=user)
    except IntegrityError as exc:
        raise ValidationError(_("Usted ya apoyó esta propuesta.")) from exc
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    return support


def _weighted(criteria, values) -> Decimal:
    """0-100: each score placed on its criterion's scale, then averaged with the weights."""
    total_weight = sum(c.weight for c in criteria)
    acc = Decimal(0)
    for criterion in criteria:
        span = Decimal(criterion.scale_max - criterion.scale_min)
        acc += criterion.weight * (Decimal(values[criterion.pk] - criterion.scale_min) / span)
    return (acc * 100 / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def scorecard_save(*, proposal: Proposal, member, scores: dict, comment: str = "") -> Scorecard:
    """Creates or updates a member's scorecard. `scores` maps criterion id -> integer.

    Concurrency: the proposal row is locked, so two simultaneous saves of the same member queue
    up and the second updates the first's row; the unique constraint is the last guard.
    """
    if not rules.test_rule("core.is_forum_member", member):
        raise ValidationError(_("Solo los miembros activos del Foro Multiactor pueden puntuar."))
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        criteria = _scoring_criteria(proposal)
        values = _checked_scores(criteria, scores, comment)
        weighted = _weighted(criteria, values)
        scorecard = Scorecard.objects.filter(proposal=proposal, member=member).first()
        if scorecard is None:
            try:
                with transaction.atomic():
                    scorecard = Scorecard.objects.create(
                        proposal=proposal,
                        member=member,
                        weighted_score=weighted,
                        comment=(comment or "").strip(),
                    )
            except IntegrityError:
                scorecard = Scorecard.objects.select_for_update().get(
                    proposal=proposal, member=member
                )
        scorecard.weighted_score = weighted
        scorecard.comment = (comment or "").strip()
        scorecard.save()
        scorecard.scores.all().delete()
        Score.objects.bulk_create(
            [Score(scorecard=scorecard, criterion_id=pk, value=v) for pk, v in values.items()]
        )
        return scorecard


def _scoring_criteria(proposal: Proposal) -> list:
    """The criteria a locked proposal is scored on, if its matrix is still open."""
    # Read after the lock: closing the matrix locks the same rows, so this sees it.
    consultation = Consultation.objects.get(pk=proposal.consultation_id)
    if consultation.matrix_is_closed:
        raise ValidationError(
            _("La matriz de esta consulta ya está cerrada: no se pueden cambiar puntajes.")
        )
    if proposal.status not in PUBLIC_STATUSES:
        raise ValidationError(_("Solo se puntúan propuestas publicadas."))
    criteria = list(consultation.criteria.all())
    if not criteria:
        raise ValidationError(_("Esta consulta aún no tiene criterios de puntuación."))
    return criteria


def _checked_scores(criteria, scores: dict, comment: str) -> dict:
    """{criterion id: integer} with every criterion scored inside its scale, or a
    ValidationError naming each field that is not."""
    values, errors = {}, {}
    for criterion in criteria:
        value = _score(criterion, scores.get(criterion.pk, scores.get(str(criterion.pk))))
        if isinstance(value, int):
            values[criterion.pk] = value
        else:
            errors[f"criterion_{criterion.pk}"] = value
    unknown = {str(k) for k in scores} - {str(c.pk) for c in criteria}
    if unknown:
        errors["scores"] = _("Hay criterios que no pertenecen a esta consulta.")
    if len((comment or "").strip()) > 2000:
        errors["comment"] = _("El comentario admite hasta 2000 caracteres.")
    if errors:
        raise ValidationError(errors)
    return values


def _score(criterion, raw):
    """The integer score, or the message saying why `raw` is not one."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return _("Puntúe «%(name)s».") % {"name": criterion.name}
    if str(raw).strip() != str(value) or not (criterion.scale_min <= value <= criterion.scale_max):
        return _("«%(name)s» se puntúa con un entero del %(min)s al %(max)s.") % {
            "name": criterion.name,
            "min": criterion.scale_min,
            "max": criterion.scale_max,
        }
    return value


@transaction.atomic
def matrix_close(*, consultation: Consultation, by=None) -> Consultation:
    """Closes scoring. Locks the consultation's proposals (in pk order) so no save is in flight."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.matrix_is_closed:
        raise ValidationError(_("La matriz ya estaba cerrada."))
    list(
        Proposal.objects.filter(consultation=consultation)
        .order_by("pk")
        .select_for_update()
        .values_list("pk", flat=True)
    )
    consultation.matrix_closed_at = timezone.now()
    consultation.save(update_fields=["matrix_closed_at"])
    return consultation


@transaction.atomic
def matrix_reopen(*, consultation: Consultation, by=None) -> Consultation:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.proposals.selected().exists():
        raise ValidationError(
            _("Hay propuestas seleccionadas: quite la selección antes de reabrir.")
        )
    consultation.matrix_closed_at = None
    consultation.save(update_fields=["matrix_closed_at"])
    return consultation


@transaction.atomic
def consultation_publish_outcome(*, consultation: Consultation, by=None) -> int:
    """Publishes the matrix outcome: every published or selected proposal's proposer (and
    its followers) hears whether it was selected, with the forum's answer. Once only.

    Returns how many proposals were answered."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.matrix_is_closed:
        raise ValidationError(_("Cierre la matriz de propuestas antes de publicar el resultado."))
    if consultation.outcome_published_at is not None:
        raise ValidationError(_("El resultado de esta consulta ya fue publicado."))
    proposals = list(
        Proposal.objects.filter(consultation=consultation, status__in=PUBLIC_STATUSES).order_by(
            "pk"
        )
    )
    unanswered = [p.tracking_code for p in proposals if not p.forum_answer.strip()]
    if unanswered:
        raise ValidationError(
            _("Escriba la respuesta del Foro de cada propuesta antes de publicar: %(codes)s.")
            % {"codes": ", ".join(unanswered[:20])}
        )
    consultation.outcome_published_at = timezone.now()
    consultation.save(update_fields=["outcome_published_at"])
    for proposal in proposals:
        _tell(
            proposal,
            key=f"proposal:{proposal.pk}:outcome",
            template="proposals/email/outcome",
            values={"selected": proposal.is_selected},
        )
    return len(proposals)
