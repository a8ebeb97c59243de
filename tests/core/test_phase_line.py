"""The phase line (consulta → matriz → plan → compromisos) on consultation and plan pages,
with the phase the process is in marked for assistive technology."""

import datetime
import re

import pytest
from django.utils import timezone

from commitments.models import ActionPlan
from proposals import services
from tests.commitments.factories import ActionPlanFactory, CommitmentFactory
from tests.proposals.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def current_step(html):
    line = re.search(r'<ol class="phase-line">(.*?)</ol>', html, re.S).group(1)
    return re.findall(r'<li aria-current="step">([^<]+)</li>', line)


def test_an_open_consultation_is_in_its_first_phase(client):
    consultation = ConsultationFactory()
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert current_step(html) == ["Consulta"]


def test_a_closed_consultation_is_in_the_matrix_phase_until_the_forum_closes_it(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    consultation = ConsultationFactory(closes_on=yesterday)
    url = consultation.get_absolute_url()
    assert current_step(client.get(url).content.decode()) == ["Matriz de Propuestas"]
    services.matrix_close(consultation=consultation)
    html = client.get(url).content.decode()
    assert current_step(html) == ["Plan de acción"]
    assert html.count("(completada)") == 2  # consulta and matriz are behind
    matrix = client.get(f"/propuestas/consulta/{consultation.slug}/matriz/").content.decode()
    assert current_step(matrix) == ["Plan de acción"]


def test_a_plan_in_co_creation_and_one_in_implementation(client):
    draft = ActionPlanFactory(status=ActionPlan.Status.DRAFT)
    assert current_step(client.get(draft.get_absolute_url()).content.decode()) == ["Plan de acción"]
    commitment = CommitmentFactory()  # its plan is in implementation
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert current_step(html) == ["Compromisos"]


def test_the_phase_line_speaks_english_in_the_english_interface(client):
    consultation = ConsultationFactory()
    client.cookies["django_language"] = "en"
    html = client.get(consultation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-label="Phases of the process"' in html and "Action plan" in html
