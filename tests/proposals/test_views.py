import datetime
import io

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from proposals import services
from proposals.models import Proposal, ProposalStatus, Scorecard

from .factories import ProposalFactory

PRIVATE = ["Rosa Aguavil", "rosa.aguavil@correo.ec", "0991234567"]


def _form(consultation, **extra):
    return {
        "title": "Semáforo en la vía a Quevedo",
        "theme": consultation.themes.first().pk,
        "problem": "Los niños cruzan la vía sin protección a la salida de la escuela.",
        "solution": "Un paso peatonal con semáforo y un informe público de accidentes.",
        "ogp_values": ["transparencia", "participacion"],
        "proposer_name": "Carmen Zambrano",
        "proposer_email": "carmen.zambrano@correo.ec",
        "proposer_phone": "0987654321",
        "website": "",
        **extra,
    }


@pytest.mark.django_db
def test_the_form_works_without_an_account_and_shows_the_tracking_code(
    client, consultation, django_capture_on_commit_callbacks
):
    page = client.get(f"/propuestas/consulta/{consultation.slug}/proponer/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="viewport"' in html
    assert '<label for="id_title"' in html and '<label for="id_proposer_email"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/propuestas/consulta/{consultation.slug}/proponer/", _form(consultation), follow=True
        )
    proposal = Proposal.objects.get()
    confirmation = response.content.decode()
    assert proposal.tracking_code in confirmation
    assert "carmen.zambrano@correo.ec" not in confirmation and "0987654321" not in confirmation
    assert "Carmen Zambrano" not in confirmation
    assert proposal.serves_transparency and proposal.serves_participation
    assert not proposal.serves_technology
    assert proposal.status == "recibida"
    assert len(mail.outbox) == 1 and proposal.tracking_code in mail.outbox[0].body


