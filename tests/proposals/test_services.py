import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from proposals import services
from proposals.models import Proposal, ProposalEvent, ProposalStatus, Score, Scorecard, Support

from .factories import ConsultationFactory, ProposalFactory


def _fields(consultation, **extra):
    return {
        "title": "Agua segura para Chigüilpe",
        "theme": consultation.themes.first(),
        "problem": "La comuna no tiene agua potable en verano.",
        "solution": "Un sistema comunitario de captación con control ciudadano.",
        "proposer_name": "Lucía Calazacón",
        "proposer_email": "lucia@correo.ec",
        **extra,
    }


@pytest.mark.django_db
def test_a_submitted_proposal_gets_a_tracking_code_a_timeline_and_an_email(
    consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_submit(consultation=consultation, fields=_fields(consultation))
    assert proposal.tracking_code.startswith("PR-")
    assert proposal.status == ProposalStatus.RECEIVED
    assert ProposalEvent.objects.filter(proposal=proposal, to_status="recibida").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lucia@correo.ec"]
    assert proposal.tracking_code in mail.outbox[0].body


@pytest.mark.django_db
def test_a_closed_consultation_refuses_proposals_and_saves_nothing(consultation):
    consultation.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    consultation.save()
    with pytest.raises(ValidationError, match="no está recibiendo propuestas"):
        services.proposal_submit(consultation=consultation, fields=_fields(consultation))
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_an_anonymous_proposal_keeps_no_name(consultation):
    proposal = services.proposal_submit(
        consultation=consultation, fields=_fields(consultation, is_anonymous=True)
    )
    proposal.refresh_from_db()
    assert proposal.proposer_name == ""
    assert proposal.proposer_email == "lucia@correo.ec"


@pytest.mark.django_db
def test_a_theme_of_another_consultation_is_refused(consultation):
    other = ConsultationFactory()
    theme = other.themes.create(name="Otro")
    with pytest.raises(ValidationError):
        services.proposal_submit(
            consultation=consultation, fields=_fields(consultation, theme=theme)
        )
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_too_long_text_is_refused(consultation):
    with pytest.raises(ValidationError) as exc:
        services.proposal_submit(
            consultation=consultation, fields=_fields(consultation, problem="x" * 3001)
        )
    assert "problem" in exc.value.message_dict
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_is_recorded_publicly(consultation, technician):
    proposal = ProposalFactory(consultation=consultation, status=ProposalStatus.RECEIVED)
    with pytest.raises(ValidationError):
        services.proposal_moderate(proposal=proposal, by=technician, to_status="rechazada")
    proposal.refresh_from_db()
    assert proposal.status == "recibida"
    services.proposal_moderate(
        proposal=proposal, by=technician, to_status="rechazada", reason="Fuera de competencia."
    )
    proposal.refresh_from_db()
    assert proposal.status == "rechazada"
    assert proposal.events.last().comment == "Fuera de competencia."


@pytest.mark.django_db
def test_a_duplicate_names_its_original(consultation, technician):
    original = ProposalFactory(consultation=consultation)
    copy = ProposalFactory(consultation=consultation, status=ProposalStatus.RECEIVED)
    services.proposal_moderate(
        proposal=copy, by=technician, to_status="duplicada", duplicate_of=original
    )
    copy.refresh_from_db()
    assert copy.duplicate_of == original
    assert original.tracking_code in copy.events.last().comment


@pytest.mark.django_db
def test_the_database_refuses_a_rejection_without_reason(proposal):
    with pytest.raises(IntegrityError):
        Proposal.objects.filter(pk=proposal.pk).update(status="rechazada", status_reason="")


@pytest.mark.django_db
def test_a_user_supports_a_proposal_only_once(proposal, citizen):
    services.proposal_support(proposal=proposal, user=citizen)
    with pytest.raises(ValidationError, match="ya apoyó"):
        services.proposal_support(proposal=proposal, user=citizen)
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert Support.objects.count() == 1


@pytest.mark.django_db
def test_an_unpublished_proposal_cannot_be_supported(consultation, citizen):
    proposal = ProposalFactory(consultation=consultation, status=ProposalStatus.RECEIVED)
    with pytest.raises(ValidationError):
        services.proposal_support(proposal=proposal, user=citizen)
    assert Support.objects.count() == 0


def _scores(criteria, *values):
    return {c.pk: v for c, v in zip(criteria, values, strict=True)}


@pytest.mark.django_db
def test_a_member_scores_and_the_weighted_score_uses_scales_and_weights(
    proposal, criteria, forum_member
):
    # Relevancia 5/5 (weight 3) -> 100; Factibilidad 1/10 (weight 1) -> 0: (300 + 0) / 4 = 75.
    card = services.scorecard_save(
        proposal=proposal, member=forum_member, scores=_scores(criteria, 5, 1), comment="Viable"
    )
    assert card.weighted_score == Decimal("75.00")
    assert sorted(card.scores.values_list("value", flat=True)) == [1, 5]


@pytest.mark.django_db
def test_a_member_can_change_the_scorecard_while_the_matrix_is_open(
    proposal, criteria, forum_member
):
    services.scorecard_save(proposal=proposal, member=forum_member, scores=_scores(criteria, 5, 1))
    services.scorecard_save(proposal=proposal, member=forum_member, scores=_scores(criteria, 1, 10))
    card = Scorecard.objects.get()
    assert card.weighted_score == Decimal("25.00")
    assert Score.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("values", [(6, 5), (0, 5), (3, 11), ("2.5", 3), (None, 3)])
def test_a_score_outside_the_scale_is_refused_and_nothing_is_saved(
    proposal, criteria, forum_member, values
):
    with pytest.raises(ValidationError) as exc:
        services.scorecard_save(
            proposal=proposal, member=forum_member, scores=_scores(criteria, *values)
        )
    assert any("del 1 al" in m or "Puntúe" in m for m in exc.value.messages)
    assert Scorecard.objects.count() == 0
    assert Score.objects.count() == 0


@pytest.mark.django_db
def test_a_failed_edit_keeps_the_previous_scores(proposal, criteria, forum_member):
    services.scorecard_save(proposal=proposal, member=forum_member, scores=_scores(criteria, 4, 4))
    with pytest.raises(ValidationError):
        services.scorecard_save(
            proposal=proposal, member=forum_member, scores=_scores(criteria, 4, 40)
        )
    assert sorted(Score.objects.values_list("value", flat=True)) == [4, 4]


@pytest.mark.django_db
def test_a_citizen_who_is_not_a_member_cannot_score(proposal, criteria, citizen):
    with pytest.raises(ValidationError, match="miembros activos del Foro"):
        services.scorecard_save(proposal=proposal, member=citizen, scores=_scores(criteria, 3, 3))
    assert Scorecard.objects.count() == 0


@pytest.mark.django_db
def test_nobody_scores_after_the_matrix_is_closed(proposal, criteria, forum_member):
    services.scorecard_save(proposal=proposal, member=forum_member, scores=_scores(criteria, 3, 3))
    services.matrix_close(consultation=proposal.consultation)
    with pytest.raises(ValidationError, match="cerrada"):
        services.scorecard_save(
            proposal=proposal, member=forum_member, scores=_scores(criteria, 5, 5)
        )
    assert Scorecard.objects.get().weighted_score == Decimal("43.06")


@pytest.mark.django_db
def test_the_database_keeps_one_scorecard_per_member_and_proposal(proposal, forum_member):
    Scorecard.objects.create(proposal=proposal, member=forum_member, weighted_score=10)
    with pytest.raises(IntegrityError):
        Scorecard.objects.create(proposal=proposal, member=forum_member, weighted_score=20)


@pytest.mark.django_db
def test_selection_waits_for_the_matrix_to_close(proposal, technician):
    with pytest.raises(ValidationError, match="Cierre la matriz"):
        services.proposal_select(proposal=proposal, by=technician)
    services.matrix_close(consultation=proposal.consultation)
    services.proposal_select(proposal=proposal, by=technician)
    proposal.refresh_from_db()
    assert proposal.status == "seleccionada" and proposal.selected_at is not None
    assert proposal in Proposal.objects.selected()


@pytest.mark.django_db
def test_a_proposal_created_directly_gets_a_code_and_a_selection_date(consultation):
    proposal = Proposal.objects.create(
        consultation=consultation,
        theme=consultation.themes.first(),
        title="Creada por otra app",
        problem="p",
        solution="s",
        status=ProposalStatus.SELECTED,
    )
    assert proposal.tracking_code.startswith("PR-")
    assert proposal.selected_at is not None


@pytest.mark.django_db
def test_a_tracking_code_collision_draws_another_code(consultation, monkeypatch):
    taken = ProposalFactory(consultation=consultation)
    drawn = iter([taken.tracking_code, "PR-AAAA-CCCC"])
    monkeypatch.setattr(services.codes, "new_tracking_code", lambda prefix: next(drawn))
    proposal = services.proposal_submit(consultation=consultation, fields=_fields(consultation))
    assert proposal.tracking_code == "PR-AAAA-CCCC"
    assert Proposal.objects.count() == 2
