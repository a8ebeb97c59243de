"""Staff screens. Status, selection and scores move only through services (rules, timeline)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.admin_base import RecordAdmin, RecordInline, step_page
from core.forms import apply_errors
from core.moderation_admin import ModerationActions, ReviewFilter

from . import services
from .forms import ModerationForm
from .models import (
    Consultation,
    Criterion,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Score,
    Scorecard,
    Support,
    Theme,
)


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


class CriterionInline(admin.TabularInline):
    """Criteria are fixed once scoring began: stored weighted scores depend on them."""

    model = Criterion
    extra = 0
    fields = ["order", "name", "description", "weight", "scale_min", "scale_max"]

    def _scoring_began(self, obj):
        return obj is not None and Scorecard.objects.filter(proposal__consultation=obj).exists()

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._scoring_began(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._scoring_began(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._scoring_began(obj)


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_on", "closes_on", "matrix_closed_at"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["matrix_closed_at", "outcome_published_at", "created_at"]
    inlines = [ThemeInline, CriterionInline]
    actions = ["close_matrix", "reopen_matrix", "publish_outcome"]

    def _run(self, request, queryset, service, done):
        for consultation in queryset:
            try:
                service(consultation=consultation, by=request.user)
            except ValidationError as exc:
                self.message_user(
                    request, f"{consultation}: {' '.join(exc.messages)}", messages.ERROR
                )
            else:
                self.message_user(request, f"{consultation}: {done}", messages.SUCCESS)

    @admin.action(description=_("Cerrar la matriz (publica los resultados)"))
    def close_matrix(self, request, queryset):
        self._run(request, queryset, services.matrix_close, _("matriz cerrada."))

    @admin.action(description=_("Reabrir la matriz"))
    def reopen_matrix(self, request, queryset):
        self._run(request, queryset, services.matrix_reopen, _("matriz reabierta."))

    @admin.action(
        description=_("Publicar el resultado (avisa a cada proponente con la respuesta del Foro)")
    )
    def publish_outcome(self, request, queryset):
        self._run(
            request, queryset, services.consultation_publish_outcome, _("resultado publicado.")
        )


class ProposalEventInline(RecordInline):
    model = ProposalEvent
    fields = ["created_at", "from_status", "to_status", "comment", "created_by"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(ModerationActions, admin.ModelAdmin):
    list_display = [
        "tracking_code",
        "title",
        "consultation",
        "theme",
        "parish",
        "status",
        "support_count",
        "created_at",
        "review",
    ]
    list_filter = [
        "consultation",
        "status",
        ReviewFilter,
        "theme",
        "parish",
        "serves_transparency",
        "serves_participation",
        "serves_accountability",
        "serves_technology",
        "is_anonymous",
    ]
    search_fields = ["tracking_code", "title", "problem", "solution", "organisation"]
    date_hierarchy = "created_at"
    list_select_related = ["consultation", "theme", "parish"]
    autocomplete_fields = ["duplicate_of"]
    readonly_fields = [
        "tracking_code",
        "status",
        "status_reason",
        "duplicate_of",
        "support_count",
        "submitter_ip",
        "submitted_by",
        "created_at",
        "updated_at",
        "published_at",
        "selected_at",
        # Hidden and restored only through the moderation actions (with citizens' reports).
        "is_hidden",
        "hidden_reason",
        "review",
    ]
    inlines = [ProposalEventInline]
    actions = ["publish", "select", "unselect", *ModerationActions.moderation_actions]
    change_form_template = "proposals/admin/proposal_change_form.html"

    def has_moderate_permission(self, request):
        return request.user.has_perm("proposals.moderate_proposal")

    def has_select_permission(self, request):
        return request.user.has_perm("proposals.select_proposal")

    def _each(self, request, queryset, call, done):
        ok = 0
        for proposal in queryset:
            try:
                call(proposal)
            except ValidationError as exc:
                msg = f"{proposal.tracking_code}: {' '.join(exc.messages)}"
                self.message_user(request, msg, messages.ERROR)
            else:
                ok += 1
        if ok:
            self.message_user(request, done % {"n": ok}, messages.SUCCESS)

    @admin.action(description=_("Publicar"), permissions=["moderate"])
    def publish(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.proposal_moderate(
                proposal=p, by=request.user, to_status=ProposalStatus.PUBLISHED
            ),
            _("%(n)s propuesta(s) publicada(s)."),
        )

    @admin.action(description=_("Marcar como seleccionada"), permissions=["select"])
    def select(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.proposal_select(proposal=p, by=request.user),
            _("%(n)s propuesta(s) seleccionada(s)."),
        )

    @admin.action(description=_("Quitar la selección"), permissions=["select"])
    def unselect(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda p: services.proposal_select(proposal=p, by=request.user, selected=False),
            _("%(n)s selección(es) quitada(s)."),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderar/",
                self.admin_site.admin_view(self.moderate_view),
                name="proposals_proposal_moderate",
            ),
        ] + super().get_urls()

    def moderate_view(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        choices = [
            (s, ProposalStatus(s).label)
            for s in sorted(services.TRANSITIONS[ProposalStatus(proposal.status)])
        ]
        form = ModerationForm(request.POST or None, choices=choices)
        if request.method == "POST" and form.is_valid():
            code = form.cleaned_data["duplicate_of_code"]
            original = services.proposal_find(code) if code else None
            try:
                if code and original is None:
                    raise ValidationError(
                        {"duplicate_of_code": _("No hay una propuesta con ese código.")}
                    )
                services.proposal_moderate(
                    proposal=proposal,
                    by=request.user,
                    to_status=form.cleaned_data["to_status"],
                    reason=form.cleaned_data["reason"],
                    duplicate_of=original,
                )
            except ValidationError as exc:
                apply_errors(form, exc, rename={"duplicate_of": "duplicate_of_code"})
            else:
                messages.success(request, _("Estado actualizado."))
                return redirect(reverse("admin:proposals_proposal_change", args=[pk]))
        title = _("Moderar %(code)s") % {"code": proposal.tracking_code}
        return step_page(self, request, "proposals/admin/moderate.html", proposal, form, title)


class ScoreInline(RecordInline):
    model = Score
    readonly_fields = ["criterion", "value"]


@admin.register(Scorecard)
class ScorecardAdmin(RecordAdmin):
    """Read-only: members score on the public site, through the service's rules."""

    list_display = ["proposal", "member", "weighted_score", "updated_at"]
    list_filter = ["proposal__consultation"]
    search_fields = ["proposal__tracking_code", "proposal__title", "member__username"]
    list_select_related = ["proposal", "member"]
    readonly_fields = ["proposal", "member", "weighted_score", "comment", "created_at"]
    inlines = [ScoreInline]


@admin.register(Support)
class SupportAdmin(RecordAdmin):
    list_display = ["proposal", "user", "created_at"]
    list_filter = ["proposal__consultation"]
    search_fields = ["proposal__tracking_code", "user__username"]
    list_select_related = ["proposal", "user"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "consultation", "order"]
    list_filter = ["consultation"]
    search_fields = ["name"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "consultation", "weight", "scale_min", "scale_max"]
    list_filter = ["consultation"]

    def has_change_permission(self, request, obj=None):
        began = (
            obj is not None
            and Scorecard.objects.filter(proposal__consultation_id=obj.consultation_id).exists()
        )
        return super().has_change_permission(request, obj) and not began


@admin.register(ProposalEvent)
class ProposalEventAdmin(RecordAdmin):
    list_display = ["proposal", "from_status", "to_status", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["proposal__tracking_code"]


@admin.register(Score)
class ScoreAdmin(RecordAdmin):
    list_display = ["scorecard", "criterion", "value"]
    list_filter = ["criterion__consultation"]
