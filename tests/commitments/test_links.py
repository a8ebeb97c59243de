"""Proposals become commitments (linked both ways); forum actors co-implement them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commitments import services
from commitments.models import Commitment
from proposals.models import ProposalStatus
from tests.forum.factories import ActorFactory
from tests.proposals.factories import ProposalFactory

from .factories import ActionPlanFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def selected():
    return ProposalFactory(
        title="Precios agrícolas abiertos",
        serves_transparency=True,
        serves_technology=True,
        status=ProposalStatus.SELECTED,
        selected_at=timezone.now(),
    )


def test_a_selected_proposal_becomes_a_prefilled_linked_commitment(selected, technician):
    plan = ActionPlanFactory()
    CommitmentFactory(plan=plan, number=1)
    commitment = services.commitment_from_proposal(proposal=selected, plan=plan, by=technician)
    assert commitment.number == 2
    assert commitment.title == "Precios agrícolas abiertos"
    assert commitment.problem == selected.problem
    assert commitment.objective == selected.solution
    assert (commitment.transparency, commitment.participation, commitment.technology) == (
        True,
        False,
        True,
    )
    assert list(selected.commitments.all()) == [commitment]
    # asking twice for the same plan does not duplicate it
    again = services.commitment_from_proposal(proposal=selected, plan=plan, by=technician)
    assert again == commitment and Commitment.objects.filter(plan=plan).count() == 2


def test_a_proposal_not_selected_cannot_become_a_commitment(technician):
    proposal = ProposalFactory()
    with pytest.raises(ValidationError):
        services.commitment_from_proposal(
            proposal=proposal, plan=ActionPlanFactory(), by=technician
        )
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("who", ["citizen", "forum_member"])
def test_only_staff_turn_proposals_into_commitments(selected, request, who):
    with pytest.raises(PermissionDenied):
        services.commitment_from_proposal(
            proposal=selected, plan=ActionPlanFactory(), by=request.getfixturevalue(who)
        )


def test_staff_page_creates_the_commitment_and_opens_its_admin(staff_client, selected):
    plan = ActionPlanFactory()
    url = f"/compromisos/desde-propuesta/{selected.pk}/"
    assert "Crear compromiso" in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"plan": plan.pk})
    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/commitments/commitment/{commitment.pk}/change/"


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("citizen", 403), ("forum_member", 403)])
def test_the_staff_page_is_refused_to_others(client, selected, request, who, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    url = f"/compromisos/desde-propuesta/{selected.pk}/"
    assert client.get(url).status_code == status
    assert client.post(url, {"plan": ActionPlanFactory().pk}).status_code == status
    assert not Commitment.objects.exists()


def test_the_commitment_page_links_its_proposals_and_actors_without_private_data(client, selected):
    commitment = CommitmentFactory()
    commitment.proposals.add(selected)
    actor = ActorFactory(name="Fundapi")
    commitment.co_implementers.add(actor)
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert f'href="{selected.get_absolute_url()}"' in html
    assert f'href="{actor.get_absolute_url()}"' in html
    for private in (
        selected.proposer_email,
        selected.proposer_phone,
        actor.contact_email,
        actor.contact_phone,
        actor.contact_name,
    ):
        assert private not in html


def test_a_proposal_page_shows_the_commitment_it_became(client, selected):
    commitment = CommitmentFactory(title="Compromiso de precios")
    commitment.proposals.add(selected)
    html = client.get(selected.get_absolute_url()).content.decode()
    assert commitment.get_absolute_url() in html and "Compromiso de precios" in html


def test_staff_see_selected_proposals_awaiting_a_commitment(staff_client, selected):
    from django.test import Client

    ActionPlanFactory()
    link = f"/compromisos/desde-propuesta/{selected.pk}/"
    assert link in staff_client.get("/compromisos/").content.decode()
    assert link not in Client().get("/compromisos/").content.decode()
    CommitmentFactory().proposals.add(selected)
    assert link not in staff_client.get("/compromisos/").content.decode()


def test_a_hidden_proposal_is_not_listed_on_the_commitment_page(client):
    hidden = ProposalFactory(title="Propuesta rechazada oculta", status=ProposalStatus.RECEIVED)
    commitment = CommitmentFactory()
    commitment.proposals.add(hidden)
    assert (
        "Propuesta rechazada oculta"
        not in client.get(commitment.get_absolute_url()).content.decode()
    )
