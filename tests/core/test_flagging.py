""" "Reportar este contenido" through the public pages: one report per client address, stored
without the address; after MODERATION_FLAG_THRESHOLD reports the item is hidden and waits in
the staff inbox; staff restore it or confirm the hiding in the admin."""

import re

import pytest
from django.test import Client

from core.moderation import ContentFlag
from core.reports import Review
from environment.complaints.models import Complaint
from proposals.models import ProposalStatus
from roads.models import RoadReport
from tests.environment.complaints.factories import file_complaint
from tests.proposals.factories import ConsultationFactory, ProposalFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _flag_from_page(item_url, ip, reason="datos_personales", text="Sale el nombre de mi vecino."):
    """A visitor at address `ip` opens the item, follows the link and sends the form."""
    visitor = Client(REMOTE_ADDR=ip)
    page = visitor.get(item_url).content.decode()
    link = re.search(r'href="(/reportar/[^"]+)"[^>]*>Reportar este contenido<', page)
    assert link, "the public page links to the report form"
    form = visitor.get(link.group(1)).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', form).group(1)
    data = {"reason": reason, "text": text, "website": "", "submission_token": token}
    return visitor, link.group(1), visitor.post(link.group(1), data)


def _inbox_row(client, changelist):
    html = client.get("/admin/").content.decode()
    row = html[html.index(changelist) :]
    return row[: row.index("</tr>")]


def test_three_reports_hide_a_complaint_until_staff_restore_it(client, moderator, settings):
    assert settings.MODERATION_FLAG_THRESHOLD == 3
    complaint = file_complaint()
    url = complaint.get_absolute_url()

    visitor, form_url, response = _flag_from_page(url, "10.1.1.1")
    assert response.status_code == 302 and response.url == url
    assert "El personal revisará este contenido" in visitor.get(url).content.decode()
    flag = ContentFlag.objects.get()
    assert flag.reason == "datos_personales" and "10.1.1.1" not in flag.client_key
    # The same address again (a reload, another tab): counted once.
    again = visitor.post(form_url, {"reason": "falso", "website": ""})
    assert again.status_code == 302
    assert ContentFlag.objects.count() == 1

    _flag_from_page(url, "10.1.1.2", reason="ofensivo", text="")
    assert client.get(url).status_code == 200  # two reports: still public
    *_, third = _flag_from_page(url, "10.1.1.3", reason="falso")
    assert third.status_code == 302 and third.url == "/reportar/gracias/"

    complaint.refresh_from_db()
    assert (complaint.is_hidden, complaint.review) == (True, Review.FLAGGED)
    assert client.get(url).status_code == 404
    assert complaint.tracking_code not in client.get("/ambiente/denuncias/").content.decode()
    assert complaint.tracking_code not in client.get("/api/v1/ambiente/denuncias/").json().__str__()

    client.force_login(moderator)
    assert 'revision=todo">1</a>' in _inbox_row(client, "/admin/environment/complaint/")
    change = client.get(f"/admin/environment/complaint/{complaint.pk}/change/").content.decode()
    assert "Reportes de la ciudadanía" in change and "Sale el nombre de mi vecino." in change
    client.post(
        "/admin/environment/complaint/",
        {"action": "approve_items", "_selected_action": [complaint.pk]},
    )
    complaint.refresh_from_db()
    assert (complaint.is_hidden, complaint.review) == (False, Review.NONE)
    assert '<td class="inbox-review">0</td>' in _inbox_row(client, "/admin/environment/complaint/")
    client.logout()
    assert client.get(url).status_code == 200
    # Reviewed reports no longer count: it takes three new addresses to hide it again.
    _flag_from_page(url, "10.1.1.4")
    complaint.refresh_from_db()
    assert not complaint.is_hidden


def test_staff_confirm_the_hiding_of_a_reported_road_report(client, moderator, settings):
    settings.MODERATION_FLAG_THRESHOLD = 1
    from core import report_services

    report = report_services.report_file(
        model=RoadReport,
        fields={
            "kind": "bache",
            "description": "Bache frente a la escuela",
            "parish": None,
            "location_reference": "Km 3 vía a Quevedo",
        },
    )
    url = report.get_absolute_url()
    *_, response = _flag_from_page(url, "10.2.2.2", reason="spam")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review == Review.FLAGGED
    client.force_login(moderator)
    client.post(
        "/admin/roads/roadreport/", {"action": "hide_items", "_selected_action": [report.pk]}
    )
    report.refresh_from_db()
    assert (report.is_hidden, report.review) == (True, Review.NONE)
    assert ContentFlag.objects.get().reviewed_at is not None
    client.logout()
    assert client.get(url).status_code == 404


def test_a_reported_proposal_leaves_its_page_and_lists(client, moderator, settings):
    settings.MODERATION_FLAG_THRESHOLD = 2
    consultation = ConsultationFactory()
    proposal = ProposalFactory(
        consultation=consultation,
        theme=ThemeFactory(consultation=consultation),
        status=ProposalStatus.PUBLISHED,
        title="Propuesta con insultos",
    )
    url = proposal.get_absolute_url()
    _flag_from_page(url, "10.3.3.1", reason="ofensivo")
    _flag_from_page(url, "10.3.3.2", reason="ofensivo")
    proposal.refresh_from_db()
    assert (proposal.is_hidden, proposal.review) == (True, Review.FLAGGED)
    assert client.get(url).status_code == 404
    assert (
        "Propuesta con insultos" not in client.get(consultation.get_absolute_url()).content.decode()
    )
    assert (
        "Propuesta con insultos"
        not in client.get("/api/v1/propuestas/propuestas/").content.decode()
    )

    # Its proposer, following it by the tracking code, is told why it is gone.
    tracked = client.get(proposal.get_tracking_url()).content.decode()
    assert "oculta al público mientras el personal la revisa" in tracked
    client.force_login(moderator)
    assert 'revision=todo">1</a>' in _inbox_row(client, "/admin/proposals/proposal/")
    client.post(
        "/admin/proposals/proposal/",
        {"action": "approve_items", "_selected_action": [proposal.pk]},
    )
    proposal.refresh_from_db()
    assert not proposal.is_hidden and proposal.is_public
    client.logout()
    assert client.get(url).status_code == 200


def test_bad_reports_get_a_clear_answer(client):
    complaint = file_complaint()
    form_url = f"/reportar/environment.complaint/{complaint.pk}/"
    response = client.post(form_url, {"reason": "me-aburre", "website": ""})
    assert response.status_code == 400
    assert "Escoja una opción válida" in response.content.decode()
    missing = client.post(form_url, {"reason": "", "website": ""})
    assert missing.status_code == 400 and "Elija un motivo." in missing.content.decode()
    long = client.post(form_url, {"reason": "otro", "text": "x" * 1001, "website": ""})
    assert long.status_code == 400
    assert ContentFlag.objects.count() == 0
    assert client.get("/reportar/core.parish/1/").status_code == 404
    assert client.get("/reportar/environment.complaint/999999/").status_code == 404
    Complaint.objects.filter(pk=complaint.pk).update(is_hidden=True, hidden_reason="x")
    assert client.get(form_url).status_code == 404


def test_reports_are_rate_limited_per_address(client):
    complaints = [file_complaint() for _ in range(11)]
    codes = []
    for complaint in complaints:
        response = client.post(
            f"/reportar/environment.complaint/{complaint.pk}/",
            {"reason": "spam", "website": ""},
        )
        codes.append(response.status_code)
    assert codes[:10] == [302] * 10
    assert codes[10] == 429
    assert "Intente en una hora" in response.content.decode()
    assert ContentFlag.objects.count() == 10
