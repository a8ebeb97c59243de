"""The CKAN Action API (core/ckan.py) as the `ckanapi` client calls it: its own requests
(POSTed JSON to /api/action/<name>, or GET with get_only) go through Django's test client."""

import json
from types import SimpleNamespace
from urllib.parse import urlsplit

import ckanapi
import pytest
from django.utils import timezone

from core.registry import datasets
from tests.agroprices.factories import ObservationFactory
from tests.core.open_data_seed import seed_every_dataset

pytestmark = pytest.mark.django_db

SERVED = [ds for ds in datasets if ds.columns]
PRICES = next(ds for ds in SERVED if ds.key == "agroprices.observations")


class ClientSession:
    """Stands in for the requests.Session ckanapi uses: same URLs, headers and bodies."""

    def __init__(self, client):
        self.client = client

    def post(self, url, data=None, headers=None, files=None, **kwargs):
        response = self.client.post(
            urlsplit(url).path, data=data, content_type=headers["Content-Type"]
        )
        return SimpleNamespace(status_code=response.status_code, text=response.content.decode())

    def get(self, url, params=None, headers=None, **kwargs):
        response = self.client.get(urlsplit(url).path, params)
        return SimpleNamespace(status_code=response.status_code, text=response.content.decode())

    def close(self):
        pass


@pytest.fixture
def ckan(client):
    return ckanapi.RemoteCKAN("http://testserver", session=ClientSession(client))


@pytest.fixture
def ckan_get(client):
    return ckanapi.RemoteCKAN("http://testserver", session=ClientSession(client), get_only=True)


@pytest.fixture
def seeded(db):
    seed_every_dataset()


def test_package_list_names_every_dataset(ckan, ckan_get):
    names = ckan.action.package_list()
    assert names == [ds.slug for ds in SERVED]
    assert ckan_get.action.package_list(limit=2, offset=1) == names[1:3]


def test_package_show_describes_the_dataset_and_its_downloads(ckan, seeded):
    package = ckan.action.package_show(id=PRICES.key)
    assert package["name"] == PRICES.slug and package["title"] == str(PRICES.title)
    assert package["license_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["organization"]["title"] == str(PRICES.publisher)
    formats = {r["format"]: r for r in package["resources"]}
    assert set(formats) == {"CSV", "JSON", "XLSX"}
    assert formats["CSV"]["url"] == "http://testserver" + PRICES.download_url("csv")
    assert formats["CSV"]["mimetype"] == "text/csv"
    dated = next(ds for ds in SERVED if ds.last_modified())
    modified = ckan.action.package_show(id=dated.key)["metadata_modified"]
    assert modified[:19] == timezone.localtime(dated.last_modified()).isoformat()[:19]
    # The name works as the id, as in CKAN.
    assert ckan.action.package_show(id=PRICES.slug)["id"] == PRICES.key


def test_an_unknown_dataset_or_resource_is_ckans_not_found(ckan):
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id="no-such-dataset")
    with pytest.raises(ckanapi.NotFound):
        ckan.action.datastore_search(resource_id="nada\x00")
    with pytest.raises(ckanapi.ValidationError) as missing:
        ckan.action.package_show()
    assert missing.value.error_dict["id"] == ["Missing value"]


def test_package_search_finds_by_words_and_pages(ckan):
    everything = ckan.action.package_search(q="*:*", rows=1000)
    assert everything["count"] == len(SERVED)
    prices = ckan.action.package_search(q="precios")
    assert PRICES.key in [p["id"] for p in prices["results"]]
    page = ckan.action.package_search(rows=3, start=2)
    assert [p["id"] for p in page["results"]] == [p["id"] for p in everything["results"]][2:5]
    assert ckan.action.package_search(q="zzz-nothing-zzz")["count"] == 0
    org = everything["results"][0]["organization"]["name"]
    by_org = ckan.action.package_search(fq=f"organization:{org}", rows=1000)
    assert by_org["count"] == sum(1 for p in everything["results"] if p["owner_org"] == org)


