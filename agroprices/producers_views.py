"""Public pages of the producers' directory and offers, and the producer's own pages."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import ratelimit
from core.flash import flash_outcome
from core.forms import apply_errors

from . import producers_selectors as selectors
from . import producers_services as services
from .models import Offer, Producer
from .producers_forms import (
    ContactForm,
    OfferFilterForm,
    OfferForm,
    ProducerApplyForm,
    ProducerProfileForm,
)

CONTACT_LIMIT = (5, 3600)  # messages per address per hour
REPORT_LIMIT = (10, 3600)
APPLY_LIMIT = (5, 3600)
PAGE = 30


def offer_list(request):
    form = OfferFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    offers = selectors.public_offers(
        product=filters.get("producto"), parish=filters.get("parroquia")
    )[:PAGE]
    return render(
        request,
        "agroprices/offers/list.html",
        {"form": form, "offers": selectors.with_reference(offers)},
    )


def _visible_offer(pk):
    offer = get_object_or_404(
        Offer.objects.select_related(
            "product", "product__standard_unit", "unit", "parish", "producer", "producer__user"
        ),
        pk=pk,
    )
    return offer


def offer_detail(request, pk, form=None):
    offer = _visible_offer(pk)
    is_owner = request.user.is_authenticated and offer.producer.user_id == request.user.pk
    if not (selectors.offer_visible(offer) or is_owner):
        raise Http404
    selectors.with_reference([offer])
    context = {
        "offer": offer,
        "is_owner": is_owner,
        "form": form or ContactForm(),
        "open": offer.status == Offer.Status.ACTIVE,
    }
    return render(request, "agroprices/offers/detail.html", context, status=400 if form else 200)


@require_POST
def offer_contact(request, pk):
    offer = _visible_offer(pk)
    if not selectors.offer_visible(offer):
        raise Http404
    form = ContactForm(request.POST)
    if not form.is_valid():
        return offer_detail(request, pk, form=form)
    if form.cleaned_data["website"]:  # a bot filled the hidden field: pretend, keep nothing
        messages.success(request, _("Mensaje enviado al productor."))
        return redirect(offer)
    if not ratelimit.hit(f"offers:contact:{ratelimit.client_ip(request)}", *CONTACT_LIMIT):
        form.add_error(None, _("Demasiados mensajes desde esta conexión; intente más tarde."))
        return offer_detail(request, pk, form=form)
    data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
    try:
        services.contact_send(offer=offer, **data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return offer_detail(request, pk, form=form)
    messages.success(
        request,
        _("Mensaje enviado al productor. Le responderá a su correo."),
    )
    return redirect(offer)


@require_POST
def offer_report(request, pk):
    offer = _visible_offer(pk)
    if not selectors.offer_visible(offer):
        raise Http404
    if ratelimit.hit(f"offers:report:{ratelimit.client_ip(request)}", *REPORT_LIMIT):
        services.offer_report(offer=offer)
    messages.success(request, _("Gracias. La oferta queda oculta hasta que el personal la revise."))
    return redirect("agroprices:offers")


def producer_detail(request, pk):
    producer = get_object_or_404(
        Producer.objects.select_related("parish", "community", "user").prefetch_related("products"),
        pk=pk,
        verified=True,
    )
    offers = selectors.with_reference(selectors.public_offers().filter(producer=producer))
    return render(
        request, "agroprices/offers/producer.html", {"producer": producer, "offers": offers}
    )


def producer_apply(request):
    form = ProducerApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.pop("website"):
            return render(request, "agroprices/offers/apply_sent.html")
        if not ratelimit.hit(f"producers:apply:{ratelimit.client_ip(request)}", *APPLY_LIMIT):
            form.add_error(
                None, _("Demasiadas solicitudes desde esta conexión; intente más tarde.")
            )
        else:
            photo = data.pop("photo_upload", None)
            try:
                services.producer_apply(photo=photo, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return render(
                    request, "agroprices/offers/apply_sent.html", {"email": data["email"]}
                )
    return render(request, "agroprices/offers/apply.html", {"form": form})


def _producer_of(user):
    producer = Producer.objects.filter(user=user).first()
    if producer is None and not rules.test_rule("agroprices.can_offer", user):
        raise PermissionDenied
    return producer


@login_required
def my_offers(request):
    producer = _producer_of(request.user)
    if producer is None:
        return redirect("agroprices:my-profile")
    offers = producer.offers.select_related("product", "unit", "parish")
    return render(request, "agroprices/offers/mine.html", {"producer": producer, "offers": offers})


@login_required
def my_profile(request):
    producer = _producer_of(request.user)
    form = ProducerProfileForm(request.POST or None, request.FILES or None, instance=producer)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photo = data.pop("photo_upload", None)
        try:
            services.producer_profile_save(user=request.user, photo=photo, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Datos de productor guardados."))
            return redirect("agroprices:my-offers")
    return render(request, "agroprices/offers/profile.html", {"form": form, "producer": producer})


def _own_offer(request, pk) -> Offer:
    # Another producer's offer is a 404: its existence is nobody else's business.
    return get_object_or_404(
        Offer.objects.select_related("producer", "product"), pk=pk, producer__user=request.user
    )


@login_required
def offer_edit(request, pk=None):
    producer = _producer_of(request.user)
    if producer is None:
        return redirect("agroprices:my-profile")
    offer = _own_offer(request, pk) if pk else None
    initial = {"parish": producer.parish_id}
    if offer is not None:
        initial = {name: getattr(offer, name) for name in services.OFFER_FIELDS}
    form = OfferForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if offer is None:
                offer = services.offer_create(producer=producer, **data)
                messages.success(request, _("Oferta publicada."))
            else:
                services.offer_update(offer=offer, user=request.user, **data)
                messages.success(request, _("Oferta actualizada."))
        except ValidationError as exc:
            apply_errors(form, exc)
            offer = None if pk is None else offer
        else:
            return redirect(offer)
    return render(request, "agroprices/offers/edit.html", {"form": form, "offer": offer})


@login_required
@require_POST
def offer_renew(request, pk):
    offer = _own_offer(request, pk)
    flash_outcome(
        request,
        lambda: services.offer_renew(offer=offer, user=request.user),
        lambda renewed: (
            _("Oferta renovada hasta el %(date)s.")
            % {"date": renewed.available_until.strftime("%d/%m/%Y")}
        ),
    )
    return redirect(request.POST.get("next") == "mine" and "agroprices:my-offers" or offer)


@login_required
@require_POST
def offer_close(request, pk):
    offer = _own_offer(request, pk)
    services.offer_close(offer=offer, user=request.user)
    messages.success(request, _("Oferta cerrada."))
    return redirect("agroprices:my-offers")


def staff_figures(request):
    if not rules.test_rule("agroprices.can_review", request.user):
        raise PermissionDenied
    return render(request, "agroprices/offers/figures.html", selectors.staff_figures())
