"""A repeated POST (double click, reload, two at once) stores one record, answered as the first."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from core import idempotency
from core.idempotency import IdempotencyRecord
from core.models import Parish
from environment.complaints.models import Complaint

NEW = "/ambiente/denuncias/nueva/"
API = "/api/v1/ambiente/denuncias/"


def _token(html: str) -> str:
    match = re.search(r'name="submission_token" value="([^"]+)"', html)
    assert match, "the form carries no one-time token"
    return match.group(1)


def _complaint(token, **overrides):
    parish = Parish.objects.filter(code="SJB").first()
    return {
        "category": "quema",
        "description": "Están quemando el rastrojo junto al bosque protector.",
        "date_observed": "2026-11-20",
        "parish": parish.pk if parish else "",
        "location_reference": "Recinto El Búa, entrada a la finca La Esperanza",
        "reporter_email": "rosa.calazacon@example.org",
        "website": "",
        "submission_token": token,
        **overrides,
    }


@pytest.mark.django_db
def test_each_rendering_of_a_public_form_carries_its_own_token(client):
    first = _token(client.get(NEW).content.decode())
    second = _token(client.get(NEW).content.decode())
    assert first != second


@pytest.mark.django_db
def test_a_double_submitted_complaint_is_stored_once_and_both_answers_lead_to_it(client):
    token = _token(client.get(NEW).content.decode())
    first = client.post(NEW, _complaint(token))
    second = client.post(NEW, _complaint(token))
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    complaint = Complaint.objects.get()
    assert complaint.tracking_code in client.get(second.url).content.decode()


@pytest.mark.django_db
def test_a_form_with_errors_does_not_use_up_its_token(client):
    token = _token(client.get(NEW).content.decode())
    assert client.post(NEW, _complaint(token, description="")).status_code == 400
    assert client.post(NEW, _complaint(token)).status_code == 302
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_the_same_form_sent_again_with_other_data_is_a_new_complaint(client):
    token = _token(client.get(NEW).content.decode())
    client.post(NEW, _complaint(token))
    client.post(NEW, _complaint(token, description="Otra quema, en el recinto vecino."))
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_every_public_form_that_files_something_carries_a_token(client):
    from tests.proposals.factories import ConsultationFactory

    consultation = ConsultationFactory(slug="consulta-abierta")
    pages = [NEW, "/vialidad/reportar/", "/ambiente/reforestacion/solicitar/"]
    pages.append(f"/propuestas/consulta/{consultation.slug}/proponer/")
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        _token(response.content.decode())


def test_the_shared_script_disables_the_submit_button_after_the_first_submit():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    script = Path(finders.find("core/minga.js")).read_text(encoding="utf-8")
    assert 'addEventListener("submit"' in script and "button.disabled = true" in script


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_store_one_complaint():
    token = idempotency.new_token()
    barrier = threading.Barrier(2)
    answers = []

    def post():
        try:
            browser = Client()
            barrier.wait(timeout=10)
            answers.append(browser.post(NEW, _complaint(token)))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0].url == answers[1].url
    assert Complaint.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1


API_PAYLOAD = {
    "category": "residuos",
    "description": "Botadero junto a la escuela.",
    "parish": "MTR",
    "date_observed": "2026-11-02",
    "is_anonymous": True,
}


@pytest.mark.django_db
def test_an_api_write_repeated_with_its_idempotency_key_returns_the_first_response(staff_client):
    key = {"HTTP_IDEMPOTENCY_KEY": "retry-7b0c1d2e3f405162"}
    first = staff_client.post(API, API_PAYLOAD, content_type="application/json", **key)
    second = staff_client.post(API, API_PAYLOAD, content_type="application/json", **key)
    assert first.status_code == second.status_code == 201
    assert second.json()["tracking_code"] == first.json()["tracking_code"]
    assert second["Idempotent-Replayed"] == "true"
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_an_idempotency_key_reused_with_other_data_is_refused(staff_client):
    key = {"HTTP_IDEMPOTENCY_KEY": "retry-7b0c1d2e3f405162"}
    staff_client.post(API, API_PAYLOAD, content_type="application/json", **key)
    other = {**API_PAYLOAD, "description": "Otro botadero."}
    response = staff_client.post(API, other, content_type="application/json", **key)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_api_write_does_not_use_up_its_key(staff_client):
    key = {"HTTP_IDEMPOTENCY_KEY": "retry-7b0c1d2e3f405162"}
    bad = {**API_PAYLOAD, "category": "no-existe"}
    assert staff_client.post(API, bad, content_type="application/json", **key).status_code == 400
    good = staff_client.post(API, bad | API_PAYLOAD, content_type="application/json", **key)
    assert good.status_code == 201
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_a_malformed_idempotency_key_is_a_400(staff_client):
    response = staff_client.post(
        API, API_PAYLOAD, content_type="application/json", HTTP_IDEMPOTENCY_KEY="x"
    )
    assert response.status_code == 400
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_api_writes_without_a_key_work_as_before(staff_client):
    staff_client.post(API, API_PAYLOAD, content_type="application/json")
    staff_client.post(API, API_PAYLOAD, content_type="application/json")
    assert Complaint.objects.count() == 2
