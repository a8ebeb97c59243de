"""The text rule (core.text) on the forum API: control characters pasted into a staff write
are dropped before storing, NUL and over-long values are field messages in Spanish."""

import pytest

from forum.models import Actor

ACTORS = "/api/v1/foro/actores/"
PAYLOAD = {"name": "Asociación Tsáchila", "sector": "academia", "parish": "LCN"}


@pytest.mark.django_db
def test_control_characters_are_dropped_from_an_actor(staff_client):
    response = staff_client.post(
        ACTORS,
        {**PAYLOAD, "name": "Asociación\x0b Tsáchila", "description": "Línea 1\x03\nLínea 2\x1f"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    actor = Actor.objects.get()
    assert actor.name == "Asociación Tsáchila"
    assert actor.description == "Línea 1\nLínea 2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "Texto con \x00 nulo", "Los caracteres nulos no están permitidos."),
        ("name", "x" * 201, "no tenga más de 200 caracteres"),
        ("name", "\x0b\x0c", "no puede estar en blanco"),
    ],
)
def test_bad_text_is_a_spanish_field_error(staff_client, field, value, message):
    response = staff_client.post(ACTORS, {**PAYLOAD, field: value}, content_type="application/json")
    assert response.status_code == 400
    assert any(message in m for m in response.json()[field]), response.json()
    assert not Actor.objects.exists()
