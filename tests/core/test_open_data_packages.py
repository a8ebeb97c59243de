"""Every registered dataset in every format: valid against its own Data Package, and no
personal data in any of them (issue 15)."""

import io
import json
import re

import pytest
from openpyxl import load_workbook

from core.registry import datasets

from .open_data_seed import PRIVATE_VALUES, seed_every_dataset

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?<!\d)0\d{8,9}(?!\d)")  # Ecuadorian mobile/landline, 9-10 digits
SERVED = [ds for ds in datasets if ds.columns]


def _body(response):
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def _text(fmt, body):
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(body)).active
        return "\n".join(" ".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True))
    return body.decode("utf-8")


@pytest.fixture
def seeded(db):
    seed_every_dataset()


def test_every_registered_dataset_declares_typed_columns_and_rows():
    undeclared = [ds.key for ds in datasets if not (ds.columns and ds.rows)]
    assert undeclared == []
    for ds in SERVED:
        assert ds.license == "https://creativecommons.org/licenses/by/4.0/"
        assert ds.theme and ds.keywords and all(c.description for c in ds.columns), ds.key


def test_the_seed_gives_every_dataset_rows(seeded):
    assert {ds.key: ds.row_count() > 0 for ds in SERVED} == {ds.key: True for ds in SERVED}


@pytest.mark.parametrize("fmt", ["csv", "csv-excel", "json", "xlsx"])
def test_no_dataset_carries_personal_data_in_any_format(client, seeded, fmt):
    for ds in SERVED:
        text = _text(fmt, _body(client.get(ds.download_url(fmt))))
        for secret in PRIVATE_VALUES:
            assert secret not in text, (ds.key, fmt, secret)
        assert not EMAIL.search(text), (ds.key, fmt, EMAIL.search(text))
        assert not PHONE.search(text), (ds.key, fmt, PHONE.search(text))


def test_no_dataset_page_or_package_carries_personal_data(client, seeded):
    for ds in SERVED:
        for url in (ds.page_url(), ds.datapackage_url()):
            text = client.get(url).content.decode()
            for secret in PRIVATE_VALUES:
                assert secret not in text, (url, secret)


def test_frictionless_validates_every_dataset_against_its_package(client, seeded, tmp_path):
    """The real CSV each dataset serves, checked by `frictionless validate` against the
    datapackage.json the portal publishes (types, constraints, header)."""
    for ds in SERVED:
        folder = tmp_path / ds.slug
        folder.mkdir()
        (folder / "data.csv").write_bytes(_body(client.get(ds.download_url("csv"))))
        package = client.get(ds.datapackage_url()).json()
        package["resources"][0]["path"] = "data.csv"  # the file as downloaded
        (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False))
    from frictionless import validate

    for folder in sorted(tmp_path.iterdir()):
        report = validate(str(folder / "datapackage.json")).to_dict()
        errors = [
            (e.get("type"), e.get("note"), e.get("fieldName"))
            for task in report.get("tasks", [])
            for e in task.get("errors", [])
        ] + [(e.get("type"), e.get("note")) for e in report.get("errors", [])]
        assert report["valid"], (folder.name, errors[:5])


def test_frictionless_catches_a_package_that_lies_about_a_type(client, seeded, tmp_path):
    """The check above can fail: a text column declared as an integer is an error."""
    from frictionless import validate

    ds = datasets.get("commitments.milestones")
    (tmp_path / "data.csv").write_bytes(_body(client.get(ds.download_url("csv"))))
    package = client.get(ds.datapackage_url()).json()
    package["resources"][0]["path"] = "data.csv"
    package["resources"][0]["schema"]["fields"][4]["type"] = "integer"  # "hito" is text
    (tmp_path / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False))
    assert not validate(str(tmp_path / "datapackage.json")).valid


def test_no_catalogue_api_or_feed_carries_personal_data(client, seeded):
    """The same seed through the CKAN API (every package and every dataset's rows), the DCAT
    catalogue and the feeds."""
    urls = [
        "/datos/catalogo.jsonld",
        "/datos/catalogo.ttl",
        "/api/3/action/package_search?rows=1000",
    ]
    urls += [
        f"/feeds/{name}.{kind}"
        for name in ("propuestas", "denuncias", "avance")
        for kind in ("rss", "atom")
    ]
    for ds in SERVED:
        urls.append(f"/api/3/action/package_show?id={ds.key}")
        urls.append(f"/api/3/action/datastore_search?resource_id={ds.slug}-csv&limit=1000")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in PRIVATE_VALUES:
            assert secret not in text, (url, secret)
        assert not EMAIL.search(text), (url, EMAIL.search(text))
        assert not PHONE.search(text), (url, PHONE.search(text))


def test_the_zip_of_every_dataset_is_a_valid_package_without_personal_data(
    client, seeded, tmp_path
):
    import zipfile

    from frictionless import validate

    from core import tasks

    before = client.get("/datos/todo.zip")
    assert before.status_code == 503 and before["Retry-After"]  # not built in the request
    assert tasks.build_open_data_zip() is True  # what the worker (and the nightly beat) runs
    assert tasks.build_open_data_zip() is False  # nothing changed: not rewritten
    response = client.get("/datos/todo.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert client.get("/datos/todo.zip", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    with zipfile.ZipFile(io.BytesIO(_body(response))) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path)
    assert sorted(names) == sorted([f"{ds.slug}.csv" for ds in SERVED] + ["datapackage.json"])
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, [e.get("note") for e in report.to_dict().get("errors", [])][:5]
    for name in names:
        text = (tmp_path / name).read_text(encoding="utf-8")
        for secret in PRIVATE_VALUES:
            assert secret not in text, (name, secret)
        assert not EMAIL.search(text) and not PHONE.search(text), name
