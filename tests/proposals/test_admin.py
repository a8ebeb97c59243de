import pytest

from proposals import services
from proposals.models import Proposal, ProposalStatus

from .factories import ProposalFactory


@pytest.mark.django_db
def test_staff_see_the_proposal_screens(staff_client, proposal):
    for url in [
        "/admin/proposals/proposal/",
        f"/admin/proposals/proposal/{proposal.pk}/change/",
        "/admin/proposals/consultation/",
        f"/admin/proposals/consultation/{proposal.consultation.pk}/change/",
        "/admin/proposals/scorecard/",
        "/admin/proposals/support/",
        f"/admin/proposals/proposal/{proposal.pk}/moderar/",
    ]:
        assert staff_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_citizens_and_anonymous_cannot_reach_the_admin(client, citizen, proposal):
    assert client.get("/admin/proposals/proposal/").status_code == 302
    client.force_login(citizen)
    assert client.get("/admin/proposals/proposal/").status_code == 302
    assert client.get(f"/admin/proposals/proposal/{proposal.pk}/moderar/").status_code == 302


@pytest.mark.django_db
def test_the_publish_action_publishes_received_proposals(staff_client, consultation):
    received = ProposalFactory.create_batch(2, consultation=consultation, status="recibida")
    staff_client.post(
        "/admin/proposals/proposal/",
        {"action": "publish", "_selected_action": [p.pk for p in received]},
    )
    assert Proposal.objects.filter(status="publicada").count() == 2


@pytest.mark.django_db
def test_a_moderator_rejects_with_a_reason_in_the_moderation_screen(
    client, moderator, consultation
):
    proposal = ProposalFactory(consultation=consultation, status=ProposalStatus.RECEIVED)
    client.force_login(moderator)
    url = f"/admin/proposals/proposal/{proposal.pk}/moderar/"
    response = client.post(url, {"to_status": "rechazada", "reason": ""})
    assert "Indique el motivo del rechazo." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "recibida"
    client.post(url, {"to_status": "rechazada", "reason": "Es una denuncia, no una propuesta."})
    proposal.refresh_from_db()
    assert proposal.status == "rechazada"


@pytest.mark.django_db
def test_marking_a_duplicate_by_code(staff_client, consultation):
    original = ProposalFactory(consultation=consultation)
    copy = ProposalFactory(consultation=consultation, status=ProposalStatus.RECEIVED)
    staff_client.post(
        f"/admin/proposals/proposal/{copy.pk}/moderar/",
        {"to_status": "duplicada", "duplicate_of_code": original.tracking_code.lower()},
    )
    copy.refresh_from_db()
    assert copy.status == "duplicada" and copy.duplicate_of == original


@pytest.mark.django_db
def test_selecting_before_the_matrix_closes_is_refused_with_a_message(staff_client, proposal):
    response = staff_client.post(
        "/admin/proposals/proposal/",
        {"action": "select", "_selected_action": [proposal.pk]},
        follow=True,
    )
    assert "Cierre la matriz" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "publicada"


@pytest.mark.django_db
def test_closing_the_matrix_then_selecting_from_the_admin(staff_client, proposal):
    staff_client.post(
        "/admin/proposals/consultation/",
        {"action": "close_matrix", "_selected_action": [proposal.consultation.pk]},
    )
    staff_client.post(
        "/admin/proposals/proposal/", {"action": "select", "_selected_action": [proposal.pk]}
    )
    proposal.refresh_from_db()
    assert proposal.is_selected


@pytest.mark.django_db
def test_a_moderator_cannot_select(client, moderator, proposal):
    services.matrix_close(consultation=proposal.consultation)
    client.force_login(moderator)
    client.post(
        "/admin/proposals/proposal/", {"action": "select", "_selected_action": [proposal.pk]}
    )
    proposal.refresh_from_db()
    assert not proposal.is_selected


@pytest.mark.django_db
def test_the_admin_refuses_a_theme_of_another_consultation(staff_client, proposal):
    from .factories import ThemeFactory

    foreign = ThemeFactory()
    url = f"/admin/proposals/proposal/{proposal.pk}/change/"
    page = staff_client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, bool)}
    data |= {"theme": foreign.pk, "consultation": proposal.consultation.pk}
    data |= {f"events-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()}
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Elija un eje temático de esta consulta." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.theme.consultation_id == proposal.consultation_id
