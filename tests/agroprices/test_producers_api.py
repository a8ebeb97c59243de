import pytest

from agroprices import producers_demo
from agroprices.models import Offer, Producer

from .factories import ProductFactory
from .producers_fixtures import make_offer, make_producer

pytestmark = pytest.mark.django_db
OFFERS = "/api/v1/agroprecios/ofertas/"
PRODUCERS = "/api/v1/agroprecios/productores/"


def test_the_offers_api_lists_active_offers_of_verified_producers_without_contacts(
    client, offer, django_user_model, plantain
):
    hidden = make_producer(
        django_user_model, name="Sin verificar", username="nuevo", verified=False
    )
    make_offer(hidden, plantain)
    data = client.get(OFFERS).json()
    assert [o["id"] for o in data["results"]] == [offer.pk]
    body = str(data)
    assert "0991234567" not in body and "privado.example" not in body


def test_the_producers_api_never_shows_contacts_even_when_the_page_does(client, producer):
    Producer.objects.update(show_contact=True)
    data = client.get(PRODUCERS).json()
    assert data["results"][0]["name"] == "Finca La Esperanza"
    assert "0991234567" not in str(data) and "privado.example" not in str(data)


def test_offers_filter_by_product_and_parish(client, offer, other_producer):
    make_offer(other_producer, ProductFactory(slug="cacao"))
    data = client.get(OFFERS, {"product": "cacao", "parish": "SDO"}).json()
    assert data["count"] == 1 and data["results"][0]["product"] == "cacao"


def test_an_unknown_product_filter_is_a_400(client):
    assert client.get(OFFERS, {"product": "no-existe"}).status_code == 400


def test_the_offer_and_producer_lists_run_a_fixed_number_of_queries(
    client, producer, other_producer, plantain, django_assert_max_num_queries
):
    for _ in range(15):
        make_offer(producer, plantain)
        make_offer(other_producer, plantain)
    producer.products.add(plantain)
    other_producer.products.add(plantain)
    with django_assert_max_num_queries(4):
        assert client.get(OFFERS).json()["count"] == 30
    with django_assert_max_num_queries(4):
        assert client.get(PRODUCERS).json()["count"] == 2


def test_the_demo_loads_producers_and_offers_once(plantain):
    producers_demo.load()
    first = (Producer.objects.count(), Offer.objects.count())
    producers_demo.load()
    assert (Producer.objects.count(), Offer.objects.count()) == first
    assert first == (40, 80)
    assert Offer.objects.filter(status=Offer.Status.EXPIRED).exists()
    assert Producer.objects.filter(kind=Producer.Kind.ASSOCIATION).count() >= 5
    assert Producer.objects.filter(kind=Producer.Kind.COMMUNITY).exists()
