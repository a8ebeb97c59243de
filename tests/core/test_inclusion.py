"""Inclusion figures: counts only, and never a group below the minimum size."""

import pytest

from core.inclusion import MIN_GROUP, breakdown
from proposals.models import ProposalStatus
from tests.commitments.factories import CommitmentFactory
from tests.forum.factories import MembershipFactory
from tests.proposals.factories import ConsultationFactory, ProposalFactory


def test_groups_below_the_minimum_are_folded_and_a_small_remainder_dropped():
    rows = breakdown({"mujer": 7, "hombre": 5, "otro": 2, "": 1}, {"mujer": "Mujer"})
    assert rows == [("Mujer", 7), ("hombre", 5)]  # 2 + 1 folded = 3 < 5: not shown at all
    rows = breakdown({"mujer": 7, "otro": 3, "no-dice": 2})
    assert [n for _label, n in rows] == [7, 5]  # the folded line itself reaches the minimum
    assert all(n >= MIN_GROUP for _label, n in breakdown({"a": 4, "b": 1, "c": 9}))


@pytest.mark.django_db
def test_the_plan_page_shows_gender_counts_but_never_a_small_group(client):
    consultation = ConsultationFactory()
    for _ in range(6):
        ProposalFactory(consultation=consultation, gender="mujer")
    lone = ProposalFactory(consultation=consultation, gender="otro", status=ProposalStatus.SELECTED)
    commitment = CommitmentFactory()
    commitment.proposals.add(lone)
    html = client.get(f"/compromisos/plan/{commitment.plan.slug}/").content.decode()
    section = html[html.index('id="inclusion-plan"') :]
    assert '<th scope="row">Mujer</th><td>6</td>' in section
    assert "Otra identidad" not in section


@pytest.mark.django_db
def test_the_forum_participation_page_hides_a_group_of_four(client):
    for _ in range(5):
        MembershipFactory(gender="mujer")
    for _ in range(4):
        MembershipFactory(gender="hombre")
    html = client.get("/foro/participacion/").content.decode()
    section = html[html.index('id="inclusion-forum"') :]
    assert '<th scope="row">Mujer</th><td>5</td>' in section
    assert "Hombre" not in section
