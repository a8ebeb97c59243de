"""Writes for the producers' directory and direct-sale offers. Transactions live here."""

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import outbox, roles
from core.photos import clean_image

from .models import ContactMessage, Offer, Producer
from .services import unit_factor

RENEW_DAYS = 14
MAX_OFFER_DAYS = 120
# A producer's public profile (API, page) and the whole profile they edit.
PUBLIC_PROFILE_FIELDS = (
    "name",
    "kind",
    "parish",
    "community",
    "products",
    "area_ha",
    "organic",
    "good_practices",
    "story",
)
PROFILE_FIELDS = (*PUBLIC_PROFILE_FIELDS, "phone", "show_contact")
OFFER_FIELDS = (
    "product",
    "quantity",
    "unit",
    "price",
    "available_from",
    "available_until",
    "place_kind",
    "parish",
    "place_detail",
    "description",
)


def _check_offer(offer: Offer) -> None:
    errors = {}
    if offer.quantity is not None and offer.quantity <= 0:
        errors["quantity"] = _("La cantidad debe ser mayor que cero.")
    if offer.price is not None and offer.price <= 0:
        errors["price"] = _("El precio pedido debe ser mayor que cero (o déjelo vacío).")
    start, end = offer.available_from, offer.available_until
    if start and end and end < start:
        errors["available_until"] = _("La fecha final no puede ser anterior a la inicial.")
    elif start and end and (end - start).days > MAX_OFFER_DAYS:
        errors["available_until"] = _(
            "Una oferta dura como máximo %(n)s días; renuévela luego."
        ) % {"n": MAX_OFFER_DAYS}
    if offer.product_id and offer.unit_id and unit_factor(offer.product, offer.unit) is None:
        errors["unit"] = _("Esa unidad no está en el catálogo para %(product)s.") % {
            "product": offer.product
        }
    if errors:
        raise ValidationError(errors)
    offer.full_clean()


@transaction.atomic
def offer_create(*, producer: Producer, photo=None, **fields) -> Offer:
    if not producer.verified:
        raise ValidationError(_("Su registro de productor aún no fue verificado por el personal."))
    offer = Offer(producer=producer)
    return _save_offer(offer, fields, photo)


@transaction.atomic
def offer_update(*, offer: Offer, user, photo=None, **fields) -> Offer:
    offer = _locked_own_offer(offer, user)
    return _save_offer(offer, fields, photo)


def _locked_own_offer(offer: Offer, user) -> Offer:
    """The offer, locked for this change; only its producer may change it."""
    offer = Offer.objects.select_for_update().select_related("producer").get(pk=offer.pk)
    if offer.producer.user_id != user.pk:
        raise PermissionError
    return offer


def _save_offer(offer: Offer, fields, photo) -> Offer:
    for name in OFFER_FIELDS:
        if name in fields:
            setattr(offer, name, fields[name])
    if photo:
        offer.photo = clean_image(photo)
    _check_offer(offer)
    offer.save()
    return offer


@transaction.atomic
def offer_renew(*, offer: Offer, user, days: int = RENEW_DAYS) -> Offer:
    """Two taps from Mi cuenta: the offer runs `days` more from today (or from its end)."""
    offer = _locked_own_offer(offer, user)
    if offer.status == Offer.Status.HIDDEN:
        raise ValidationError(_("La oferta está en revisión; el personal la revisará pronto."))
    today = timezone.localdate()
    offer.available_until = max(today, offer.available_until) + timedelta(days=days)
    if (offer.available_until - offer.available_from).days > MAX_OFFER_DAYS:
        offer.available_from = today
    offer.status = Offer.Status.ACTIVE
    offer.save(update_fields=["available_from", "available_until", "status", "updated_at"])
    return offer


@transaction.atomic
def offer_close(*, offer: Offer, user) -> Offer:
    offer = _locked_own_offer(offer, user)
    if offer.status != Offer.Status.HIDDEN:
        offer.status = Offer.Status.CLOSED
        offer.save(update_fields=["status", "updated_at"])
    return offer


def offers_expire(today: date | None = None) -> int:
    """Active offers whose last day has passed become expired. One UPDATE: idempotent."""
    today = today or timezone.localdate()
    return Offer.objects.filter(status=Offer.Status.ACTIVE, available_until__lt=today).update(
        status=Offer.Status.EXPIRED, updated_at=timezone.now()
    )


