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


@pytest.mark.django_db
def test_staff_text_saved_in_the_admin_is_stored_clean(admin_client):
    """Admin forms validate through the model's full_clean (core.text.CleanTextModel)."""
    from django.urls import reverse

    from .factories import ActorFactory

    actor = ActorFactory()
    data = {
        "name": "Cooperativa\x0b El Búa",
        "kind": actor.kind,
        "sector": actor.sector,
        "parish": actor.parish_id or "",
        "description": "Texto pegado\x03 de un procesador",
        "status": actor.status,
        "invited_on": "",
        "joined_on": actor.joined_on.isoformat() if actor.joined_on else "",
    }
    response = admin_client.post(reverse("admin:forum_actor_change", args=[actor.pk]), data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    actor.refresh_from_db()
    assert (actor.name, actor.description) == (
        "Cooperativa El Búa",
        "Texto pegado de un procesador",
    )
