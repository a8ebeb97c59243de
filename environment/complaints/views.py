"""Public complaint pages: file (phone-friendly form), confirm, list with map, detail, export."""

from decimal import Decimal, InvalidOperation

import rules
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import datasets, idempotency, ratelimit, registry
from core.exports import tabular_response
from core.forms import over_limit, save_form
from core.pagination import paginate

from . import selectors, services
from .filters import ComplaintPageFilter
from .forms import ComplaintForm

SESSION_KEY = "environment_complaint_filed"


@idempotency.idempotent_form(shows=())
@require_http_methods(["GET", "POST"])
def complaint_create(request):
    form = ComplaintForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        ip = ratelimit.client_ip(request)
        limit = services.PUBLIC_RATE_LIMIT, services.PUBLIC_RATE_PERIOD
        too_many = _("Recibimos varias denuncias seguidas desde su conexión. Intente en una hora.")
        if not request.user.is_authenticated and over_limit(
            form, f"complaint:{ip}", limit, too_many
        ):
            status = 429
        elif complaint := save_form(
            form,
            lambda: services.complaint_file(
                fields=form.report_fields(), photos=form.cleaned_data["photos"], ip=ip
            ),
        ):
            request.session[SESSION_KEY] = complaint.tracking_code
            return redirect("environment:complaint-filed")
    if request.method == "POST" and status == 200 and form.errors:
        status = 400
    # Browsers never refill a file input: say so when the chosen photos were dropped.
    photos_dropped = bool(form.errors) and bool(request.FILES.getlist("photos"))
    context = {"form": form, "photos_dropped": photos_dropped}
    return render(request, "environment/complaints/form.html", context, status=status)


def _decimal(value, low, high):
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() and low <= number <= high else None


@require_http_methods(["GET"])
def complaint_nearby(request):
    """JSON for the form: open complaints near the point (or in the parish) being reported."""
    parish = request.GET.get("parroquia", "")
    found = selectors.nearby_open(
        latitude=_decimal(request.GET.get("lat"), -90, 90),
        longitude=_decimal(request.GET.get("lon"), -180, 180),
        parish_id=int(parish) if parish.isdigit() and len(parish) < 10 else None,
    )
    return JsonResponse(
        {
            "results": [
                {
                    "code": c.tracking_code,
                    "category": c.get_category_display(),
                    "parish": c.parish.name if c.parish_id else "",
                    "date": date_format(timezone.localtime(c.created_at), "SHORT_DATE_FORMAT"),
                    "url": c.get_absolute_url(),
                }
                for c in found
            ]
        }
    )


def complaint_filed(request):
    """Confirmation shown once to whoever filed it (the code comes from their session)."""
    code = request.session.get(SESSION_KEY)
    if not code:
        return redirect("environment:complaint-list")
    complaint = selectors.complaint_for_page(code, staff=True)
    if complaint is None:
        return redirect("environment:complaint-list")
    return render(request, "environment/complaints/filed.html", {"complaint": complaint})


PAGE_SIZE = 20


def complaint_list(request):
    page_filter = ComplaintPageFilter(request.GET or None, queryset=selectors.public_complaints())
    filters, complaints = page_filter.form, page_filter.qs
    paged = paginate(request, complaints.order_by("-created_at", "-pk"), PAGE_SIZE)
    context = {
        "filters": filters,
        **paged,
        "plot": selectors.plot(selectors.map_points(complaints)),
        "by_category": selectors.by_category(complaints),
        "total": paged["page"].paginator.count,
    }
    return render(request, "environment/complaints/list.html", context)


def complaint_detail(request, code):
    staff = rules.test_rule("core.is_portal_staff", request.user)
    complaint = selectors.complaint_for_page(code, staff=staff)
    if complaint is None:
        raise Http404
    if staff:
        photos = complaint.photos.all()
    else:  # a complaint waiting for approval shows its photos once approved
        photos = [] if complaint.is_hidden else complaint.public_photos
    return render(
        request,
        "environment/complaints/detail.html",
        {"complaint": complaint, "photos": photos, "staff": staff},
    )


def complaint_export(request):
    complaints = ComplaintPageFilter(request.GET or None, queryset=selectors.public_complaints()).qs
    ds = registry.datasets.get("environment.complaints")
    where = Q(pk__in=complaints.values("pk"))
    if datasets.throttled(request):
        return datasets.too_many()
    rows = ds.iter_rows(where=where)
    fmt = request.GET.get("format", "csv")
    return tabular_response(ds.column_names, rows, fmt, "denuncias-ambientales")
