"""The text rule (core.text) on proposals: the public form, the API and the scorecard
(control characters dropped, NUL and over-long values refused in Spanish, never a 500)."""

import pytest

from proposals.models import Proposal, Scorecard

from .test_scoring_flow import _scores
from .test_views import _form

pytestmark = pytest.mark.django_db
API = "/api/v1/propuestas/propuestas/"


def _page(consultation):
    return f"/propuestas/consulta/{consultation.slug}/proponer/"


def test_the_form_stores_the_proposal_without_control_characters(client, consultation):
    data = _form(consultation, title="Semáforo\x0b en la vía", problem="Niños\x03 cruzan\x1b.")
    assert client.post(_page(consultation), data).status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.title, proposal.problem) == ("Semáforo en la vía", "Niños cruzan.")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("solution", "Un paso\x00", "Los caracteres nulos no están permitidos."),
        ("title", "\x0b", "Este campo es requerido."),
        ("problem", "x" * 3001, "3000"),
    ],
)
def test_bad_text_in_the_form_is_a_spanish_error(client, consultation, field, value, message):
    response = client.post(_page(consultation), _form(consultation, **{field: value}))
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def _api(consultation, **extra):
    return {
        "consultation": consultation.slug,
        "theme": consultation.themes.first().pk,
        "title": "Semáforo en la vía a Quevedo",
        "problem": "Los niños cruzan sin protección.",
        "solution": "Un paso peatonal.",
        "proposer_email": "carmen@correo.ec",
        **extra,
    }


def test_the_api_stores_the_proposal_without_control_characters(client, consultation):
    response = client.post(
        API, _api(consultation, title="Semáforo\x0b en la vía"), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert Proposal.objects.get().title == "Semáforo en la vía"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("problem", "Niños\x00", "Los caracteres nulos no están permitidos."),
        ("title", "x" * 201, "200"),
        ("title", "\x0b\x0c", "en blanco"),
    ],
)
def test_bad_text_in_the_api_is_a_400_in_spanish(client, consultation, field, value, message):
    response = client.post(
        API, _api(consultation, **{field: value}), content_type="application/json"
    )
    assert response.status_code == 400
    assert any(message in m for m in response.json()[field]), response.json()
    assert not Proposal.objects.exists()


def test_a_scorecard_comment_is_cleaned_and_a_nul_refused(client, proposal, criteria, forum_member):
    client.force_login(forum_member)
    url = f"/propuestas/{proposal.pk}/puntuar/"
    refused = client.post(url, {**_scores(criteria), "comment": "Bien\x00"})
    assert refused.status_code in (200, 400)
    assert "Los caracteres nulos no están permitidos." in refused.content.decode()
    assert not Scorecard.objects.exists()
    client.post(url, {**_scores(criteria), "comment": "Buena\x0b idea"})
    assert Scorecard.objects.get().comment == "Buena idea"
