"""The proposal's side of the link to commitments, and the proposer's status emails."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from proposals import services
from proposals.models import ProposalStatus

from .factories import ProposalFactory


class _Related(list):
    def all(self):
        return self


def test_the_commitments_of_a_proposal_are_linked_with_their_progress():
    commitment = SimpleNamespace(
        title="Monitoreo vial participativo", progress=90, get_absolute_url="/compromisos/3/"
    )
    proposal = SimpleNamespace(pk=7, commitments=_Related([commitment]))
    html = render_to_string("proposals/_commitments.html", {"proposal": proposal})
    assert '<a href="/compromisos/3/">Monitoreo vial participativo</a> — 90 %' in html


def test_without_the_commitments_relation_nothing_is_rendered():
    html = render_to_string("proposals/_commitments.html", {"proposal": SimpleNamespace(pk=7)})
    assert html.strip() == ""


@pytest.mark.django_db
def test_the_proposer_is_told_when_the_proposal_is_published(
    consultation, technician, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(consultation=consultation, status=ProposalStatus.RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_moderate(proposal=proposal, by=technician, to_status="publicada")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Su propuesta {proposal.tracking_code} está: Publicada"
    assert mail.outbox[0].to == ["rosa.aguavil@correo.ec"]


@pytest.mark.django_db
def test_a_selected_proposal_cannot_be_rejected_without_unselecting_first(proposal, technician):
    services.matrix_close(consultation=proposal.consultation)
    services.proposal_select(proposal=proposal, by=technician)
    with pytest.raises(ValidationError, match="no puede pasar"):
        services.proposal_moderate(
            proposal=proposal, by=technician, to_status="rechazada", reason="Cambio de idea"
        )
    proposal.refresh_from_db()
    assert proposal.status == "seleccionada"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, status", [("anonymous", 403), ("citizen", 403), ("staff", 403), ("member", 200)]
)
def test_only_forum_members_open_the_scoring_page(
    client, proposal, criteria, who, status, citizen, technician, forum_member
):
    users = {"citizen": citizen, "staff": technician, "member": forum_member}
    if who in users:
        client.force_login(users[who])
    assert client.get(f"/propuestas/{proposal.pk}/puntuar/").status_code == status
