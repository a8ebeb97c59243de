import datetime
import re

import pytest
from django.urls import reverse

from core.models import Parish
from environment import services
from environment.models import NurseryStock, RequestStatus, SeedlingRequest

from .factories import (
    NurseryFactory,
    SeedlingRequestFactory,
    SpeciesFactory,
    approved_request,
    deliver,
    stock,
)

pytestmark = pytest.mark.django_db
PRIVATE = ["Rosa Calazacón", "0987654321", "rosa.finca@example.org", "Recinto El Cristal"]


def _form(laurel, **overrides):
    data = {
        "applicant_kind": "finca",
        "applicant_name": "Segundo Aguavil",
        "applicant_phone": "0991112233",
        "applicant_email": "segundo@example.org",
        "parish": Parish.objects.get(code="VHE").pk,
        "location_reference": "Vía a Valle Hermoso km 8",
        "latitude": "-0.081234",
        "longitude": "-79.271234",
        "land_area_ha": "2.5",
        "purpose": "Proteger la orilla del estero",
        f"species_{laurel.pk}": "150",
        "website": "",
    }
    data.update(overrides)
    return data


def _world(n, species, nursery):
    """n delivered requests with follow-up visits."""
    for i in range(n):
        req = approved_request({species: 10}, tracking_code=f"RF-W-{i:03d}")
        delivery = deliver(req, nursery, {species: 10})
        services.visit_record(
            line=delivery.lines.get(), visited_on=datetime.date(2022, 9, 1), surviving=8
        )


def test_a_citizen_requests_seedlings_and_follows_the_request_by_code(client, laurel):
    response = client.post(reverse("environment:request-create"), _form(laurel))
    req = SeedlingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == req.get_absolute_url() + "?nueva=1"
    assert req.status == RequestStatus.RECEIVED
    assert list(req.lines.values_list("quantity", flat=True)) == [150]
    page = client.get(response["Location"]).content.decode()
    assert req.tracking_code in page and "Recibida" in page
    for private in ["Segundo Aguavil", "0991112233", "segundo@example.org", "-0.081234"]:
        assert private not in page
    lookup = client.get(reverse("core:track"), {"codigo": req.tracking_code.lower()})
    assert lookup.status_code == 302 and lookup["Location"] == req.get_absolute_url()


def test_form_errors_are_in_spanish_and_nothing_is_saved(client, laurel):
    data = _form(
        laurel,
        applicant_phone="",
        applicant_email="",
        latitude="-0.18",
        longitude="-78.48",
        land_area_ha="",
        **{f"species_{laurel.pk}": ""},
    )
    response = client.post(reverse("environment:request-create"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Deje un teléfono o un correo para coordinar la entrega." in html
    assert "Este campo es requerido." in html
    assert "Indique al menos una especie y la cantidad de plantas." in html
    assert "fuera de la provincia de Santo Domingo de los Tsáchilas" in html
    assert SeedlingRequest.objects.count() == 0


def test_the_honeypot_stops_bots(client, laurel):
    response = client.post(reverse("environment:request-create"), _form(laurel, website="spam"))
    assert response.status_code == 400
    assert SeedlingRequest.objects.count() == 0


def test_anonymous_submissions_are_rate_limited(client, laurel):
    for _ in range(5):
        assert client.post(reverse("environment:request-create"), _form(laurel)).status_code == 302
    response = client.post(reverse("environment:request-create"), _form(laurel))
    assert response.status_code == 429
    assert "Demasiadas solicitudes" in response.content.decode()
    assert SeedlingRequest.objects.count() == 5


def test_every_form_input_has_a_label(client, laurel):
    html = client.get(reverse("environment:request-create")).content.decode()
    for name in ["applicant_name", "parish", "land_area_ha", f"species_{laurel.pk}"]:
        assert f'for="id_{name}"' in html
    # Help texts are tied to their inputs for screen readers.
    assert 'aria-describedby="id_purpose_helptext"' in html
    assert 'id="id_purpose_helptext"' in html


@pytest.mark.parametrize("who,expected", [(None, 403), ("citizen", 403), ("technician", 200)])
def test_only_staff_record_deliveries(client, request, who, expected, nursery, laurel):
    req = approved_request({laurel: 10})
    if who:
        client.force_login(request.getfixturevalue(who))
    url = reverse("environment:delivery-create", args=[req.tracking_code])
    assert client.get(url).status_code == expected
    post = client.post(url, {"nursery": nursery.pk, "delivered_on": "2022-04-01"})
    assert post.status_code in (expected, 400)
    assert req.deliveries.count() == 0


def test_staff_deliver_from_the_request_page_and_shortages_show_in_spanish(
    staff_client, nursery, laurel
):
    stock(nursery, laurel, 30)
    req = approved_request({laurel: 50})
    url = reverse("environment:delivery-create", args=[req.tracking_code])
    data = {"nursery": nursery.pk, "delivered_on": "2022-04-01", f"species_{laurel.pk}": "50"}
    refused = staff_client.post(url, data)
    assert refused.status_code == 400
    assert "Laurel: hay 30, se piden 50" in refused.content.decode()
    data[f"species_{laurel.pk}"] = "30"
    assert staff_client.post(url, data).status_code == 302
    assert NurseryStock.objects.get().quantity == 0
    req.refresh_from_db()
    assert req.status == RequestStatus.DELIVERED


def test_figures_page_shows_charts_rounded_sites_and_no_personal_data(client, nursery, laurel):
    stock(nursery, laurel, 100)
    req = approved_request({laurel: 60})
    delivery = deliver(req, nursery, {laurel: 60})
    services.visit_record(
        line=delivery.lines.get(), visited_on=datetime.date(2022, 9, 1), surviving=45
    )
    html = client.get(reverse("environment:figures"), {"anio": "2022"}).content.decode()
    assert "Por especie" in html and "Por parroquia" in html and "<svg" in html
    assert "Luz de América" in html
    assert "75,0" in html or "75.0" in html  # survival 45/60
    assert "-0.41" in html and "-79.30" in html  # rounded
    assert "-0.412345" not in html and "-79.301234" not in html
    for private in PRIVATE + [req.tracking_code]:
        assert private not in html


def test_figures_page_query_count_does_not_grow_with_deliveries(
    client, nursery, laurel, django_assert_max_num_queries
):
    stock(nursery, laurel, 10_000)
    _world(3, laurel, nursery)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("environment:figures"))
    _world_more = [SpeciesFactory() for _ in range(3)]
    for sp in _world_more:
        stock(nursery, sp, 1000)
    for i in range(27):
        req = approved_request({_world_more[i % 3]: 5}, tracking_code=f"RF-X-{i:03d}")
        deliver(req, nursery, {_world_more[i % 3]: 5})
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("environment:figures"))


