"""The text rule (core.text) on agroprices: a buyer's message to a producer and the price
series API (control characters dropped, NUL and over-long values refused in Spanish)."""

import pytest
from django.core import mail
from django.urls import reverse

from agroprices.models import ContactMessage

pytestmark = pytest.mark.django_db


def _contact(client, offer, **kw):
    data = {"name": "Rosa Compradora", "email": "rosa@example.org", "body": "¿Tiene racimos?"}
    return client.post(reverse("agroprices:offer-contact", args=[offer.pk]), {**data, **kw})


def test_a_pasted_control_character_is_dropped_from_the_message(
    client, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _contact(client, offer, name="Rosa\x0b Compradora", body="¿Tiene\x0b 10?\x1b")
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert (message.name, message.body) == ("Rosa Compradora", "¿Tiene 10?")
    assert "\x0b" not in mail.outbox[0].body and "\x1b" not in mail.outbox[0].body


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("body", "Hola\x00", "Los caracteres nulos no están permitidos."),
        ("name", "\x0b", "Este campo es requerido."),
        ("body", "x" * 2000 + "\x0b", None),  # 2000 kept characters: accepted
    ],
)
def test_bad_text_in_the_message_is_a_spanish_error(client, offer, field, value, error):
    response = _contact(client, offer, **{field: value})
    if error is None:
        assert response.status_code == 302
        assert len(ContactMessage.objects.get().body) == 2000
        return
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_the_series_api_refuses_a_nul_with_a_400_and_drops_a_control_character(client, plantain):
    series = "/api/v1/agroprecios/series/"
    response = client.get(series, {"product": "platano\x00", "price_type": "productor"})
    assert response.status_code == 400
    assert "Los caracteres nulos no están permitidos." in response.json()["product"]
    pasted = client.get(series, {"product": "platano-barraganete\x0b"})
    assert pasted.status_code == 200
