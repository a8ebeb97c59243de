"""Anonymous public pages from the cache (core/pagecache.py): served again without rendering,
fresh after a change of their app, never for signed-in people, forms or a broken cache."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client

from core import pagecache
from core.models import Parish
from environment.complaints.models import Complaint
from tests.proposals.factories import ProposalFactory
from tests.roads.factories import BranchFactory

pytestmark = pytest.mark.django_db

BRANCHES = "/api/v1/vialidad/ramales/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_GENERATION_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def test_the_second_anonymous_visit_is_served_from_the_cache(client):
    branch = BranchFactory(name="Vía a Las Delicias")
    first = client.get(f"/vialidad/ramal/{branch.code}/")
    second = client.get(f"/vialidad/ramal/{branch.code}/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Vía a Las Delicias" in second.content.decode()
    # The security headers travel with the cached page.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_change_of_the_pages_app_shows_at_the_next_visit(
    client, django_capture_on_commit_callbacks
):
    BranchFactory(name="Vía antigua")
    client.get(BRANCHES)
    assert client.get(BRANCHES)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        BranchFactory(name="Vía recién abierta")
    response = client.get(BRANCHES)
    assert response["X-Page-Cache"] == "miss"
    assert "Vía recién abierta" in response.content.decode()


def test_a_change_of_another_app_keeps_the_page(client, django_capture_on_commit_callbacks):
    client.get(BRANCHES)
    with django_capture_on_commit_callbacks(execute=True):
        ProposalFactory()
    assert client.get(BRANCHES)["X-Page-Cache"] == "hit"


def test_the_home_page_follows_every_app(client, django_capture_on_commit_callbacks):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        BranchFactory()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_private_rows_do_not_empty_the_cache(client, django_capture_on_commit_callbacks):
    from core.idempotency import IdempotencyRecord

    client.get("/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        IdempotencyRecord.objects.create(key="k" * 64, fingerprint="f" * 64)
    assert callbacks == []
    assert client.get("/")["X-Page-Cache"] == "hit"


def _tokens(response):
    html = response.content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    submission = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    return csrf, submission


def test_a_form_page_is_kept_but_each_visitor_gets_their_own_tokens(client):
    first = client.get("/ambiente/denuncias/nueva/")
    other = Client().get("/ambiente/denuncias/nueva/")
    assert "X-Page-Cache" not in first
    assert other["X-Page-Cache"] == "form"
    # Each visitor's own CSRF cookie, and a form token nobody else holds.
    assert other.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    assert _tokens(other)[0] != _tokens(first)[0]
    assert _tokens(other)[1] != _tokens(first)[1]
    assert "\x00" not in other.content.decode()
    # Apart from the tokens, the same page.
    strip = re.compile(r'value="[A-Za-z0-9_\-]{32,}"')
    assert strip.sub("", other.content.decode()) == strip.sub("", first.content.decode())


def test_a_complaint_is_filed_from_a_form_page_served_from_the_cache():
    Client().get("/ambiente/denuncias/nueva/")
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/ambiente/denuncias/nueva/")
    assert page["X-Page-Cache"] == "form"
    csrf, submission = _tokens(page)
    data = {
        "csrfmiddlewaretoken": csrf,
        "submission_token": submission,
        "category": "quema",
        "description": "Tala de árboles junto al estero, vista desde el camino.",
        "parish": Parish.objects.get(code="SJB").pk,
        "date_observed": "2026-11-20",
        "location_reference": "Recinto El Búa",
        "reporter_email": "rosa@example.org",
        "website": "",
    }
    response = browser.post("/ambiente/denuncias/nueva/", data)
    assert response.status_code == 302
    # The same rendered form sent twice (a double click) stores one complaint.
    assert browser.post("/ambiente/denuncias/nueva/", data).status_code == 302
    assert Complaint.objects.filter(location_reference="Recinto El Búa").count() == 1


def test_signed_in_people_get_their_own_page(client, technician):
    client.get(BRANCHES)
    client.force_login(technician)
    response = client.get(BRANCHES)
    assert "X-Page-Cache" not in response


def test_a_waiting_flash_message_is_shown_not_a_cached_page(client):
    client.get("/")
    client.cookies["messages"] = "x"
    assert "X-Page-Cache" not in client.get("/")


def test_each_language_has_its_own_copy(client):
    spanish = client.get("/")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en" and spanish["Content-Language"] == "es"


def test_a_cache_outage_renders_the_page_as_usual(client):
    with mock.patch.object(pagecache.cache, "get_many", side_effect=ConnectionError("down")):
        response = client.get(BRANCHES)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_a_change_while_the_cache_is_down_still_saves(django_capture_on_commit_callbacks):
    down = mock.patch.object(pagecache.cache, "add", side_effect=ConnectionError("down"))
    with down, django_capture_on_commit_callbacks(execute=True):
        branch = BranchFactory()
    assert branch.pk


def test_off_when_the_setting_is_zero(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(BRANCHES)
    assert "X-Page-Cache" not in client.get(BRANCHES)


def test_the_report_forms_branch_map_is_rendered_once_until_a_branch_changes(
    client, django_capture_on_commit_callbacks
):
    from roads import selectors

    BranchFactory(
        code="MTR900",
        geometry={"type": "LineString", "coordinates": [[-79.2, -0.25], [-79.1, -0.2]]},
    )
    with mock.patch.object(selectors, "branch_map", wraps=selectors.branch_map) as built:
        first = client.get("/vialidad/reportar/")
        second = client.get("/vialidad/reportar/")
        assert built.call_count == 1
        with django_capture_on_commit_callbacks(execute=True):
            BranchFactory(
                code="MTR901",
                geometry={"type": "LineString", "coordinates": [[-79.3, -0.3], [-79.2, -0.2]]},
            )
        third = client.get("/vialidad/reportar/")
        assert built.call_count == 2
    assert "MTR900" in first.content.decode() and "MTR900" in second.content.decode()
    assert "MTR901" in third.content.decode()
    # The page itself is kept with its tokens left out (test above).
    assert second["X-Page-Cache"] == "form" and "X-Page-Cache" not in third


def test_a_complaints_timeline_row_leaves_the_roads_pages_cached(
    client, django_capture_on_commit_callbacks
):
    from tests.environment.complaints.factories import ComplaintFactory

    client.get(BRANCHES)
    client.get("/api/v1/ambiente/denuncias/")
    complaint = ComplaintFactory()
    with django_capture_on_commit_callbacks(execute=True):
        complaint.events.create(kind="note", comment="Inspección programada")
    assert client.get(BRANCHES)["X-Page-Cache"] == "hit"
    assert client.get("/api/v1/ambiente/denuncias/")["X-Page-Cache"] == "miss"


def test_a_new_complaint_re_renders_only_its_own_home_panel(
    client, django_capture_on_commit_callbacks
):
    from core import registry, views
    from tests.environment.complaints.factories import ComplaintFactory

    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        ComplaintFactory()
    with mock.patch.object(views, "_panel", wraps=views._panel) as panel:
        response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    rebuilt = {call.args[0].key for call in panel.call_args_list}
    assert rebuilt == {p.key for p in registry.home_panels if p.key.startswith("environment")}
    assert len(rebuilt) < len(list(registry.home_panels))


def test_a_new_complaint_leaves_the_complaint_form_cached(django_capture_on_commit_callbacks):
    from tests.environment.complaints.factories import file_complaint

    Client().get("/ambiente/denuncias/nueva/")
    with django_capture_on_commit_callbacks(execute=True):
        file_complaint()
    assert Client().get("/ambiente/denuncias/nueva/")["X-Page-Cache"] == "form"
    # A new parish is on the form: rendered again.
    with django_capture_on_commit_callbacks(execute=True):
        Parish.objects.create(
            code="ZZP", name="Parroquia nueva", canton=Parish.objects.first().canton
        )
    page = Client().get("/ambiente/denuncias/nueva/")
    assert "X-Page-Cache" not in page and "Parroquia nueva" in page.content.decode()
