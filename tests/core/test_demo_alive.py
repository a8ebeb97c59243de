"""The demo is alive on the day it is loaded: the 2021-2022 plan stays as history and a current
cycle, dated back and forward from the load day, fills the home page."""

import io
import re
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from environment.complaints.models import Complaint
from environment.models import Delivery, SeedlingRequest
from forum.models import Meeting
from proposals.models import Consultation, Proposal
from roads.models import RoadReport

pytestmark = pytest.mark.django_db


def _figure(html, label):
    match = re.search(
        r'<span class="value">([\d.,\s]+)</span>\s*<span class="label">' + re.escape(label), html
    )
    assert match, label
    return int(re.sub(r"\D", "", match.group(1)))


def _counts():
    models = [Complaint, SeedlingRequest, Delivery, Meeting, Consultation, Proposal, RoadReport]
    return {m.__name__: m.objects.count() for m in models}


def test_the_home_page_is_alive_the_day_the_demo_is_loaded(client):
    started = time.monotonic()
    call_command("load_demo", stdout=io.StringIO())
    first_load = time.monotonic() - started
    today = timezone.localdate()
    html = client.get("/").content.decode()

    assert _figure(html, "recibidas en los últimos 30 días") > 0
    assert f"Reforestación {today.year}" in html
    assert _figure(html, "plántulas entregadas este año") > 0
    assert "No hay sesiones programadas" not in html
    assert "Próxima sesión:" in html and "Revisión de las propuestas recibidas" in html
    assert "No hay una consulta abierta" not in html
    assert f"Consulta ciudadana {today.year}: segundo Plan de Acción" in html
    assert "Precios al productor esta semana" in html

    # The first plan stays as history.
    assert Consultation.objects.filter(slug="consulta-ciudadana-2021").exists()
    assert Complaint.objects.filter(created_at__year=2022).count() > 100
    assert Meeting.objects.filter(starts_at__year=2022).exists()
    # The current cycle: nothing dated after the load moment but the sessions to come.
    now = timezone.now()
    assert not Complaint.objects.filter(created_at__gt=now).exists()
    assert not Delivery.objects.filter(delivered_on__gt=today).exists()
    assert Meeting.objects.filter(starts_at__gt=now).count() == 2
    assert RoadReport.objects.filter(created_at__gte=now - timedelta(days=30)).count() >= 5
    assert first_load < 240, f"load_demo took {first_load:.0f} s"

    before = _counts()
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before
