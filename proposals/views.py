import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import idempotency, ratelimit
from core.datasets import download_view
from core.exports import tabular_response
from core.flash import flash_outcome
from core.forms import apply_errors, over_limit, save_form
from core.pagination import paginate

from . import selectors, services
from .filters import ProposalFilter
from .forms import ProposalForm, ScorecardForm
from .models import Consultation, Proposal

SUBMIT_LIMIT = (5, 3600)  # proposals per IP per hour
PAGE_SIZE = 20


def index(request):
    filterset = ProposalFilter(request.GET or None, queryset=selectors.public_proposals())
    consultations = list(Consultation.objects.order_by("-opens_on"))
    context = {
        "filter": filterset,
        **paginate(request, filterset.qs, PAGE_SIZE),
        "open_consultations": [c for c in consultations if c.is_open],
        "consultations": consultations,
    }
    return render(request, "proposals/index.html", context)


def consultation_detail(request, slug):
    consultation = get_object_or_404(
        selectors.consultations_with_counts().prefetch_related("themes", "criteria"), slug=slug
    )
    can_view_matrix = rules.test_rule("proposals.view_matrix", request.user, consultation)
    return render(
        request,
        "proposals/consultation_detail.html",
        {"consultation": consultation, "can_view_matrix": can_view_matrix},
    )


@idempotency.idempotent_form
def proposal_create(request, slug):
    consultation = get_object_or_404(Consultation, slug=slug)
    if not consultation.is_open:
        return render(
            request,
            "proposals/consultation_closed.html",
            {"consultation": consultation},
            status=410,
        )
    form = ProposalForm(request.POST or None, consultation=consultation)
    status = 200
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        too_many = _("Demasiados envíos seguidos desde su conexión. Intente más tarde.")
        if over_limit(form, f"proposals:submit:{ip}", SUBMIT_LIMIT, too_many):
            status = 429
        elif proposal := save_form(
            form,
            lambda: services.proposal_submit(
                consultation=consultation, fields=form.proposal_fields(), ip=ip, user=request.user
            ),
        ):
            return redirect("proposals:submitted", code=proposal.tracking_code)
        else:
            status = 400
    context = {"form": form, "consultation": consultation}
    return render(request, "proposals/proposal_form.html", context, status=status)


def proposal_submitted(request, code):
    proposal = get_object_or_404(Proposal, tracking_code=code)
    return render(request, "proposals/submitted.html", {"proposal": proposal})


def proposal_detail(request, pk):
    proposal = selectors.proposal_for_public(pk)
    if proposal is None:
        raise Http404
    supported = (
        request.user.is_authenticated and proposal.supports.filter(user=request.user).exists()
    )
    can_score = rules.test_rule("proposals.score", request.user, proposal.consultation)
    context = {
        "proposal": proposal,
        "supported": supported,
        "result": selectors.proposal_matrix_result(proposal),
        "can_score": can_score,
        "scored": can_score and proposal.scorecards.filter(member=request.user).exists(),
    }
    return render(request, "proposals/proposal_detail.html", context)


@require_POST
@login_required
def proposal_support(request, pk):
    proposal = get_object_or_404(Proposal, pk=pk)
    flash_outcome(
        request,
        lambda: services.proposal_support(proposal=proposal, user=request.user),
        _("Gracias: su apoyo quedó registrado."),
    )
    return redirect(proposal.get_absolute_url())


def track(request):
    """The portal has one tracking page; the old address keeps working."""
    query = request.GET.urlencode()
    return redirect(reverse("core:track") + (f"?{query}" if query else ""))


def track_code(request, code):
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "consultation", "theme", "parish", "duplicate_of"
        ).prefetch_related("events"),
        tracking_code=code,
    )
    context = {"proposal": proposal, "result": selectors.proposal_matrix_result(proposal)}
    return render(request, "proposals/track_result.html", context)


def _matrix_consultation(request, slug):
    consultation = get_object_or_404(Consultation, slug=slug)
    if not rules.test_rule("proposals.view_matrix", request.user, consultation):
        return consultation, False
    return consultation, True


def matrix(request, slug):
    consultation, allowed = _matrix_consultation(request, slug)
    if not allowed:
        return render(
            request, "proposals/matrix_forbidden.html", {"consultation": consultation}, status=403
        )
    criteria = list(consultation.criteria.all())
    can_score = rules.test_rule("proposals.score", request.user, consultation)
    mine = selectors.member_scorecards(consultation, request.user) if can_score else {}
    rows = selectors.matrix_rows(consultation)
    for row in rows:
        row["mine"] = mine.get(row["proposal"].pk)
    context = {
        "consultation": consultation,
        "criteria": criteria,
        "rows": rows,
        "can_score": can_score,
        "scored": sum(1 for row in rows if row["mine"] is not None),
    }
    return render(request, "proposals/matrix.html", context)


def matrix_export(request, slug):
    consultation, allowed = _matrix_consultation(request, slug)
    if not allowed:
        return render(
            request, "proposals/matrix_forbidden.html", {"consultation": consultation}, status=403
        )
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx", "json"):
        fmt = "invalid"
    columns, rows = selectors.matrix_table(consultation)
    return tabular_response(columns, rows, fmt, f"matriz-{consultation.slug}")


@idempotency.idempotent_form
def scorecard(request, pk):
    proposal = get_object_or_404(
        Proposal.objects.public().select_related("consultation", "theme"), pk=pk
    )
    consultation = proposal.consultation
    if not rules.test_rule("core.is_forum_member", request.user):
        return render(
            request, "proposals/matrix_forbidden.html", {"consultation": consultation}, status=403
        )
    existing = proposal.scorecards.filter(member=request.user).prefetch_related("scores").first()
    initial = {}
    if existing:
        initial = {f"criterion_{s.criterion_id}": s.value for s in existing.scores.all()}
        initial["comment"] = existing.comment
    form = ScorecardForm(
        request.POST or None, initial=initial, criteria=consultation.criteria.all()
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.scorecard_save(
                    proposal=proposal,
                    member=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                following = selectors.next_unscored(proposal, request.user)
                if following is None:
                    messages.success(
                        request, _("Puntaje guardado. Ya puntuó todas las propuestas.")
                    )
                    url = reverse("proposals:matrix", args=[consultation.slug])
                    return redirect(f"{url}#propuesta-{proposal.pk}")
                messages.success(
                    request,
                    _("Puntaje guardado. Siguiente propuesta sin su puntaje: %(title)s")
                    % {"title": following.title},
                )
                return redirect("proposals:score", pk=following.pk)
        status = 400
    context = {
        "proposal": proposal,
        "consultation": consultation,
        "form": form,
        "existing": existing,
    }
    return render(request, "proposals/scorecard.html", context, status=status)


dataset_proposals = download_view("proposals.published", "propuestas-publicadas")
dataset_matrix = download_view("proposals.matrix", "matriz-resultados")
