import pytest


@pytest.mark.django_db
def test_home_page_is_in_spanish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="es-EC"' in html
    assert "Gobierno Abierto" in html
    assert "Datos abiertos" in html


@pytest.mark.django_db
def test_language_switcher_turns_the_interface_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Open data" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/foro/", "/propuestas/", "/compromisos/", "/ambiente/", "/agroprecios/", "/vialidad/"]
)
def test_every_app_has_a_public_page_linked_from_the_navigation(client, url):
    home = client.get("/").content.decode()
    assert f'href="{url}"' in home
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_outside_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "cdn" not in policy


@pytest.mark.django_db
def test_static_css_is_served(client):
    from django.contrib.staticfiles import finders

    assert finders.find("core/minga.css")
    assert 'href="/static/core/minga.css"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_admin_login_is_in_spanish(client):
    html = client.get("/admin/login/").content.decode()
    assert "Contraseña" in html


@pytest.mark.django_db
def test_tracking_page_explains_an_unknown_code(client):
    response = client.get("/seguimiento/?codigo=DA-AAAA-AAAA")
    assert response.status_code == 404
    assert "No encontramos nada con ese código" in response.content.decode()


@pytest.mark.django_db
def test_tracking_page_limits_guessing(client):
    for _ in range(60):
        client.get("/seguimiento/?codigo=DA-AAAA-AAAA")
    response = client.get("/seguimiento/?codigo=DA-AAAA-AAAA")
    assert response.status_code == 429
