from datetime import timedelta

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import datasets, idempotency, registry
from core.flash import flash_outcome

from . import producers_selectors, selectors, services
from .forms import REMEMBERED, ExportFilterForm, ObservationForm
from .models import PriceObservation, Product

SESSION_KEY = "agroprices_collector"


def _price_type(request):
    types = selectors.price_types()
    chosen = request.GET.get("tipo")
    for price_type in types:
        if price_type.code == chosen:
            return price_type, types
    default = next((t for t in types if t.code == "productor"), types[0] if types else None)
    return default, types


def index(request):
    price_type, types = _price_type(request)
    week = selectors.reference_week(price_type) if price_type else None
    context = {
        "price_type": price_type,
        "price_types": types,
        "week": week,
        "week_end": week + timedelta(days=6) if week else None,
        "board": selectors.weekly_board(price_type, week) if price_type else [],
        "today": selectors.todays_prices(price_type) if price_type else [],
        "can_collect": rules.test_rule("agroprices.can_collect", request.user),
        "sell_direct": producers_selectors.sell_direct_entries(),
    }
    return render(request, "agroprices/index.html", context)


def product_detail(request, slug):
    product = get_object_or_404(Product.objects.select_related("standard_unit"), slug=slug)
    price_type, types = _price_type(request)
    week = selectors.reference_week(price_type)
    context = {
        "product": product,
        "price_type": price_type,
        "price_types": types,
        "series": selectors.chart_series(product, price_type),
        "where": selectors.where_to_sell(product, price_type, since=week - timedelta(days=7)),
        "week": week,
    }
    return render(request, "agroprices/product_detail.html", context)


@idempotency.idempotent_form
@login_required
def collect(request):
    if not rules.test_rule("agroprices.can_collect", request.user):
        raise PermissionDenied
    remembered = request.session.get(SESSION_KEY, {})
    form = ObservationForm(request.POST or None, remembered=remembered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            observation = services.observation_submit(
                **data,
                collector=request.user,
                source=(
                    PriceObservation.Source.STAFF
                    if rules.test_rule("core.is_portal_staff", request.user)
                    else PriceObservation.Source.COLLECTOR
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[SESSION_KEY] = {name: data[name].pk for name in REMEMBERED}
            if observation.flags:
                messages.warning(
                    request,
                    _("Precio recibido; queda en revisión por: %(reasons)s.")
                    % {"reasons": "; ".join(str(r) for r in observation.flag_labels())},
                )
            else:
                messages.success(request, _("Precio publicado. Gracias."))
            return redirect("agroprices:collect")
    recent = [
        o
        for o in PriceObservation.objects.filter(collector=request.user)
        .select_related("product", "market", "unit")
        .order_by("-created_at")[:10]
    ]
    for o in recent:
        o.editable = services.observation_editable_by(o, request.user)
    return render(request, "agroprices/collect.html", {"form": form, "recent": recent})


def _collector(request):
    if not rules.test_rule("agroprices.can_collect", request.user):
        raise PermissionDenied


@login_required
def collect_correct(request, pk):
    _collector(request)
    observation = get_object_or_404(PriceObservation, pk=pk)
    if not services.observation_editable_by(observation, request.user):
        raise PermissionDenied
    initial = {
        name: getattr(observation, name)
        for name in ("product", "market", "price_type", "unit", "date", "price")
    }
    form = ObservationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.observation_correct(
                observation_pk=observation.pk, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Precio corregido."))
            return redirect("agroprices:collect")
    return render(request, "agroprices/collect.html", {"form": form, "correcting": observation})


@login_required
@require_POST
def collect_withdraw(request, pk):
    _collector(request)
    flash_outcome(
        request,
        lambda: services.observation_withdraw(observation_pk=pk, by=request.user),
        _("Precio retirado."),
    )
    return redirect("agroprices:collect")


def _filters(request):
    form = ExportFilterForm(request.GET)
    if not form.is_valid():
        return None, form
    return form.cleaned_data, form


def export(request):
    filters, form = _filters(request)
    if filters is None:
        return JsonResponse({"errors": form.errors}, status=400)
    where = {}
    if filters.get("product"):
        where["product__slug"] = filters["product"]
    if filters.get("market"):
        where["market__slug"] = filters["market"]
    ds = registry.datasets.get("agroprices.observations")
    return datasets.download(request, ds, request.GET.get("format", "csv"), "agroprecios", where)


def export_hdx(request, hxl=True):
    """WFP/HDX drop-in CSV; `hxl=False` is the plain variant (no hashtag row) that the
    Data Package describes, since a schema-typed reader would take the tags for data."""
    from . import hdx

    filters, form = _filters(request)
    if filters is None:
        return JsonResponse({"errors": form.errors}, status=400)
    if request.GET.get("format", "csv") != "csv":
        return HttpResponseBadRequest(_("El formato WFP/HDX solo está disponible en CSV."))
    qs = selectors.export_queryset(**filters)
    name = "agroprecios_hdx" if hxl else "agroprecios_wfp"
    return hdx.response(qs, hxl=hxl, filename=name)


def export_hdx_plain(request):
    return export_hdx(request, hxl=False)


export_production = datasets.download_view("agroprices.production", "produccion_agricola")


def datapackage(request):
    from .datapackage import descriptor

    body = descriptor(request.build_absolute_uri(reverse("agroprices:export-hdx-plain")))
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})


def production(request):
    return render(
        request, "agroprices/production.html", {"totals": list(selectors.production_totals()[:200])}
    )


def import_status(request, pk):
    """Moved to the shared import admin (core.import_admin); the old address still answers."""
    return redirect("admin:agroprices_importjob_status", pk=pk)
