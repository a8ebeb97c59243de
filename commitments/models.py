"""Action plans, commitments (OGP template), milestones, evidence, indicators and snapshots.

Progress is never computed here: `services.recalculate_progress` owns it and stores the result
with its computation date, so pages and the API only read stored figures.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import acting_user
from core.text import CleanTextModel

from . import levels

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
PROGRESS_RANGE_MESSAGE = _("El avance debe ser un porcentaje entre 0 y 100.")


def _percent_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=PERCENT_VALIDATORS,
        error_messages={"max_value": PROGRESS_RANGE_MESSAGE, "min_value": PROGRESS_RANGE_MESSAGE},
    )


class ActionPlan(CleanTextModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("En co-creación")
        IMPLEMENTATION = "implementation", _("En implementación")
        CLOSED = "closed", _("Cerrado")

    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    summary = models.TextField(_("resumen"), blank=True)
    period_start = models.DateField(_("inicio del periodo"))
    period_end = models.DateField(_("fin del periodo"))
    status = models.CharField(
        _("estado"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    delivered_on = models.DateField(_("entregado a OGP Local"), null=True, blank=True)
    launched_on = models.DateField(_("lanzado"), null=True, blank=True)
    progress = _percent_field(_("avance"))
    progress_computed_at = models.DateTimeField(_("avance calculado el"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan de acción")
        verbose_name_plural = _("planes de acción")
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="plan_period_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="plan_progress_0_100"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("commitments:plan", args=[self.slug])

    def clean(self):
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError(
                {"period_end": _("El fin del periodo debe ser posterior a su inicio.")}
            )

    @property
    def ogp_level(self):
        return levels.level_for(self.progress)

    @property
    def phase(self):
        """The phase line's step: a plan in co-creation, then its commitments."""
        return "plan" if self.status == self.Status.DRAFT else "compromisos"

    def contains(self, day):
        return self.period_start <= day <= self.period_end