def test_organization_list(ckan):
    names = ckan.action.organization_list()
    assert names and all(isinstance(n, str) for n in names)
    full = ckan.action.organization_list(all_fields=True)
    assert sum(o["package_count"] for o in full) == len(SERVED)


def test_datastore_search_pages_the_public_rows_with_typed_fields(ckan, seeded):
    ObservationFactory.create_batch(5)
    resource = f"{PRICES.slug}-csv"
    first = ckan.action.datastore_search(resource_id=resource, limit=2)
    assert first["total"] == PRICES.row_count()
    assert [f["id"] for f in first["fields"]] == ["_id", *PRICES.column_names]
    types = {f["id"]: f["type"] for f in first["fields"]}
    assert types["date"] == "date" and "numeric" in types.values()
    assert len(first["records"]) == 2 and first["records"][0]["_id"] == 1
    second = ckan.action.datastore_search(resource_id=resource, limit=2, offset=2)
    assert second["records"][0]["_id"] == 3
    assert second["records"][0] != first["records"][0]
    assert "offset=2" in first["_links"]["next"]


def test_datastore_search_filters_and_full_text(ckan, seeded):
    resource = f"{PRICES.slug}-csv"
    sample = ckan.action.datastore_search(resource_id=resource, limit=1)["records"][0]
    column = PRICES.column_names[1]
    value = sample[column]
    filtered = ckan.action.datastore_search(resource_id=resource, filters={column: value})
    assert filtered["total"] >= 1
    assert all(r[column] == value for r in filtered["records"])
    texted = ckan.action.datastore_search(resource_id=resource, q=str(value)[:4])
    assert texted["total"] >= filtered["total"]
    narrow = ckan.action.datastore_search(resource_id=resource, fields=f"date,{column}")
    assert set(narrow["records"][0]) == {"_id", "date", column}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": -1}, "limit"),
        ({"limit": "mucho"}, "limit"),
        ({"offset": "1" * 5000}, "offset"),
        ({"filters": "{no es json"}, "filters"),
        ({"filters": '["lista"]'}, "filters"),
        ({"filters": {"no_such_column": "x"}}, "filters"),
        ({"fields": "date,secreto"}, "fields"),
        ({"q": {"no_such_column": "x"}}, "q"),
    ],
)
def test_bad_datastore_input_is_a_validation_error_with_the_field(ckan, params, field):
    with pytest.raises(ckanapi.ValidationError) as error:
        ckan.action.datastore_search(resource_id=f"{PRICES.slug}-csv", **params)
    assert field in error.value.error_dict


def test_hostile_input_never_breaks_the_api(client, seeded):
    resource = f"{PRICES.slug}-csv"
    for query in (
        {"resource_id": resource, "limit": str(10**30)},
        {"resource_id": resource, "q": "\x00\x0b=cmd|' /C calc'!A0"},
        {"resource_id": resource, "filters": json.dumps({"date": "\x00"})},
    ):
        response = client.get("/api/3/action/datastore_search", query)
        assert response.status_code == 200, response.content
        assert response.json()["success"] is True
        assert len(response.json()["result"]["records"]) <= 1000
    not_json = client.post(
        "/api/3/action/package_search", b"\xff\x00", content_type="application/json"
    )
    assert not_json.status_code == 409 and not_json.json()["success"] is False
    unknown = client.get("/api/3/action/package_delete")
    assert unknown.status_code == 400 and unknown.json()["success"] is False


def test_query_counts_stay_flat_as_rows_grow(client, seeded, django_assert_max_num_queries):
    def calls():
        client.get("/api/3/action/package_list")
        client.get("/api/3/action/datastore_search", {"resource_id": f"{PRICES.slug}-csv"})

    ObservationFactory.create_batch(3)
    with django_assert_max_num_queries(4):
        calls()
    ObservationFactory.create_batch(40)
    with django_assert_max_num_queries(4):
        calls()