@transaction.atomic
def offer_report(*, offer: Offer) -> Offer:
    """An abuse report hides the offer until staff review it."""
    Offer.objects.filter(pk=offer.pk).update(reports=F("reports") + 1)
    Offer.objects.filter(pk=offer.pk, status=Offer.Status.ACTIVE).update(status=Offer.Status.HIDDEN)
    offer.refresh_from_db()
    return offer


@transaction.atomic
def offer_moderate(*, offer: Offer, visible: bool) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if visible:
        expired = offer.available_until < timezone.localdate()
        offer.status = Offer.Status.EXPIRED if expired else Offer.Status.ACTIVE
        offer.reports = 0
    else:
        offer.status = Offer.Status.HIDDEN
    offer.save(update_fields=["status", "reports", "updated_at"])
    return offer


@transaction.atomic
def contact_send(
    *, offer: Offer, name: str, email: str, body: str, phone: str = ""
) -> ContactMessage:
    """Stores the buyer's message and relays it by e-mail after commit (Reply-To: the buyer)."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.ACTIVE or offer.available_until < timezone.localdate():
        raise ValidationError(
            _("Esta oferta ya no está disponible; no se puede escribir al productor.")
        )
    message = ContactMessage(offer=offer, name=name, email=email, phone=phone, body=body)
    message.full_clean()
    message.save()
    from . import tasks

    outbox.enqueue(tasks.relay_contact_message, message.pk)
    return message


def contact_relay(message_pk: int) -> bool:
    """Sends the stored message once (a redelivered task finds it sent and does nothing)."""
    with transaction.atomic():
        message = (
            ContactMessage.objects.select_for_update()
            .select_related("offer__producer__user", "offer__product")
            .filter(pk=message_pk, sent_at__isnull=True, status=ContactMessage.Status.RELAYED)
            .first()
        )
        if message is None:
            return False
        producer = message.offer.producer
        context = {
            "message": message,
            "offer": message.offer,
            "producer": producer,
            "link": settings.SITE_URL.rstrip("/") + message.offer.get_absolute_url(),
        }
        subject = render_to_string("agroprices/email/contact_subject.txt", context).strip()
        body = render_to_string("agroprices/email/contact.txt", context)
        EmailMessage(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [producer.contact_email],
            reply_to=[message.email],
        ).send()
        message.sent_at = timezone.now()
        message.save(update_fields=["sent_at"])
    return True


@transaction.atomic
def producer_verify(*, producer: Producer) -> Producer:
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    if not producer.verified:
        producer.verified = True
        producer.verified_at = timezone.now()
        producer.save(update_fields=["verified", "verified_at"])
    return producer


def _free_username(email: str) -> str:
    User = get_user_model()
    base = slugify(email.split("@")[0])[:20] or "productor"
    name = base
    while User.objects.filter(username__iexact=name).exists():
        name = f"{base}-{secrets.token_hex(2)}"
    return name


@transaction.atomic
def producer_apply(*, email: str, products=(), photo=None, **fields) -> Producer:
    """A public application: an inactive account, an unverified producer and an invitation
    (role Productor) that lets them set a password. Staff verify before anything is public."""
    from core.accounts.services import email_in_use, invitation_create

    if email_in_use(email):
        raise ValidationError(
            {"email": _("Ya existe una cuenta con este correo; ingrese con ella.")}
        )
    User = get_user_model()
    user = User(username=_free_username(email), email=email, is_active=False)
    user.set_unusable_password()
    try:
        user.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"email": _("No se pudo crear la cuenta; intente otra vez.")}
        ) from exc
    producer = Producer(user=user, email=email, **fields)
    if photo:
        producer.photo = clean_image(photo)
    producer.full_clean(exclude=["user"])
    producer.save()
    producer.products.set(products)
    invitation_create(email=email, role=roles.PRODUCER, user=user)
    return producer


@transaction.atomic
def producer_profile_save(*, user, products=(), photo=None, **fields) -> Producer:
    """A signed-in producer (invited by staff) fills or edits their directory entry."""
    producer = Producer.objects.select_for_update().filter(user=user).first() or Producer(user=user)
    for name, value in fields.items():
        setattr(producer, name, value)
    if photo:
        producer.photo = clean_image(photo)
    producer.full_clean(exclude=["user"])
    producer.save()
    producer.products.set(products)
    return producer
