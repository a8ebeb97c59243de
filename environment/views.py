import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import idempotency, ratelimit
from core.codes import normalise_tracking_code
from core.datasets import download_view
from core.forms import apply_errors, over_limit, save_form

from . import selectors, services
from .forms import DeliveryForm, SeedlingRequestForm
from .models import DeliveryLine, Nursery, NurseryStock, RequestStatus, SeedlingRequest, Species

REQUEST_LIMIT = (5, 3600)  # public request submissions per IP per hour


def index(request):
    return render(request, "environment/index.html", {"figures": selectors.public_figures()})


def figures(request):
    years = selectors.delivery_years()
    try:
        year = int(request.GET.get("anio", "")) or None
    except ValueError:
        year = None
    if year not in years:
        year = None
    sites = selectors.planting_sites(year)
    context = {
        "years": years,
        "year": year,
        "figures": selectors.public_figures(year),
        "by_species": selectors.delivered_by_species(year),
        "by_parish": selectors.delivered_by_parish(year),
        "by_year": selectors.delivered_by_year(),
        "survival_species": selectors.survival_by_species(year),
        "survival_parish": selectors.survival_by_parish(year),
        "sites": sites,
        "map": selectors.map_geometry(sites),
    }
    return render(request, "environment/figures.html", context)


def species_list(request):
    species = Species.objects.filter(is_active=True).annotate(
        delivered=Sum("delivery_lines__quantity")
    )
    return render(request, "environment/species_list.html", {"species": species})


def nursery_list(request):
    nurseries = (
        Nursery.objects.filter(is_active=True)
        .select_related("parish")
        .prefetch_related(
            Prefetch(
                "stock",
                queryset=NurseryStock.objects.filter(quantity__gt=0)
                .select_related("species")
                .order_by("species__common_name"),
                to_attr="available",
            )
        )
    )
    return render(request, "environment/nursery_list.html", {"nurseries": nurseries})


@idempotency.idempotent_form
def request_create(request):
    form = SeedlingRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        key = f"env-request:{ratelimit.client_ip(request)}"
        too_many = _("Demasiadas solicitudes seguidas. Intente de nuevo en una hora.")
        if over_limit(form, key, REQUEST_LIMIT, too_many):
            status = 429
        elif saved := save_form(form, lambda: services.request_submit(**form.service_kwargs())):
            return redirect(saved.get_absolute_url() + "?nueva=1")
        else:
            status = 400
    return render(request, "environment/request_form.html", {"form": form}, status=status)


def request_track(request, code):
    seedling_request = get_object_or_404(
        SeedlingRequest.objects.select_related("parish").prefetch_related(
            "lines__species",
            Prefetch("deliveries__lines", queryset=DeliveryLine.objects.select_related("species")),
        ),
        tracking_code=normalise_tracking_code(code),
    )
    context = {
        "req": seedling_request,
        "is_new": request.GET.get("nueva") == "1",
        "survival": selectors.request_survival(seedling_request),
        "can_deliver": rules.test_rule("core.is_portal_staff", request.user)
        and seedling_request.status in (RequestStatus.APPROVED, RequestStatus.DELIVERED),
    }
    return render(request, "environment/request_track.html", context)


def delivery_create(request, code):
    if not rules.test_rule("core.is_portal_staff", request.user):
        raise PermissionDenied
    seedling_request = get_object_or_404(SeedlingRequest, tracking_code=code)
    lines = seedling_request.lines.select_related("species")
    form = DeliveryForm(
        request.POST or None,
        request_lines=lines,
        initial={"delivered_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delivery_record(
                request=seedling_request,
                nursery=form.cleaned_data["nursery"],
                lines=form.lines(),
                delivered_on=form.cleaned_data["delivered_on"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Entrega registrada."))
            return redirect(seedling_request.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "environment/delivery_form.html",
        {"form": form, "req": seedling_request},
        status=status,
    )


# --- Open data ---------------------------------------------------------------------------


export_deliveries = download_view("environment.deliveries", "entregas-plantulas")
export_species = download_view("environment.species", "especies-forestales")
export_survival = download_view("environment.survival", "supervivencia-plantaciones")
