"""The DCAT-AP catalogue parses with rdflib in both serialisations and lists every dataset."""

import re

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from core.registry import datasets

pytestmark = pytest.mark.django_db
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")


def graph(client, url, fmt):
    response = client.get(url)
    assert response.status_code == 200
    return Graph().parse(data=response.content.decode(), format=fmt), response.content.decode()


@pytest.mark.parametrize(
    ("url", "fmt"), [("/datos/catalogo.jsonld", "json-ld"), ("/datos/catalogo.ttl", "turtle")]
)
def test_the_catalogue_describes_every_dataset_and_its_downloads(client, url, fmt):
    g, _body = graph(client, url, fmt)
    assert len(list(g.subjects(RDF.type, DCAT.Catalog))) == 1
    found = set(g.subjects(RDF.type, DCAT.Dataset))
    assert len(found) == len(list(datasets))
    observations = URIRef("http://testserver/datos/agroprices.observations/#dataset")
    assert observations in found
    assert g.value(observations, DCT.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    downloads = {
        str(g.value(d, DCAT.downloadURL)): str(g.value(d, DCAT.mediaType))
        for d in g.objects(observations, DCAT.distribution)
    }
    ds = datasets.get("agroprices.observations")
    csv_url = next(url for url, kind in downloads.items() if kind.endswith("/text/csv"))
    assert client.get(csv_url).status_code == 200
    assert len(downloads) == len(ds.formats)
    for distribution in g.subjects(RDF.type, DCAT.Distribution):
        assert g.value(distribution, DCAT.accessURL) is not None


def test_the_catalogue_carries_no_email_or_phone(client):
    for url in ("/datos/catalogo.jsonld", "/datos/catalogo.ttl"):
        body = client.get(url).content.decode()
        assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", body), url
        assert not re.search(r"\b0\d{8,9}\b", body), url


def test_the_open_data_page_links_the_catalogue(client):
    body = client.get("/datos/").content.decode()
    assert 'href="/datos/catalogo.jsonld"' in body and 'href="/datos/catalogo.ttl"' in body
