"""Demo producers (~40: individuals, associations, Tsáchila community groups) and ~80 offers,
some expired. Deterministic and idempotent: a second run changes nothing."""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core import roles
from core.models import Community, Parish

from .models import Offer, Producer, Product, ProductUnit

FIRST = [
    "Rosa",
    "Manuel",
    "Luz",
    "Jorge",
    "Carmen",
    "Segundo",
    "Marcia",
    "Wilson",
    "Nelly",
    "Abdón",
]
LAST = ["Aguavil", "Calazacón", "Zambrano", "Mendoza", "Loor", "Vera", "Alava", "Cedeño"]
ASSOCIATIONS = [
    "Asociación de Cacaoteros del Búa",
    "Asociación Agroartesanal Luz de América",
    "Asociación de Plataneros de Monterrey",
    "Cooperativa Cacaotera Valle Hermoso",
    "Asociación de Fruticultores de Puerto Limón",
    "Asociación de Productores de San Jacinto",
    "Asociación de Mujeres Productoras El Esfuerzo",
    "Asociación de Ganaderos y Lecheros de Alluriquín",
]
STORIES = [
    "Cultivamos sin químicos desde hace diez años y cosechamos cada semana.",
    "Finca familiar; entregamos en el centro de acopio los sábados.",
    "Producción bajo sombra, fermentación propia del cacao.",
    "Vendemos directo para pagar mejor a las familias socias.",
    "",
]
N_PRODUCERS = 40
PLACES = [Offer.Place.FARM, Offer.Place.COLLECTION, Offer.Place.PARISH]


def _units(product, extra):
    return [product.standard_unit, *extra.get(product.pk, [])]


def load(stdout=None):
    rng = random.Random("minga-producers-demo")
    products = list(Product.objects.filter(active=True).select_related("standard_unit"))
    parishes = list(Parish.objects.filter(kind=Parish.Kind.RURAL)) or list(Parish.objects.all())
    communities = list(Community.objects.select_related("parish"))
    if not products or not parishes:
        return
    extra = {}
    for pu in ProductUnit.objects.select_related("unit"):
        extra.setdefault(pu.product_id, []).append(pu.unit)
    group = Group.objects.get(name=roles.PRODUCER)
    made = 0
    for i in range(N_PRODUCERS):
        kind, name, community = _who(i, communities)
        user = _account(f"productor{i + 1:02d}", name, group)
        if Producer.objects.filter(user=user).exists():
            continue
        producer, grown = _producer(rng, i, user, kind, name, community, parishes, products)
        made += 1
        for j in range(2):
            _offer(rng, producer, grown[j % len(grown)], expired=(i + j) % 6 == 0, extra=extra)
    if stdout is not None:
        stdout.write(f"· {made} productores y {2 * made} ofertas ", ending="")


def _who(i, communities):
    """(kind, name, community): eight associations, six community groups, then people."""
    if i < 8:
        return Producer.Kind.ASSOCIATION, ASSOCIATIONS[i], None
    if i < 14 and communities:
        community = communities[i % len(communities)]
        return Producer.Kind.COMMUNITY, f"Grupo comunitario {community.name}", community
    return Producer.Kind.INDIVIDUAL, f"{FIRST[i % len(FIRST)]} {LAST[(i * 3) % len(LAST)]}", None


def _account(username, name, group):
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": name[:150], "email": f"{username}@demo.minga.local"},
    )
    user.groups.add(group)
    return user


def _producer(rng, i, user, kind, name, community, parishes, products):
    parish = (community.parish if community and community.parish else None) or rng.choice(parishes)
    grown = rng.sample(products, k=min(len(products), rng.randint(1, 3)))
    producer = Producer.objects.create(
        user=user,
        name=name,
        kind=kind,
        parish=parish,
        community=community,
        area_ha=Decimal(str(round(rng.uniform(1, 60 if kind != "individual" else 10), 2))),
        organic=rng.random() < 0.3,
        good_practices=rng.random() < 0.4,
        story=rng.choice(STORIES),
        phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        show_contact=rng.random() < 0.2,
        verified=i < 36,  # a few wait for staff
        verified_at=timezone.now() if i < 36 else None,
    )
    producer.products.set(grown)
    return producer, grown


def _offer(rng, producer, product, *, expired, extra):
    today = timezone.localdate()
    start = today - timedelta(days=rng.randint(20, 40) if expired else rng.randint(0, 10))
    until = (
        today - timedelta(days=rng.randint(1, 10))
        if expired
        else today + timedelta(days=rng.randint(3, 30))
    )
    Offer.objects.create(
        producer=producer,
        product=product,
        quantity=Decimal(rng.choice([5, 10, 20, 40, 100, 250])),
        unit=rng.choice(_units(product, extra)),
        price=None if rng.random() < 0.2 else Decimal(str(round(rng.uniform(1, 60), 2))),
        available_from=start,
        available_until=until,
        place_kind=rng.choice(PLACES),
        parish=producer.parish,
        status=Offer.Status.EXPIRED if expired else Offer.Status.ACTIVE,
    )
