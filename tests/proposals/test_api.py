import json

import pytest

from proposals import services
from proposals.models import Proposal, ProposalStatus, Scorecard

from .factories import ProposalFactory

PRIVATE = ["Rosa Aguavil", "rosa.aguavil@correo.ec", "0991234567", "proposer", "submitter"]


@pytest.mark.django_db
def test_the_api_lists_published_proposals_without_contact_fields(client, consultation, proposal):
    ProposalFactory(consultation=consultation, status=ProposalStatus.RECEIVED)
    response = client.get("/api/v1/propuestas/propuestas/")
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0]["tracking_code"] == proposal.tracking_code
    text = json.dumps(body, ensure_ascii=False)
    for word in PRIVATE:
        assert word not in text
    detail = client.get(f"/api/v1/propuestas/propuestas/{proposal.pk}/").content.decode()
    for word in PRIVATE:
        assert word not in detail


@pytest.mark.django_db
def test_staff_also_never_get_contact_fields_from_the_api(client, proposal, technician):
    client.force_login(technician)
    text = client.get("/api/v1/propuestas/propuestas/").content.decode()
    for word in PRIVATE:
        assert word not in text


@pytest.mark.django_db
def test_the_api_filters_by_consultation_theme_parish_and_text(client, consultation):
    from core.models import Parish

    alluriquin = Parish.objects.get(code="ALL")
    a = ProposalFactory(
        consultation=consultation, title="Ferias sin intermediarios", parish=alluriquin
    )
    ProposalFactory(consultation=consultation, title="Reforestación de riberas")
    body = client.get("/api/v1/propuestas/propuestas/", {"parroquia": "ALL"}).json()
    assert [r["tracking_code"] for r in body["results"]] == [a.tracking_code]
    body = client.get("/api/v1/propuestas/propuestas/", {"q": "intermediarios"}).json()
    assert [r["tracking_code"] for r in body["results"]] == [a.tracking_code]
    body = client.get("/api/v1/propuestas/propuestas/", {"consulta": "consulta-2026"}).json()
    assert body["count"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_api_lists_keep_a_constant_query_count(
    client, consultation, rows, django_assert_max_num_queries
):
    ProposalFactory.create_batch(rows, consultation=consultation, theme=consultation.themes.first())
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/propuestas/propuestas/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/propuestas/consultas/").status_code == 200


@pytest.mark.django_db
def test_a_proposal_can_be_filed_through_the_api(client, consultation):
    response = client.post(
        "/api/v1/propuestas/propuestas/",
        {
            "consultation": consultation.slug,
            "theme": consultation.themes.first().pk,
            "title": "Datos abiertos de cosechas",
            "problem": "No sabemos cuánto se produce por parroquia.",
            "solution": "Publicar la producción en formatos abiertos cada mes.",
            "ogp_values": ["transparencia"],
            "parish": "LCN",
            "proposer_phone": "0999999999",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    proposal = Proposal.objects.get(tracking_code=response.json()["tracking_code"])
    assert proposal.serves_transparency and proposal.parish.code == "LCN"
    assert proposal.status == "recibida"


@pytest.mark.django_db
def test_the_api_refuses_a_proposal_to_a_closed_consultation(client, consultation):
    consultation.opens_on = consultation.closes_on = consultation.opens_on.replace(year=2021)
    consultation.save()
    response = client.post(
        "/api/v1/propuestas/propuestas/",
        {
            "consultation": consultation.slug,
            "theme": consultation.themes.first().pk,
            "title": "Tarde",
            "problem": "p",
            "solution": "s",
            "proposer_email": "a@b.ec",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "no está recibiendo propuestas" in response.content.decode()
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_supporting_through_the_api_needs_an_account_and_counts_once(client, proposal, citizen):
    url = f"/api/v1/propuestas/propuestas/{proposal.pk}/apoyar/"
    assert client.post(url).status_code in (401, 403)
    client.force_login(citizen)
    assert client.post(url).json()["support_count"] == 1
    second = client.post(url)
    assert second.status_code == 400
    assert "ya apoyó" in second.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, status", [("anonymous", 403), ("citizen", 403), ("member", 200), ("staff", 200)]
)
def test_the_matrix_endpoint_follows_the_page_permissions(
    client, consultation, proposal, who, status, citizen, forum_member, technician
):
    users = {"citizen": citizen, "member": forum_member, "staff": technician}
    if who in users:
        client.force_login(users[who])
    url = f"/api/v1/propuestas/consultas/{consultation.slug}/matriz/"
    assert client.get(url).status_code == status
    services.matrix_close(consultation=consultation)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_member_scores_through_the_api(client, proposal, criteria, forum_member, citizen):
    payload = {
        "proposal": proposal.pk,
        "scores": {str(criteria[0].pk): 5, str(criteria[1].pk): 10},
        "comment": "Prioritaria",
    }
    client.force_login(citizen)
    denied = client.post(
        "/api/v1/propuestas/puntuaciones/", payload, content_type="application/json"
    )
    assert denied.status_code == 403
    client.force_login(forum_member)
    response = client.post(
        "/api/v1/propuestas/puntuaciones/", payload, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["weighted_score"] == "100.00"
    payload["scores"][str(criteria[0].pk)] = 7
    bad = client.post("/api/v1/propuestas/puntuaciones/", payload, content_type="application/json")
    assert bad.status_code == 400
    assert "del 1 al 5" in bad.content.decode()
    assert Scorecard.objects.get().weighted_score == 100
    mine = client.get("/api/v1/propuestas/puntuaciones/").json()
    assert mine["count"] == 1
