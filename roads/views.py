from dataclasses import replace

from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import idempotency, pagecache, ratelimit, report_services
from core.forms import over_limit, save_form
from core.pagination import paginate

from . import exports, selectors
from .forms import DashboardFilterForm, RoadReportForm, sort_key
from .models import Branch, RoadReport

PAGE_SIZE = 25
FIRST_EXPORT_YEAR = 1950


def _filters(request):
    form = DashboardFilterForm(request.GET or None)
    return form, form.filters()


COLUMNS = [
    ("parroquia", gettext_lazy("Parroquia / Sector"), False),
    ("cod", gettext_lazy("COD"), False),
    ("ramal", gettext_lazy("Ramal"), False),
    ("km", gettext_lazy("Extensión (km)"), True),
    ("anio", gettext_lazy("Último mantenimiento"), True),
    ("necesidad", gettext_lazy("Necesidad"), False),
]


def _columns(sort):
    """Header links: a click sorts by the column, a second click reverses it."""
    columns = []
    for key, label, numeric in COLUMNS:
        state = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        columns.append(
            {
                "key": key,
                "label": label,
                "numeric": numeric,
                "aria_sort": state,
                "next": f"-{key}" if sort == key else key,
            }
        )
    return columns


def index(request):
    form, filters = _filters(request)
    sort = sort_key(request.GET.get("orden", "cod"))
    paged = paginate(request, selectors.branch_table(filters, sort), PAGE_SIZE)
    sort_query = QueryDict(paged["query"], mutable=True)
    sort_query.pop("orden", None)
    context = {
        "form": form,
        "filters": filters,
        "figures": selectors.dashboard_figures(filters),
        "need_levels": selectors.need_level_counts(filters),
        "worked_by_year": selectors.worked_by_year(filters),
        **paged,
        "sort": sort,
        "sort_query": sort_query.urlencode(),
        "map": selectors.branch_overview_map(filters),
        "columns": _columns(sort),
    }
    return render(request, "roads/index.html", context)


def branch_detail(request, code):
    try:
        branch = selectors.branch_detail(code)
    except Branch.DoesNotExist as exc:
        raise Http404 from exc
    interventions = branch.interventions.order_by("-end_date", "-pk")
    reports = branch.reports.filter(is_hidden=False).order_by("-created_at")[:20]
    # Who changed it stays internal (admin); what changed and when is public.
    changes = branch.history.only(
        "history_date", "history_change_reason", "length_km", "need_level", "condition", "surface"
    ).order_by("-history_date")[:20]
    return render(
        request,
        "roads/branch_detail.html",
        {"branch": branch, "interventions": interventions, "reports": reports, "changes": changes},
    )


def export_branches(request):
    _form, filters = _filters(request)
    return exports.branches_response(filters, request.GET.get("format", "csv"))


def export_interventions(request):
    _form, filters = _filters(request)
    if not (request.GET.get("desde") or request.GET.get("hasta")):
        # The open-data download is the whole record unless a period is asked for.
        filters = replace(filters, year_from=FIRST_EXPORT_YEAR, year_to=timezone.localdate().year)
    return exports.interventions_response(filters, request.GET.get("format", "csv"))


@idempotency.idempotent_form
def report_create(request):
    initial = {}
    if request.GET.get("ramal"):
        initial["branch_code"] = request.GET["ramal"]
    form = RoadReportForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        too_many = _("Demasiados reportes seguidos. Intente de nuevo en una hora.")
        if over_limit(form, f"roads-report:{ip}", (10, 3600), too_many):
            status = 429
        elif report := save_form(form, lambda: _file_report(form, ip)):
            return redirect(report.get_absolute_url() + "?nuevo=1")
        else:
            status = 400
    context = {
        "form": form,
        "map_html": pagecache.fragment("roads-pick-map", ("roads",), _pick_map),
    }
    return render(request, "roads/report_form.html", context, status=status)


def _file_report(form, ip):
    fields, photos = form.report_fields(), form.cleaned_data["photos"]
    return report_services.report_file(model=RoadReport, fields=fields, photos=photos, ip=ip)


def _pick_map() -> str:
    """905 branches as tappable lines (184 KB): the same for everyone, so rendered once."""
    context = {"map": selectors.branch_map(selectors.DashboardFilters()), "pick": True}
    return render_to_string("roads/_map.html", context)


def branch_search(request):
    """JSON for the report form's branch picker (code, name or parish); 20 at most."""
    return JsonResponse({"results": selectors.branch_search(request.GET.get("q", ""))})


def _public_reports():
    return RoadReport.objects.filter(is_hidden=False).select_related("branch", "parish")


def report_list(request):
    reports = _public_reports().order_by("-created_at", "-pk")
    return render(request, "roads/report_list.html", paginate(request, reports, PAGE_SIZE))


def report_detail(request, code):
    # A report waiting for approval opens for whoever holds its code (its filer).
    report = get_object_or_404(
        RoadReport.objects.filter(report_services.followable_by_code())
        .select_related("branch", "parish")
        .select_related("resolved_by__branch")
        .prefetch_related("events", "photos"),
        tracking_code=code,
    )
    return render(
        request,
        "roads/report_detail.html",
        {"report": report, "just_filed": request.GET.get("nuevo") == "1"},
    )