def test_home_page_shows_this_years_deliveries(client, nursery, laurel):
    stock(nursery, laurel, 100)
    req = approved_request({laurel: 77})
    deliver(req, nursery, {laurel: 77}, on=datetime.date.today())
    html = client.get("/").content.decode()
    assert "Reforestación" in html and "77" in html


def test_species_catalogue_and_environment_index_render(client, laurel):
    assert "Cordia alliodora" in client.get(reverse("environment:species-list")).content.decode()
    html = client.get(reverse("environment:index")).content.decode()
    assert reverse("environment:request-create") in html


def test_unknown_tracking_codes_give_a_spanish_404(client):
    response = client.get(reverse("core:track"), {"codigo": "RF-XXXX-YYYY"})
    assert response.status_code == 404
    assert "No encontramos nada con ese código." in response.content.decode()


def test_tracking_page_of_a_rejected_request_shows_the_reason_only(client):
    req = SeedlingRequestFactory()
    services.request_decide(request=req, status=RequestStatus.REJECTED, reason="Terreno en Quito")
    html = client.get(req.get_absolute_url()).content.decode()
    assert "Rechazada" in html and "Terreno en Quito" in html
    for private in PRIVATE:
        assert private not in html


def test_nursery_factory_is_usable_for_other_parishes():
    nursery = NurseryFactory(parish=Parish.objects.get(code="MTR"))
    assert nursery.parish.canton.code == "SDT-LC"


def test_nurseries_page_shows_current_stock_with_flat_queries(
    client, nursery, laurel, guayacan, django_assert_max_num_queries
):
    stock(nursery, laurel, 1234)
    stock(nursery, guayacan, 10)
    deliver(approved_request({guayacan: 10}), nursery, {guayacan: 10})
    with django_assert_max_num_queries(6) as small:
        html = client.get(reverse("environment:nursery-list")).content.decode()
    assert "Vivero Luz de América" in html
    assert re.search(r">1\D?234<", html)  # es-EC groups thousands with a no-break space
    assert "Guayacán" not in html  # none left
    for _ in range(10):
        stock(NurseryFactory(), SpeciesFactory(), 5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("environment:nursery-list"))


def test_species_catalogue_query_count_is_flat(client, django_assert_max_num_queries):
    SpeciesFactory()
    with django_assert_max_num_queries(5) as small:
        client.get(reverse("environment:species-list"))
    for _ in range(20):
        SpeciesFactory()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("environment:species-list"))


@pytest.mark.parametrize("who,shown", [(None, False), ("citizen", False), ("technician", True)])
def test_the_delivery_button_on_the_tracking_page_is_for_staff_only(
    client, request, who, shown, laurel
):
    req = approved_request({laurel: 10})
    if who:
        client.force_login(request.getfixturevalue(who))
    html = client.get(req.get_absolute_url()).content.decode()
    assert (reverse("environment:delivery-create", args=[req.tracking_code]) in html) is shown
