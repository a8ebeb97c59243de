"""Plumbing every app shares: one pagination (?pagina=N, filters kept), one navigation."""

import pytest

from forum.models import Actor
from tests.environment.complaints.factories import ComplaintFactory
from tests.forum.factories import ActorFactory

pytestmark = pytest.mark.django_db


def test_the_actor_directory_pages_with_pagina_and_keeps_its_filters(client):
    ActorFactory.create_batch(35, sector="sociedad_civil")
    response = client.get("/foro/actores/", {"sector": "sociedad_civil"})
    html = response.content.decode()
    assert "Página 1 de 2" in html
    assert 'href="?sector=sociedad_civil&amp;pagina=2"' in html
    second = client.get("/foro/actores/", {"sector": "sociedad_civil", "pagina": 2})
    assert len(second.context["page"].object_list) == 5


def test_an_old_forum_link_with_page_still_opens_that_page(client):
    ActorFactory.create_batch(35)
    response = client.get("/foro/actores/", {"page": 2})
    assert response.context["page"].number == 2
    assert Actor.objects.count() == 35


def test_every_public_list_uses_the_same_page_links(client):
    ComplaintFactory()
    for url in ("/foro/actores/", "/propuestas/", "/ambiente/denuncias/", "/vialidad/"):
        response = client.get(url, {"pagina": "no-es-un-numero"})
        assert response.status_code == 200, url
        assert response.context["page"].number == 1
        assert "_pagination.html" in [t.name for t in response.templates], url


def test_the_main_navigation_comes_from_each_apps_manifest(client):
    from core.registry import navigation

    keys = [entry.key for entry in navigation]
    assert keys == [
        "forum",
        "proposals",
        "commitments",
        "environment",
        "agroprices",
        "roads",
        "core.open-data",
    ]
    html = client.get("/").content.decode()
    for url in ("/foro/", "/propuestas/", "/compromisos/", "/ambiente/", "/agroprecios/"):
        assert f'href="{url}"' in html
