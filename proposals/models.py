"""Consultations, proposals, supports and the forum's scoring matrix (Matriz de Propuestas)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import geo, inclusion
from core.fields import acting_user
from core.reports import review_field, review_hides_constraint
from core.text import CleanTextModel

SCORE_BOUND = 100  # the widest scale a criterion may use; the database refuses anything outside


class OGPValue(models.TextChoices):
    TRANSPARENCY = "transparencia", _("Transparencia")
    PARTICIPATION = "participacion", _("Participación ciudadana")
    ACCOUNTABILITY = "rendicion_cuentas", _("Rendición de cuentas")
    TECHNOLOGY = "tecnologia_innovacion", _("Tecnología e innovación")


class Consultation(models.Model):
    """A call for proposals (consulta ciudadana) and the forum's matrix that scores them."""

    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    description = models.TextField(_("descripción"), blank=True)
    opens_on = models.DateField(_("abre el"))
    closes_on = models.DateField(_("cierra el"))
    matrix_closed_at = models.DateTimeField(_("matriz cerrada el"), null=True, blank=True)
    outcome_published_at = models.DateTimeField(_("resultado publicado el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("consulta ciudadana")
        verbose_name_plural = _("consultas ciudadanas")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="proposals_consultation_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:consultation", args=[self.slug])

    def is_open_on(self, day):
        return self.opens_on <= day <= self.closes_on

    @property
    def is_open(self):
        return self.is_open_on(timezone.localdate())

    @property
    def matrix_is_closed(self):
        return self.matrix_closed_at is not None

    @property
    def phase(self):
        """Where the consultation stands in the cycle (the phase line): receiving proposals
        until it closes, then the forum's matrix, then the action plan."""
        if timezone.localdate() <= self.closes_on:
            return "consulta"
        return "plan" if self.matrix_is_closed else "matriz"


class Theme(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="themes", verbose_name=_("consulta")
    )
    name = models.CharField(_("nombre"), max_length=120)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("eje temático")
        verbose_name_plural = _("ejes temáticos")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "name"], name="proposals_theme_unique_name"
            ),
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """A scoring criterion of the matrix: an integer scale and a weight in the weighted mean."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("consulta")
    )
    name = models.CharField(_("nombre"), max_length=120)
    description = models.CharField(_("descripción"), max_length=300, blank=True)
    weight = models.DecimalField(_("peso"), max_digits=5, decimal_places=2, default=1)
    scale_min = models.PositiveSmallIntegerField(_("mínimo de la escala"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("máximo de la escala"), default=5)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterio de puntuación")
        verbose_name_plural = _("criterios de puntuación")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "name"], name="proposals_criterion_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="proposals_criterion_weight_gt_0"
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")) & Q(scale_max__lte=SCORE_BOUND),
                name="proposals_criterion_scale_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.scale_min}–{self.scale_max}, ×{self.weight})"


class ProposalStatus(models.TextChoices):
    RECEIVED = "recibida", _("Recibida")
    PUBLISHED = "publicada", _("Publicada")
    REJECTED = "rechazada", _("Rechazada")
    DUPLICATE = "duplicada", _("Duplicada")
    SELECTED = "seleccionada", _("Seleccionada")


# What the public sees and the forum scores: a selected proposal stays public.
PUBLIC_STATUSES = (ProposalStatus.PUBLISHED, ProposalStatus.SELECTED)


class ProposalQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES, is_hidden=False)

    def selected(self):
        return self.filter(status=ProposalStatus.SELECTED)


class Proposal(CleanTextModel):
    """A citizen's proposal (Formulario de Propuestas de Gobierno Abierto)."""

    TRACKING_PREFIX = "PR"

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("consulta"),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("eje temático")
    )
    tracking_code = models.CharField(
        _("código de seguimiento"), max_length=20, unique=True, editable=False
    )
    title = models.CharField(_("título"), max_length=200)
    problem = models.TextField(
        _("problema"), max_length=3000, validators=[MaxLengthValidator(3000)]
    )
    solution = models.TextField(
        _("solución propuesta"), max_length=3000, validators=[MaxLengthValidator(3000)]
    )
    serves_transparency = models.BooleanField(_("transparencia"), default=False)
    serves_participation = models.BooleanField(_("participación ciudadana"), default=False)
    serves_accountability = models.BooleanField(_("rendición de cuentas"), default=False)
    serves_technology = models.BooleanField(_("tecnología e innovación"), default=False)
    parish = geo.parish_field(
        optional=True, help_text=_("Déjelo vacío si la propuesta es para toda la provincia.")
    )
    community = geo.community_field()
    organisation = models.CharField(_("organización"), max_length=200, blank=True)

    # Private: never on a public page, export or API response.
    proposer_name = models.CharField(_("nombre de quien propone"), max_length=150, blank=True)
    proposer_email = models.EmailField(_("correo de quien propone"), blank=True)
    proposer_phone = models.CharField(_("teléfono de quien propone"), max_length=30, blank=True)
    is_anonymous = models.BooleanField(_("anónima"), default=False)
    gender = inclusion.gender_field()
    # The language of the filing request: the proposer's e-mails are written in it.
    language = models.CharField(_("idioma"), max_length=10, blank=True, editable=False)
    submitter_ip = models.GenericIPAddressField(_("IP de envío"), null=True, blank=True)
    submitted_by = acting_user(_("cuenta que envió"))

    status = models.CharField(
        _("estado"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.RECEIVED
    )
    status_reason = models.TextField(_("motivo del estado"), blank=True)
    forum_answer = models.TextField(
        _("respuesta del Foro"),
        blank=True,
        help_text=_(
            "Por qué el Foro seleccionó o no esta propuesta; se publica en la página de la "
            "propuesta y se envía a quien la presentó al publicar el resultado de la matriz."
        ),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicada de"),
    )
    # Moderation after publication: hidden when citizens report it, until staff review it.
    is_hidden = models.BooleanField(_("oculta"), default=False)
    hidden_reason = models.CharField(_("motivo de ocultamiento"), max_length=255, blank=True)
    review = review_field()
    support_count = models.PositiveIntegerField(_("apoyos"), default=0, editable=False)
    created_at = models.DateTimeField(_("recibida el"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("actualizada el"), auto_now=True)
    published_at = models.DateTimeField(_("publicada el"), null=True, blank=True)
    selected_at = models.DateTimeField(_("seleccionada el"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("propuesta")
        verbose_name_plural = _("propuestas")
        permissions = [
            ("moderate_proposal", _("Puede moderar propuestas")),
            ("select_proposal", _("Puede seleccionar propuestas")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values),
                name="proposals_proposal_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.REJECTED) | ~Q(status_reason=""),
                name="proposals_proposal_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.DUPLICATE) | Q(duplicate_of__isnull=False),
                name="proposals_proposal_duplicate_names_original",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.SELECTED) | Q(selected_at__isnull=False),
                name="proposals_proposal_selected_has_date",
            ),
            review_hides_constraint("proposals_proposal_review_is_hidden"),
        ]
        indexes = [models.Index(fields=["consultation", "status"])]

    def __str__(self):
        return f"{self.tracking_code} · {self.title}"

    def save(self, *args, **kwargs):
        # Other apps' fixtures create proposals directly: give them what the constraints need.
        if not self.tracking_code:
            from core.codes import new_tracking_code

            self.tracking_code = new_tracking_code(self.TRACKING_PREFIX)
        if self.status == ProposalStatus.SELECTED and self.selected_at is None:
            self.selected_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("proposals:detail", args=[self.pk])

    def clean(self):
        if (
            self.theme_id
            and self.consultation_id
            and self.theme.consultation_id != self.consultation_id
        ):
            raise ValidationError({"theme": _("Elija un eje temático de esta consulta.")})

    def get_tracking_url(self):
        return reverse("proposals:track-code", args=[self.tracking_code])

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES and not self.is_hidden

    @property
    def is_selected(self):
        return self.status == ProposalStatus.SELECTED

    @property
    def ogp_values(self):
        flags = [
            (self.serves_transparency, OGPValue.TRANSPARENCY),
            (self.serves_participation, OGPValue.PARTICIPATION),
            (self.serves_accountability, OGPValue.ACCOUNTABILITY),
            (self.serves_technology, OGPValue.TECHNOLOGY),
        ]
        return [value for flag, value in flags if flag]

    @property
    def public_author(self):
        """What the public may read about who proposed: the organisation, nothing personal."""
        return "" if self.is_anonymous else self.organisation


OGP_FIELDS = {
    OGPValue.TRANSPARENCY: "serves_transparency",
    OGPValue.PARTICIPATION: "serves_participation",
    OGPValue.ACCOUNTABILITY: "serves_accountability",
    OGPValue.TECHNOLOGY: "serves_technology",
}


class ProposalEvent(models.Model):
    """The public timeline a proposer follows with the tracking code. Staff authorship private."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("estado anterior"), max_length=12, choices=ProposalStatus.choices, blank=True
    )
    to_status = models.CharField(_("estado nuevo"), max_length=12, choices=ProposalStatus.choices)
    comment = models.TextField(_("comentario público"), blank=True)
    created_by = acting_user()
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("evento de propuesta")
        verbose_name_plural = _("eventos de propuesta")

    def __str__(self):
        return f"{self.proposal.tracking_code}: {self.to_status}"


class Support(models.Model):
    """A citizen's support (apoyo): one per user per proposal."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="supports", verbose_name=_("propuesta")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="proposal_supports",
        verbose_name=_("usuario"),
    )
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("apoyo")
        verbose_name_plural = _("apoyos")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposals_support_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.proposal_id}"


class Scorecard(models.Model):
    """One forum member's scoring of one proposal. `weighted_score` is 0-100, kept by the service
    from the scores so the matrix ranks with plain database aggregates."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("propuesta")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposal_scorecards",
        verbose_name=_("miembro del foro"),
    )
    weighted_score = models.DecimalField(_("puntaje ponderado"), max_digits=5, decimal_places=2)
    comment = models.TextField(
        _("comentario"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada el"), auto_now=True)

    class Meta:
        verbose_name = _("ficha de puntuación")
        verbose_name_plural = _("fichas de puntuación")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"], name="proposals_scorecard_one_per_member"
            ),
            models.CheckConstraint(
                condition=Q(weighted_score__gte=0) & Q(weighted_score__lte=100),
                name="proposals_scorecard_weighted_score_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.proposal_id}"


class Score(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="scores", verbose_name=_("ficha")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterio")
    )
    value = models.PositiveSmallIntegerField(_("puntaje"))

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        verbose_name = _("puntaje")
        verbose_name_plural = _("puntajes")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="proposals_score_one_per_criterion"
            ),
            # The per-criterion scale is checked by the service; the database keeps the outer bound.
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=SCORE_BOUND),
                name="proposals_score_value_in_bound",
            ),
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.value}"
