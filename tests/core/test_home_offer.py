"""The home page offers to propose only while a consultation is open."""

import datetime

import pytest
from django.utils import timezone

from tests.proposals.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def test_with_no_open_consultation_the_home_page_does_not_offer_to_propose(client):
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    ConsultationFactory(opens_on=last_year, closes_on=last_year + datetime.timedelta(days=30))
    html = client.get("/").content.decode()
    assert "No hay una consulta abierta en este momento." in html
    assert "Proponga" not in html and "Envíe su propuesta" not in html
    assert "Siga las propuestas y lo que eligió el Foro" in html


def test_an_open_consultation_is_offered_on_the_home_page(client):
    consultation = ConsultationFactory()
    html = client.get("/").content.decode()
    assert "Proponga" in html and "Hay una consulta abierta" in html
    assert f"/propuestas/consulta/{consultation.slug}/proponer/" in html
