import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.datasets import download_view
from core.flash import flash_outcome

from . import levels, selectors, services
from .decisions import LessonsLearned, decisions_for_commitment
from .forms import AssessmentForm, FromProposalForm
from .models import ActionPlan, Assessment, Commitment


def _dashboard(request, plan):
    commitments = list(selectors.plan_commitments(plan)) if plan else []
    return render(
        request,
        "commitments/plan.html",
        {
            "plan": plan,
            "commitments": commitments,
            "history": selectors.plan_history(plan, commitments) if plan else [],
            "plans": ActionPlan.objects.only("slug", "title", "period_start"),
            "levels": levels.ALL,
            "inclusion": selectors.plan_inclusion(plan) if plan else None,
            "has_lessons": bool(plan) and LessonsLearned.objects.filter(plan=plan).exists(),
            "awaiting": list(selectors.proposals_awaiting_commitment())
            if rules.test_rule("core.is_portal_staff", request.user)
            else [],
        },
    )


def plan_lessons(request, slug):
    plan = get_object_or_404(ActionPlan, slug=slug)
    lessons = LessonsLearned.objects.filter(plan=plan).first()
    return render(request, "commitments/lessons.html", {"plan": plan, "lessons": lessons})


def index(request):
    return _dashboard(request, selectors.current_plan())


def plan_detail(request, slug):
    return _dashboard(request, get_object_or_404(ActionPlan, slug=slug))


def commitment_detail(request, pk):
    try:
        commitment = selectors.commitment_for_page(pk)
    except Commitment.DoesNotExist as exc:
        raise Http404 from exc
    milestones = list(commitment.milestones.all())
    timeline = list(selectors.commitment_timeline(commitment))
    series = selectors.progress_series(commitment, milestones, timeline)
    try:
        assessment = commitment.assessment
    except Commitment.assessment.RelatedObjectDoesNotExist:
        assessment = None
    return render(
        request,
        "commitments/detail.html",
        {
            "commitment": commitment,
            "milestones": milestones,
            "decision_links": list(decisions_for_commitment(commitment)),
            "indicators": list(commitment.indicators.all()),
            "indicator_charts": [
                {
                    "title": f"{indicator.name} ({indicator.unit})",
                    "series": [
                        {
                            "label": indicator.name,
                            "points": [(v.date, v.value) for v in values],
                        },
                        {
                            "label": _("Meta"),
                            "points": [(v.date, indicator.target) for v in values],
                        },
                    ],
                }
                for indicator in commitment.indicators.all()
                if len(values := list(indicator.values.all())) > 1
            ],
            "timeline": timeline,
            "chart_series": [{"label": _("Avance del compromiso"), "points": series}],
            "assessment": assessment,
            "proposals": list(commitment.proposals.all()),
            "co_implementers": list(commitment.co_implementers.all()),
            "can_assess": (
                rules.test_rule("core.is_forum_member", request.user)
                or rules.test_rule("core.is_forum_moderator", request.user)
            )
            and commitment.status == Commitment.Status.FINISHED,
            "can_confirm": rules.test_rule("core.is_forum_moderator", request.user),
        },
    )


@login_required
def assessment_edit(request, pk):
    commitment = get_object_or_404(Commitment.objects.select_related("plan"), pk=pk)
    if not (
        rules.test_rule("core.is_forum_member", request.user)
        or rules.test_rule("core.is_forum_moderator", request.user)
    ):
        raise PermissionDenied
    instance = Assessment.objects.filter(commitment=commitment).first()
    form = AssessmentForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(commitment=commitment, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages if hasattr(exc, "messages") else str(exc))
        else:
            messages.success(request, _("Evaluación registrada."))
            return redirect(commitment)
    return render(request, "commitments/assess.html", {"commitment": commitment, "form": form})


@login_required
@require_POST
def assessment_confirm(request, pk):
    commitment = get_object_or_404(Commitment, pk=pk)
    flash_outcome(
        request,
        lambda: services.assessment_confirm(commitment=commitment, by=request.user),
        _("Evaluación confirmada como la del Foro."),
    )
    return redirect(commitment)


export_commitments = download_view("commitments.commitments", "compromisos")
export_milestones = download_view("commitments.milestones", "hitos")
export_history = download_view("commitments.history", "historial_avance")


def from_proposal(request, proposal_pk):
    """Staff: turn a selected proposal into a commitment of a plan."""
    from proposals.models import Proposal

    if not rules.test_rule("core.is_portal_staff", request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    proposal = get_object_or_404(Proposal, pk=proposal_pk)
    form = FromProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            commitment = services.commitment_from_proposal(
                proposal=proposal, plan=form.cleaned_data["plan"], by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Compromiso creado; complete su ficha y sus hitos."))
            return redirect("admin:commitments_commitment_change", commitment.pk)
    return render(request, "commitments/from_proposal.html", {"proposal": proposal, "form": form})
