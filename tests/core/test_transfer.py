"""What travels over a slow line: compressed pages, an icon that exists."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_pages_are_gzip_compressed_for_browsers_that_accept_it(client):
    response = client.get("/", headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"Minga" in gzip.decompress(response.content)


def test_the_favicon_exists(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("core/favicon.svg")
    assert 'rel="icon"' in client.get("/").content.decode()
