"""What the Forum decided, linked to what it concerns: a forum decision (from a meeting) points
at commitments, milestones or proposals. The links live here because commitments depends on
forum and proposals, never the other way round; the meeting page reads them back through
`decision.links`."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DecisionLink(models.Model):
    decision = models.ForeignKey(
        "forum.Decision",
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name=_("decisión del Foro"),
    )
    commitment = models.ForeignKey(
        "commitments.Commitment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_links",
        verbose_name=_("compromiso"),
    )
    milestone = models.ForeignKey(
        "commitments.Milestone",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_links",
        verbose_name=_("hito"),
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision_links",
        verbose_name=_("propuesta"),
    )

    class Meta:
        verbose_name = _("vínculo de una decisión")
        verbose_name_plural = _("vínculos de decisiones")
        ordering = ["decision", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(commitment__isnull=False, milestone__isnull=True, proposal__isnull=True)
                    | Q(commitment__isnull=True, milestone__isnull=False, proposal__isnull=True)
                    | Q(commitment__isnull=True, milestone__isnull=True, proposal__isnull=False)
                ),
                name="decisionlink_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["decision", "commitment"], name="decisionlink_once_per_commitment"
            ),
            models.UniqueConstraint(
                fields=["decision", "milestone"], name="decisionlink_once_per_milestone"
            ),
            models.UniqueConstraint(
                fields=["decision", "proposal"], name="decisionlink_once_per_proposal"
            ),
        ]

    def __str__(self):
        return f"{self.decision} → {self.target}"

    @property
    def target(self):
        return self.commitment or self.milestone or self.proposal

    def target_url(self):
        if self.milestone_id:
            return self.milestone.commitment.get_absolute_url()
        return self.target.get_absolute_url()


def decisions_for_commitment(commitment):
    """The decisions behind a commitment or any of its milestones, oldest meeting first."""
    return (
        DecisionLink.objects.filter(Q(commitment=commitment) | Q(milestone__commitment=commitment))
        .select_related("decision__meeting", "milestone")
        .order_by("decision__meeting__starts_at", "decision__order", "pk")
    )


class LessonsLearned(models.Model):
    """The plan's "lecciones aprendidas", written by staff in the admin and published as is.
    Its own table: altering the plan table on SQLite would break the indicator triggers."""

    plan = models.OneToOneField(
        "commitments.ActionPlan",
        on_delete=models.CASCADE,
        related_name="lessons",
        verbose_name=_("plan"),
    )
    text = models.TextField(
        _("lecciones aprendidas"),
        help_text=_("Lo que el equipo y el Foro aprendieron en este plan; se publica tal cual."),
    )
    updated_at = models.DateTimeField(_("actualizado el"), auto_now=True)

    class Meta:
        verbose_name = _("lecciones aprendidas")
        verbose_name_plural = _("lecciones aprendidas")

    def __str__(self):
        return str(self.plan)
