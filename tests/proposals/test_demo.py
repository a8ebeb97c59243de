import io

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from core import roles
from proposals import demo
from proposals.models import Consultation, Proposal, Score, Scorecard, Support

SELECTED = {
    "Política pública de reforestación y sistema digital de control ambiental y entrega de "
    "especies",
    "Precios agrícolas abiertos con participación de los productores",
    "Monitoreo ciudadano del estado de la red vial rural",
}


def _counts():
    return (
        Proposal.objects.count(),
        Scorecard.objects.count(),
        Score.objects.count(),
        Support.objects.count(),
        User.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_loads_the_2021_consultation_once(client):
    demo.load(io.StringIO())
    first = _counts()
    demo.load(io.StringIO())
    assert _counts() == first

    consultation = Consultation.objects.get(slug=demo.SLUG)
    assert consultation.opens_on.year == 2021
    assert not consultation.is_open and consultation.matrix_is_closed
    assert 55 <= consultation.proposals.count() <= 65
    assert set(Proposal.objects.selected().values_list("title", flat=True)) == SELECTED
    members = User.objects.filter(groups__name=roles.FORUM_MEMBER, username__startswith="foro")
    assert members.count() == 15
    assert Scorecard.objects.values("member").distinct().count() == 15

    html = client.get(f"/propuestas/consulta/{consultation.slug}/matriz/").content.decode()
    for title in SELECTED:
        assert title in html
    assert "@ejemplo.ec" not in html
    assert "@ejemplo.ec" not in client.get("/propuestas/").content.decode()


@pytest.mark.django_db
def test_the_demo_reuses_the_forum_members_created_before(django_user_model):
    existing = django_user_model.objects.create_user(username="foro03", password="x")
    demo.load(io.StringIO())
    assert django_user_model.objects.filter(username="foro03").count() == 1
    assert existing.groups.filter(name=roles.FORUM_MEMBER).exists()
    assert (
        existing.proposal_scorecards.count()
        == Proposal.objects.public().filter(consultation__slug=demo.SLUG).count()
    )


@pytest.mark.django_db
def test_the_demo_s_second_consultation_is_open_on_the_load_day(client):
    demo.load(io.StringIO())
    current = Consultation.objects.get(slug=demo.CURRENT_SLUG)
    assert current.is_open and not current.matrix_is_closed
    published = current.proposals.filter(status="publicada")
    assert published.count() == 6 and current.proposals.filter(status="recibida").count() == 2
    assert all(p.published_at <= timezone.now() for p in published)
    html = client.get("/").content.decode()
    assert current.title in html and "No hay una consulta abierta" not in html
