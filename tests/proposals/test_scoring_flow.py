"""A member scoring through the pages: a "Puntuar" link on each proposal, the next proposal
without their score after saving, one number format per language."""

from decimal import Decimal

import pytest
from django.utils import translation

from proposals import services
from proposals.forms import ScorecardForm
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _scores(criteria, first=4, second=7):
    return {f"criterion_{criteria[0].pk}": first, f"criterion_{criteria[1].pk}": second}


def test_a_member_finds_a_puntuar_link_on_the_proposal_page(client, proposal, forum_member):
    client.force_login(forum_member)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert f'href="/propuestas/{proposal.pk}/puntuar/"' in html and ">Puntuar<" in html


def test_a_member_who_scored_is_offered_to_change_the_score(
    client, proposal, criteria, forum_member
):
    services.scorecard_save(
        proposal=proposal,
        member=forum_member,
        scores={criteria[0].pk: 3, criteria[1].pk: 5},
        comment="",
    )
    client.force_login(forum_member)
    assert "Cambiar mi puntaje" in client.get(proposal.get_absolute_url()).content.decode()


def test_citizens_and_visitors_see_no_scoring_link(client, proposal, citizen):
    assert "/puntuar/" not in client.get(proposal.get_absolute_url()).content.decode()
    client.force_login(citizen)
    assert "/puntuar/" not in client.get(proposal.get_absolute_url()).content.decode()


def test_no_scoring_link_once_the_matrix_is_closed(client, proposal, forum_member):
    services.matrix_close(consultation=proposal.consultation)
    client.force_login(forum_member)
    assert "/puntuar/" not in client.get(proposal.get_absolute_url()).content.decode()


def test_saving_a_score_opens_the_next_proposal_without_the_members_score(
    client, consultation, criteria, forum_member
):
    first, scored, third = (
        ProposalFactory(consultation=consultation, theme=consultation.themes.first())
        for _ in range(3)
    )
    services.scorecard_save(
        proposal=scored,
        member=forum_member,
        scores={criteria[0].pk: 3, criteria[1].pk: 5},
        comment="",
    )
    client.force_login(forum_member)
    response = client.post(f"/propuestas/{first.pk}/puntuar/", _scores(criteria), follow=True)
    assert response.redirect_chain[-1][0] == f"/propuestas/{third.pk}/puntuar/"
    assert f"Siguiente propuesta sin su puntaje: {third.title}" in response.content.decode()


def test_the_next_unscored_proposal_wraps_around_to_earlier_ones(
    client, consultation, criteria, forum_member
):
    earlier, last = (
        ProposalFactory(consultation=consultation, theme=consultation.themes.first())
        for _ in range(2)
    )
    client.force_login(forum_member)
    response = client.post(f"/propuestas/{last.pk}/puntuar/", _scores(criteria))
    assert response["Location"] == f"/propuestas/{earlier.pk}/puntuar/"


def test_the_last_score_opens_the_matrix_at_the_scored_row(
    client, proposal, criteria, forum_member
):
    client.force_login(forum_member)
    response = client.post(f"/propuestas/{proposal.pk}/puntuar/", _scores(criteria))
    slug = proposal.consultation.slug
    assert response["Location"] == f"/propuestas/consulta/{slug}/matriz/#propuesta-{proposal.pk}"
    html = client.get(response["Location"]).content.decode()
    assert f'id="propuesta-{proposal.pk}"' in html and "Ya puntuó todas" in html


def test_weights_and_scores_use_the_decimal_comma_in_spanish_and_the_point_in_english(
    client, proposal, criteria, forum_member
):
    criteria[0].weight = Decimal("1.5")
    criteria[0].save()
    services.scorecard_save(
        proposal=proposal,
        member=forum_member,
        scores={criteria[0].pk: 4, criteria[1].pk: 7},
        comment="",
    )
    client.force_login(forum_member)
    spanish = client.get(f"/propuestas/{proposal.pk}/puntuar/").content.decode()
    matrix = client.get(f"/propuestas/consulta/{proposal.consultation.slug}/matriz/")
    assert "peso 1,50." in spanish and "×1,50" in matrix.content.decode()
    with translation.override("en"):
        form = ScorecardForm(criteria=criteria)
        assert "weight 1.50." in form.fields[f"criterion_{criteria[0].pk}"].help_text
