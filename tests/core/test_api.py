import pytest


@pytest.mark.django_db
def test_schema_is_a_valid_openapi_3_document(client):
    from openapi_spec_validator import validate

    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    validate(document)


@pytest.mark.django_db
def test_api_docs_render_from_local_static_files_only(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    redoc = client.get("/api/v1/redoc/").content.decode()
    assert "redoc" in redoc
    assert "https://" not in redoc


@pytest.mark.django_db
def test_territory_endpoint_lists_the_parishes_with_pagination(client):
    body = client.get("/api/v1/territorio/parroquias/").json()
    assert body["count"] == 12
    names = {p["name"] for p in body["results"]}
    assert {"Alluriquín", "Monterrey", "Plan Piloto"} <= names


@pytest.mark.django_db
def test_territory_endpoint_filters_by_canton(client):
    body = client.get("/api/v1/territorio/parroquias/?canton__code=SDT-LC").json()
    assert {p["code"] for p in body["results"]} == {"LCN", "MTR", "LVI", "PPI"}


@pytest.mark.django_db
def test_anonymous_users_cannot_write_to_the_api(client):
    response = client.post("/api/v1/territorio/parroquias/", {"code": "X", "name": "X"})
    assert response.status_code in (403, 405)


@pytest.mark.django_db
def test_territory_list_query_count_is_constant(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/api/v1/territorio/zonas/")