class Commitment(CleanTextModel):
    """A commitment as the OGP template describes it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planificado")
        ONGOING = "ongoing", _("En ejecución")
        FINISHED = "finished", _("Finalizado")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("número"))
    title = models.CharField(_("título"), max_length=250)
    problem = models.TextField(_("problema que aborda"))
    objective = models.TextField(_("objetivo"))
    transparency = models.BooleanField(_("transparencia"), default=False)
    participation = models.BooleanField(_("participación ciudadana"), default=False)
    accountability = models.BooleanField(_("rendición de cuentas"), default=False)
    technology = models.BooleanField(_("tecnología e innovación"), default=False)
    lead_institution = models.CharField(
        _("institución responsable"),
        max_length=200,
        default="GAD Provincial de Santo Domingo de los Tsáchilas",
    )
    responsible_unit = models.CharField(_("unidad responsable"), max_length=200, blank=True)
    co_implementers = models.ManyToManyField(
        "forum.Actor",
        blank=True,
        related_name="commitments",
        verbose_name=_("actores co-implementadores"),
        help_text=_("Actores del Foro Multiactor que co-implementan el compromiso."),
    )
    proposals = models.ManyToManyField(
        "proposals.Proposal",
        related_name="commitments",
        blank=True,
        verbose_name=_("propuestas de origen"),
    )
    start_date = models.DateField(_("fecha de inicio"))
    end_date = models.DateField(_("fecha de fin"))
    status = models.CharField(
        _("estado"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    progress = _percent_field(_("avance"))
    progress_computed_at = models.DateTimeField(_("avance calculado el"), null=True, blank=True)
    # Optimistic locking in the admin (core.admin_base.VersionedAdminForm): +1 on each save.
    version = models.PositiveIntegerField(_("versión"), default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="commitment_number_per_plan"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="commitment_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="commitment_progress_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("commitments:detail", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("La fecha de fin no puede ser anterior a la de inicio.")}
            )

    @property
    def ogp_level(self):
        return levels.level_for(self.progress)

    @property
    def ogp_values(self):
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("transparency", "participation", "accountability", "technology")
            if getattr(self, name)
        ]


class Milestone(CleanTextModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        ONGOING = "ongoing", _("En curso")
        DONE = "done", _("Cumplido")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("compromiso"),
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=1)
    title = models.CharField(_("hito / actividad"), max_length=250)
    description = models.TextField(_("descripción"), blank=True)
    weight = models.DecimalField(
        _("peso"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
        error_messages={"min_value": _("El peso debe ser un número positivo.")},
        help_text=_("Peso relativo del hito en el avance del compromiso (mayor que cero)."),
    )
    start_date = models.DateField(_("fecha de inicio"))
    end_date = models.DateField(_("fecha de fin"))
    status = models.CharField(
        _("estado"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    progress = _percent_field(_("avance"))
    # Optimistic locking in the admin (core.admin_base.VersionedAdminForm): +1 on each save.
    version = models.PositiveIntegerField(_("versión"), default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hito")
        verbose_name_plural = _("hitos")
        ordering = ["commitment", "order", "pk"]
        indexes = [
            models.Index(
                fields=["commitment"],
                include=["weight", "progress"],
                name="milestone_progress_cover",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="milestone_progress_0_100",
                violation_error_message=PROGRESS_RANGE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="milestone_weight_positive",
                violation_error_message=_("El peso debe ser un número positivo."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="milestone_end_after_start",
                violation_error_message=_("La fecha de fin no puede ser anterior a la de inicio."),
            ),
        ]

    def __str__(self):
        return self.title


class ProgressChange(CleanTextModel):
    """Every change of a milestone's progress: who, when, old and new value. Public."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="changes", verbose_name=_("hito")
    )
    old_progress = models.DecimalField(_("avance anterior"), max_digits=5, decimal_places=2)
    new_progress = models.DecimalField(_("avance nuevo"), max_digits=5, decimal_places=2)
    changed_at = models.DateTimeField(_("fecha del cambio"), db_index=True)
    changed_by = acting_user(_("registrado por"))
    note = models.CharField(_("nota"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cambio de avance")
        verbose_name_plural = _("cambios de avance")
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(old_progress__gte=0)
                & Q(old_progress__lte=100)
                & Q(new_progress__gte=0)
                & Q(new_progress__lte=100),
                name="progress_change_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.milestone}: {self.old_progress} → {self.new_progress}"

    @property
    def author_name(self):
        """Staff are public officials; only their name is shown, never their email."""
        if self.changed_by is None:
            return _("Personal del GAD")
        return self.changed_by.get_full_name() or self.changed_by.get_username()


def evidence_path(instance, filename):
    return f"commitments/evidence/{instance.milestone.commitment_id}/{filename}"


class Evidence(CleanTextModel):
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("hito")
    )
    title = models.CharField(_("título"), max_length=250)
    url = models.URLField(_("enlace"), blank=True)
    file = models.FileField(
        _("archivo"),
        upload_to=evidence_path,
        blank=True,
        validators=[
            FileExtensionValidator(["pdf", "jpg", "jpeg", "png", "csv", "xlsx", "docx", "odt"])
        ],
    )
    published_on = models.DateField(_("fecha"))

    class Meta:
        verbose_name = _("evidencia")
        verbose_name_plural = _("evidencias")
        ordering = ["-published_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""),
                name="evidence_has_link_or_file",
                violation_error_message=_("Indique un enlace o adjunte un archivo."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def href(self):
        return self.file.url if self.file else self.url


class Assessment(CleanTextModel):
    """End-of-commitment assessment the forum fills: did it open government?"""

    class Verdict(models.TextChoices):
        YES = "yes", _("Sí")
        MARGINALLY = "marginally", _("Marginalmente")
        NO = "no", _("No")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Propuesta, por confirmar")
        CONFIRMED = "confirmed", _("Confirmada por el Foro")

    commitment = models.OneToOneField(
        Commitment,
        on_delete=models.CASCADE,
        related_name="assessment",
        verbose_name=_("compromiso"),
    )
    opened_government = models.CharField(
        _("¿abrió el gobierno?"), max_length=12, choices=Verdict.choices
    )
    explanation = models.TextField(_("justificación"))
    evidence_url = models.URLField(_("enlace a la evidencia"), blank=True)
    assessed_by = acting_user(_("evaluado por"))
    assessed_at = models.DateTimeField(_("fecha de evaluación"), auto_now=True)
    # One record of the forum: a member proposes it, a moderator confirms it for the public.
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    confirmed_by = acting_user(_("confirmada por"))
    confirmed_at = models.DateTimeField(_("confirmada el"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluación final")
        verbose_name_plural = _("evaluaciones finales")

    def __str__(self):
        return f"{self.commitment}: {self.get_opened_government_display()}"

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED


class Indicator(CleanTextModel):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Manual (valores registrados por el personal)")
        COMPUTED = "computed", _("Calculado con datos del portal")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("compromiso"),
    )
    name = models.CharField(_("nombre"), max_length=250)
    unit = models.CharField(_("unidad"), max_length=40)
    baseline = models.DecimalField(_("línea base"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("meta"), max_digits=14, decimal_places=2)
    source = models.CharField(
        _("fuente"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    source_key = models.CharField(
        _("indicador del portal"),
        max_length=100,
        blank=True,
        help_text=_("Para fuentes calculadas: la cifra que publica otra sección del portal."),
    )
    source_note = models.CharField(_("descripción de la fuente"), max_length=250, blank=True)
    counted_from = models.DateField(
        _("se cuenta desde"),
        null=True,
        blank=True,
        help_text=_(
            "Para fuentes calculadas: desde qué fecha se suma la cifra (por defecto, el inicio "
            "del plan)."
        ),
    )
    counted_until = models.DateField(
        _("se cuenta hasta"),
        null=True,
        blank=True,
        help_text=_("Para fuentes calculadas: hasta qué fecha (por defecto, hoy)."),
    )
    current_value = models.DecimalField(
        _("valor actual"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    current_as_of = models.DateField(_("valor a la fecha"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")
        ordering = ["commitment", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(counted_until__isnull=True)
                | Q(counted_from__isnull=True)
                | Q(counted_until__gte=models.F("counted_from")),
                name="indicator_counted_range_ordered",
                violation_error_message=_("El rango de fechas a contar está invertido."),
            ),
            models.CheckConstraint(
                condition=Q(source="manual", source_key="")
                | (Q(source="computed") & ~Q(source_key="")),
                name="indicator_source_key_iff_computed",
                violation_error_message=_(
                    "Un indicador calculado necesita una cifra del portal; uno manual, ninguna."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from core.registry import indicators

        if self.source == self.Source.COMPUTED:
            if not self.source_key:
                raise ValidationError(
                    {"source_key": _("Elija la cifra del portal que lo calcula.")}
                )
            if self.source_key not in indicators:
                raise ValidationError(
                    {
                        "source_key": _("«%(key)s» no es una cifra registrada en el portal.")
                        % {"key": self.source_key}
                    }
                )
        elif self.source_key:
            raise ValidationError(
                {"source_key": _("Un indicador manual no usa una cifra del portal.")}
            )

    @property
    def target_reached_percent(self):
        """Share of the way from baseline to target, for the bar beside the figures."""
        if self.current_value is None or self.target == self.baseline:
            return None
        current, baseline, target = (
            Decimal(str(v)) for v in (self.current_value, self.baseline, self.target)
        )
        share = (current - baseline) / (target - baseline) * 100
        return max(Decimal(0), min(Decimal(100), share)).quantize(Decimal("0.1"))


class IndicatorValue(CleanTextModel):
    """A manual measurement; its date must fall inside the plan period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicador")
    )
    date = models.DateField(_("fecha"))
    value = models.DecimalField(_("valor"), max_digits=14, decimal_places=2)
    note = models.CharField(_("nota"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("valor de indicador")
        verbose_name_plural = _("valores de indicador")
        ordering = ["indicator", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="one_value_per_indicator_and_date",
                violation_error_message=_("Ya hay un valor para este indicador en esa fecha."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date})"

    def clean(self):
        if self.indicator_id and self.date:
            plan = self.indicator.commitment.plan
            if not plan.contains(self.date):
                raise ValidationError(
                    {
                        "date": _(
                            "La fecha %(date)s está fuera del periodo del plan "
                            "(%(start)s a %(end)s)."
                        )
                        % {
                            "date": self.date.isoformat(),
                            "start": plan.period_start.isoformat(),
                            "end": plan.period_end.isoformat(),
                        }
                    }
                )


class Snapshot(models.Model):
    """The dated picture the recalculation stores: one per day, rewritten by a re-run."""

    date = models.DateField(_("fecha"), unique=True)
    taken_at = models.DateTimeField(_("calculado el"))
    data = models.JSONField(_("cifras"), default=dict)

    class Meta:
        verbose_name = _("instantánea")
        verbose_name_plural = _("instantáneas")
        ordering = ["-date"]

    def __str__(self):
        return self.date.isoformat()


from .decisions import DecisionLink, LessonsLearned  # noqa: E402,F401  (forum decisions, lessons)