@pytest.mark.django_db
def test_the_form_needs_some_private_contact(client, consultation):
    data = _form(consultation, proposer_email="", proposer_phone="")
    response = client.post(f"/propuestas/consulta/{consultation.slug}/proponer/", data)
    assert response.status_code == 400
    assert "Deje un correo o un teléfono" in response.content.decode()
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_the_honeypot_refuses_bots(client, consultation):
    data = _form(consultation, website="http://spam.example")
    response = client.post(f"/propuestas/consulta/{consultation.slug}/proponer/", data)
    assert response.status_code == 400
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_submissions_are_rate_limited_per_ip(client, consultation):
    url = f"/propuestas/consulta/{consultation.slug}/proponer/"
    for _ in range(5):
        assert client.post(url, _form(consultation)).status_code == 302
    response = client.post(url, _form(consultation))
    assert response.status_code == 429
    assert "Demasiados envíos" in response.content.decode()
    assert Proposal.objects.count() == 5
    other_ip = client.post(url, _form(consultation), REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 302


@pytest.mark.django_db
def test_a_closed_consultation_shows_a_clear_message(client, consultation):
    consultation.opens_on = timezone.localdate() - datetime.timedelta(days=60)
    consultation.closes_on = timezone.localdate() - datetime.timedelta(days=30)
    consultation.save()
    url = f"/propuestas/consulta/{consultation.slug}/proponer/"
    response = client.post(url, _form(consultation))
    assert response.status_code == 410
    assert "no está recibiendo propuestas" in response.content.decode()
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_a_proposer_follows_the_proposal_by_code_as_typed_on_a_phone(client, proposal):
    typed = proposal.tracking_code.replace("-", " ").lower()
    # The portal's one tracking page finds proposals as well as reports.
    response = client.get("/seguimiento/", {"codigo": typed})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert proposal.title in html and "Publicada" in html
    for text in PRIVATE:
        assert text not in html


@pytest.mark.django_db
def test_an_unknown_code_says_so(client, db):
    response = client.get("/seguimiento/", {"codigo": "PR-XXXX-XXXX"})
    assert response.status_code == 404
    assert "No encontramos nada con ese código" in response.content.decode()


@pytest.mark.django_db
def test_a_rejected_proposal_shows_its_reason_on_the_tracking_page(
    client, consultation, technician
):
    proposal = ProposalFactory(consultation=consultation, status=ProposalStatus.RECEIVED)
    services.proposal_moderate(
        proposal=proposal,
        by=technician,
        to_status="rechazada",
        reason="No es competencia provincial.",
    )
    html = client.get(proposal.get_tracking_url()).content.decode()
    assert "No es competencia provincial." in html
    assert client.get(proposal.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_detail_page_shows_the_proposal_without_personal_data(client, proposal):
    proposal.organisation = "Asociación de Cacaoteros de Luz de América"
    proposal.save()
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert proposal.title in html
    assert "Asociación de Cacaoteros" in html
    for text in PRIVATE:
        assert text not in html


@pytest.mark.django_db
def test_an_anonymous_proposal_does_not_show_the_organisation(client, proposal):
    proposal.organisation = "Colectivo Verde"
    proposal.is_anonymous = True
    proposal.save()
    assert "Colectivo Verde" not in client.get(proposal.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_list_links_each_consultation_and_closed_matrices(client, consultation):
    html = client.get("/propuestas/").content.decode()
    assert consultation.get_absolute_url() in html
    assert f"/propuestas/consulta/{consultation.slug}/matriz/" not in html
    services.matrix_close(consultation=consultation)
    html = client.get("/propuestas/").content.decode()
    assert f"/propuestas/consulta/{consultation.slug}/matriz/" in html


@pytest.mark.django_db
def test_unpublished_proposals_are_not_listed_nor_shown(client, consultation):
    hidden = ProposalFactory(consultation=consultation, status=ProposalStatus.RECEIVED)
    shown = ProposalFactory(consultation=consultation)
    html = client.get("/propuestas/").content.decode()
    assert shown.title in html and hidden.title not in html
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_list_searches_and_filters(client, consultation):
    theme_a, theme_b = consultation.themes.all()
    a = ProposalFactory(consultation=consultation, theme=theme_a, title="Viveros comunitarios")
    b = ProposalFactory(
        consultation=consultation,
        theme=theme_b,
        title="Mantenimiento de lastrado",
        serves_technology=True,
    )
    html = client.get("/propuestas/", {"q": "viveros"}).content.decode()
    assert a.title in html and b.title not in html
    html = client.get("/propuestas/", {"eje": theme_b.pk}).content.decode()
    assert b.title in html and a.title not in html
    html = client.get("/propuestas/", {"valor": "tecnologia_innovacion"}).content.decode()
    assert b.title in html and a.title not in html
    for text in PRIVATE:
        assert text not in html


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_page_query_count_does_not_grow(
    client, consultation, rows, django_assert_max_num_queries
):
    ProposalFactory.create_batch(rows, consultation=consultation, theme=consultation.themes.first())
    with django_assert_max_num_queries(6):
        response = client.get("/propuestas/")
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        response = client.get(consultation.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.django_db
def test_supporting_needs_an_account(client, proposal, citizen):
    response = client.post(f"/propuestas/{proposal.pk}/apoyar/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/ingresar/?next=")
    client.force_login(citizen)
    client.post(f"/propuestas/{proposal.pk}/apoyar/")
    response = client.post(f"/propuestas/{proposal.pk}/apoyar/", follow=True)
    assert "Usted ya apoyó esta propuesta." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def _score_all(proposals, members, criteria, pattern):
    for i, member in enumerate(members):
        for j, proposal in enumerate(proposals):
            values = pattern(i, j)
            services.scorecard_save(
                proposal=proposal,
                member=member,
                scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
            )


@pytest.mark.django_db
def test_the_matrix_ranks_by_weighted_mean_with_scorers_and_spread(
    client, consultation, criteria, make_member
):
    low = ProposalFactory(consultation=consultation, title="Propuesta baja")
    high = ProposalFactory(consultation=consultation, title="Propuesta alta")
    members = [make_member("m1"), make_member("m2")]
    # high: member 1 gives (5, 10) -> 100, member 2 (3, 10) -> 62.5; low: (1, 1) -> 0 for both.
    _score_all([low, high], members, criteria, lambda i, j: [(1, 1), (5 if i == 0 else 3, 10)][j])
    # While the forum is scoring, the public pages reveal no scores.
    assert "Puesto" not in client.get(high.get_absolute_url()).content.decode()
    services.matrix_close(consultation=consultation)
    html = client.get(f"/propuestas/consulta/{consultation.slug}/matriz/").content.decode()
    assert html.index("Propuesta alta") < html.index("Propuesta baja")
    assert "81,25" in html  # mean of 100 and 62.5
    assert "18,75" in html  # population standard deviation of the two
    assert "62,50–100,00" in html
    detail = client.get(high.get_absolute_url()).content.decode()
    assert "Puesto 1 de 2, con un puntaje ponderado de 81,25 sobre 100" in detail
    tracking = client.get(low.get_tracking_url()).content.decode()
    assert "Puesto 2 de 2" in tracking


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, status", [("anonymous", 403), ("citizen", 403), ("member", 200), ("staff", 200)]
)
def test_an_open_matrix_is_for_the_forum_only(
    client, consultation, proposal, who, status, citizen, forum_member, technician
):
    users = {"citizen": citizen, "member": forum_member, "staff": technician}
    if who in users:
        client.force_login(users[who])
    url = f"/propuestas/consulta/{consultation.slug}/matriz/"
    assert client.get(url).status_code == status
    assert client.get(url + "exportar/?format=csv").status_code == status


@pytest.mark.django_db
def test_a_closed_matrix_is_public_and_exports_csv_and_xlsx(client, consultation, proposal):
    services.matrix_close(consultation=consultation)
    url = f"/propuestas/consulta/{consultation.slug}/matriz/"
    assert client.get(url).status_code == 200
    csv_text = b"".join(client.get(url + "exportar/?format=csv").streaming_content).decode()
    assert proposal.tracking_code in csv_text
    assert "puntaje_ponderado" in csv_text
    xlsx = client.get(url + "exportar/?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert proposal.tracking_code in cells
    for text in PRIVATE:
        assert text not in csv_text and text not in cells


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_the_matrix_page_query_count_does_not_grow(
    client, consultation, criteria, forum_member, rows, django_assert_max_num_queries
):
    proposals = ProposalFactory.create_batch(
        rows, consultation=consultation, theme=consultation.themes.first()
    )
    _score_all(proposals[:3], [forum_member], criteria, lambda i, j: (3, 5))
    client.force_login(forum_member)
    with django_assert_max_num_queries(10):
        response = client.get(f"/propuestas/consulta/{consultation.slug}/matriz/")
    assert f"Usted ha puntuado 3 de {rows} propuestas." in response.content.decode()
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/propuestas/consultas/{consultation.slug}/matriz/")
    assert len(response.json()) == rows
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/propuestas/puntuaciones/")
    assert response.json()["count"] == 3


@pytest.mark.django_db
def test_a_member_scores_through_the_page(client, proposal, criteria, forum_member):
    client.force_login(forum_member)
    url = f"/propuestas/{proposal.pk}/puntuar/"
    assert client.get(url).status_code == 200
    data = {f"criterion_{criteria[0].pk}": 4, f"criterion_{criteria[1].pk}": 7, "comment": "Bien"}
    response = client.post(url, data)
    assert response.status_code == 302
    card = Scorecard.objects.get()
    assert card.member == forum_member and card.comment == "Bien"


@pytest.mark.django_db
def test_an_out_of_scale_score_on_the_page_is_refused_with_a_message(
    client, proposal, criteria, forum_member
):
    client.force_login(forum_member)
    data = {f"criterion_{criteria[0].pk}": 9, f"criterion_{criteria[1].pk}": 7}
    response = client.post(f"/propuestas/{proposal.pk}/puntuar/", data)
    assert response.status_code == 400
    assert "«Relevancia» se puntúa con un entero del 1 al 5." in response.content.decode()
    assert Scorecard.objects.count() == 0


@pytest.mark.django_db
def test_a_citizen_cannot_open_the_scoring_page(client, proposal, criteria, citizen):
    client.force_login(citizen)
    data = {f"criterion_{criteria[0].pk}": 3, f"criterion_{criteria[1].pk}": 3}
    assert client.post(f"/propuestas/{proposal.pk}/puntuar/", data).status_code == 403
    assert Scorecard.objects.count() == 0


@pytest.mark.django_db
def test_scoring_after_closing_is_refused_on_the_page(client, proposal, criteria, forum_member):
    services.matrix_close(consultation=proposal.consultation)
    client.force_login(forum_member)
    data = {f"criterion_{criteria[0].pk}": 3, f"criterion_{criteria[1].pk}": 3}
    response = client.post(f"/propuestas/{proposal.pk}/puntuar/", data)
    assert response.status_code == 400
    assert "ya está cerrada" in response.content.decode()
    assert Scorecard.objects.count() == 0


@pytest.mark.django_db
def test_the_open_datasets_carry_no_personal_data(client, proposal):
    services.matrix_close(consultation=proposal.consultation)
    for url in ["/propuestas/datos/propuestas/", "/propuestas/datos/matriz/"]:
        for fmt in ["csv", "json"]:
            response = client.get(url, {"format": fmt})
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode()
            assert proposal.tracking_code in body
            for text in PRIVATE:
                assert text not in body


@pytest.mark.django_db
def test_the_consultation_page_shows_themes_criteria_and_the_call(client, consultation, proposal):
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "Relevancia" in html and "Vialidad" in html
    assert f"/propuestas/consulta/{consultation.slug}/proponer/" in html
    assert "Matriz de Propuestas se publica cuando" in html


@pytest.mark.django_db
def test_the_home_page_invites_to_the_open_consultation(client, consultation, proposal):
    html = client.get("/").content.decode()
    assert consultation.title in html
    assert f"/propuestas/consulta/{consultation.slug}/proponer/" in html
    assert "Propuestas ciudadanas publicadas" in client.get("/datos/").content.decode()


@pytest.mark.django_db
def test_the_indicator_counts_published_proposals_in_the_range(consultation):
    from core.registry import indicators

    today = timezone.localdate()
    ProposalFactory.create_batch(2, consultation=consultation)
    ProposalFactory(consultation=consultation, status=ProposalStatus.RECEIVED)
    ProposalFactory(
        consultation=consultation, created_at=timezone.now() - datetime.timedelta(days=400)
    )
    value = indicators.get("proposals.published").value(today - datetime.timedelta(days=30), today)
    assert value == 2


@pytest.mark.django_db
def test_the_proposal_pages_switch_to_english(client, consultation, proposal):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/propuestas/").content.decode()
    assert "Citizen proposals" in html and "Search and filter proposals" in html
    # Every sort option too, the reverse orders included (they once stayed in Spanish).
    assert "Most supports first" in html and "Title (Z–A)" in html
    assert "descendente" not in html
    form = client.get(f"/propuestas/consulta/{consultation.slug}/proponer/").content.decode()
    assert "Open Government Proposal Form" in form


@pytest.mark.django_db
def test_the_list_sorts_by_supports_and_title(client, consultation):
    few = ProposalFactory(consultation=consultation, title="Agua segura")
    many = ProposalFactory(consultation=consultation, title="Vías rurales")
    Proposal.objects.filter(pk=few.pk).update(support_count=2)
    Proposal.objects.filter(pk=many.pk).update(support_count=9)

    def order(value):
        html = client.get("/propuestas/", {"orden": value}).content.decode()
        return html.index("Agua segura") < html.index("Vías rurales")

    assert not order("-apoyos") and order("apoyos")
    assert order("titulo") and not order("-titulo")
