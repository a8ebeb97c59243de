"""Forum decisions as records: a decision of a meeting links to commitments and milestones,
and both pages show the link; each plan has a lessons-learned page written by staff."""

import pytest
from django.db import IntegrityError, transaction

from commitments.models import DecisionLink, LessonsLearned
from tests.forum.factories import DecisionFactory, MeetingFactory

from .factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def test_a_decision_links_a_meeting_to_a_commitment_on_both_pages(client):
    meeting = MeetingFactory(title="Tercera sesión ordinaria del Foro")
    decision = DecisionFactory(meeting=meeting, text="Priorizar el mantenimiento vial rural.")
    commitment = CommitmentFactory(title="Mantenimiento vial participativo")
    DecisionLink.objects.create(decision=decision, commitment=commitment)
    commitment_page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Priorizar el mantenimiento vial rural." in commitment_page
    assert meeting.get_absolute_url() in commitment_page
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert commitment.get_absolute_url() in meeting_page
    assert "Mantenimiento vial participativo" in meeting_page


def test_a_decision_on_a_milestone_shows_on_its_commitment_page(client):
    milestone = MilestoneFactory(title="Taller con dirigentes")
    decision = DecisionFactory(text="Aplazar el taller hasta después de las lluvias.")
    DecisionLink.objects.create(decision=decision, milestone=milestone)
    html = client.get(milestone.commitment.get_absolute_url()).content.decode()
    assert "Aplazar el taller" in html
    assert "Taller con dirigentes" in html


def test_a_link_names_exactly_one_target_and_only_once():
    decision = DecisionFactory()
    commitment = CommitmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionLink.objects.create(decision=decision)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionLink.objects.create(
            decision=decision, commitment=commitment, milestone=MilestoneFactory()
        )
    DecisionLink.objects.create(decision=decision, commitment=commitment)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionLink.objects.create(decision=decision, commitment=commitment)


def test_the_plan_links_to_its_lessons_learned_page(client):
    plan = ActionPlanFactory()
    LessonsLearned.objects.create(plan=plan, text="Convocar al Foro con un mes de anticipación.")
    html = client.get(f"/compromisos/plan/{plan.slug}/").content.decode()
    assert f"/compromisos/plan/{plan.slug}/lecciones/" in html
    lessons = client.get(f"/compromisos/plan/{plan.slug}/lecciones/").content.decode()
    assert "Convocar al Foro con un mes de anticipación." in lessons
