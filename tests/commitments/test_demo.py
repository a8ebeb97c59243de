from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from commitments.models import (
    ActionPlan,
    Commitment,
    Evidence,
    Indicator,
    IndicatorValue,
    ProgressChange,
    Snapshot,
)

pytestmark = pytest.mark.django_db


def _counts():
    return [
        m.objects.count()
        for m in (
            ActionPlan,
            Commitment,
            Evidence,
            Indicator,
            IndicatorValue,
            ProgressChange,
            Snapshot,
        )
    ]


def test_demo_plan_has_the_three_commitments_at_100_95_90_from_their_milestones():
    call_command("load_demo", "forum", "proposals", "commitments", stdout=StringIO())
    plan = ActionPlan.objects.get()
    assert plan.delivered_on.strftime("%Y-%m") == "2021-07"
    assert plan.launched_on.strftime("%Y-%m") == "2021-11"
    progress = list(plan.commitments.order_by("number").values_list("progress", flat=True))
    assert progress == [Decimal(100), Decimal(95), Decimal(90)]
    for commitment in plan.commitments.all():
        weights = [(m.weight, m.progress) for m in commitment.milestones.all()]
        mean = sum(w * p for w, p in weights) / sum(w for w, _ in weights)
        assert mean == commitment.progress
        assert commitment.proposals.count() == 1
        assert commitment.co_implementers.exists()
    assert plan.progress == Decimal(95)
    assert ProgressChange.objects.count() > 10
    assert Evidence.objects.exists() and Indicator.objects.exists()


def test_demo_is_idempotent():
    call_command("load_demo", "commitments", stdout=StringIO())
    before = _counts()
    call_command("load_demo", "commitments", stdout=StringIO())
    assert _counts() == before


def test_the_demo_closes_the_loop_decisions_answers_and_lessons(client):
    from commitments.models import DecisionLink, LessonsLearned
    from proposals.models import Proposal

    call_command("load_demo", stdout=StringIO())
    link = DecisionLink.objects.select_related("decision__meeting", "commitment").first()
    assert link is not None
    html = client.get(link.commitment.get_absolute_url()).content.decode()
    assert link.decision.meeting.get_absolute_url() in html
    unselected = Proposal.objects.filter(status="publicada").exclude(forum_answer="").first()
    assert unselected is not None
    page = client.get(unselected.get_absolute_url()).content.decode()
    assert "Respuesta del Foro" in page
    assert LessonsLearned.objects.exists()
