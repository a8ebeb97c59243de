"""DATABASE_REPLICA_URL: the anonymous public's GETs read from the replica, everything else
from the primary. The replica here is a second connection to the test database."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from config.db_router import ReplicaRouter

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica(settings):
    # A second connection with the primary's settings, registered as a live connection only:
    # what settings.py builds from DATABASE_REPLICA_URL, without a second test database.
    connection = connections["default"].copy(alias="replica")
    connections["replica"] = connection
    settings.DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
    yield connection
    connection.close()
    del connections["replica"]


def _queries(alias, fn):
    with CaptureQueriesContext(connections[alias]) as captured:
        result = fn()
    return result, len(captured)


def test_an_anonymous_public_page_is_read_from_the_replica(client, replica):
    from environment.complaints.models import Complaint

    response, on_replica = _queries("replica", lambda: client.get("/ambiente/denuncias/"))
    assert response.status_code == 200
    assert on_replica > 0
    _, on_primary = _queries("default", lambda: client.get("/ambiente/denuncias/"))
    assert on_primary == 0
    assert Complaint.objects.db == "default"  # outside a request: the primary


def test_a_download_is_read_from_the_replica_while_it_is_sent(client, replica):
    def download():
        response = client.get("/ambiente/denuncias/datos/")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, body

    (status, body), on_replica = _queries("replica", download)
    assert status == 200
    assert body.startswith(b"\xef\xbb\xbf") or b"," in body
    assert on_replica > 0


def test_a_visitor_with_a_session_reads_from_the_primary(client, replica, django_user_model):
    user = django_user_model.objects.create_user("lectora", password="clave-segura-123")
    client.force_login(user)
    response, on_replica = _queries("replica", lambda: client.get("/cuenta/"))
    assert response.status_code == 200
    assert on_replica == 0


def test_a_form_post_reads_and_writes_on_the_primary(client, replica):
    response, on_replica = _queries(
        "replica", lambda: client.post("/ambiente/denuncias/nueva/", {"description": ""})
    )
    assert response.status_code == 400
    assert on_replica == 0


def test_writes_and_migrations_always_go_to_the_primary():
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) == "default"
    assert router.allow_migrate("replica", "core") is False
    assert router.allow_migrate("default", "core") is True
