"""Notifications: every e-mail the portal sends a participant goes through `notify`.

`notify` is called inside the transaction that makes the change. It writes one `Notification`
row keyed by what it is about (`key`, unique: the same event never mails the same person
twice, however often the caller or the task runs) and enqueues its sending through the
outbox, so the e-mail leaves only once the change has committed.

The task renders `<template>_subject.txt` and `<template>.txt` in the recipient's language: the
language of the account with that e-mail if there is one, else the language of the request
that filed the case (stored on the filing), else Spanish. Every e-mail that is not a
transactional receipt carries an unsubscribe link (a signed token, no sign-in) and is not
sent to an address that used it.

Following: anyone follows a proposal, commitment, report or road branch (`Follow`, keyed on the
e-mail); `notify_followers` mails them about the same events, or a weekly digest when chosen.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

DIGEST = "digest"
DIGESTED = "digested"
UNSUBSCRIBE_SALT = "minga.notifications.unsubscribe"
FOLLOW_SALT = "minga.notifications.follow"


class Notification(models.Model):
    """One e-mail to one person about one event; `key` makes it once only."""

    key = models.CharField(_("clave"), max_length=200, unique=True)
    template = models.CharField(_("plantilla"), max_length=120)
    to = models.EmailField(_("destinatario"))
    language = models.CharField(_("idioma"), max_length=10, blank=True)
    refs = models.JSONField(_("objetos"), default=dict, blank=True)
    values = models.JSONField(_("valores"), default=dict, blank=True)
    transactional = models.BooleanField(_("acuse transaccional"), default=False)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    sent_at = models.DateTimeField(_("enviado"), null=True, blank=True)
    skipped = models.CharField(_("no enviado porque"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
        ordering = ["-pk"]

    def __str__(self):
        return self.key


class EmailOptOut(models.Model):
    """An address that asked for no more notifications (receipts still go out)."""

    email = models.EmailField(_("correo"), unique=True)
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("baja de avisos")
        verbose_name_plural = _("bajas de avisos")

    def __str__(self):
        return self.email


class Follow(models.Model):
    """Someone follows a proposal, commitment, report or branch; identified by e-mail so an
    anonymous filer follows from the link in the receipt with no account."""

    class Frequency(models.TextChoices):
        EACH = "cada", _("En cada cambio")
        WEEKLY = "semanal", _("Resumen semanal")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("cuenta"),
    )
    email = models.EmailField(_("correo"))
    language = models.CharField(_("idioma"), max_length=10, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    frequency = models.CharField(
        _("frecuencia"), max_length=10, choices=Frequency.choices, default=Frequency.EACH
    )
    created_at = models.DateTimeField(_("desde"), auto_now_add=True)
    digested_at = models.DateTimeField(_("último resumen"), null=True, blank=True)

    class Meta:
        verbose_name = _("seguimiento")
        verbose_name_plural = _("seguimientos")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "content_type", "object_id"], name="core_follow_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.email} → {self.content_type.model} {self.object_id}"


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def unsubscribe_token(email: str) -> str:
    return signing.dumps(normalise_email(email), salt=UNSUBSCRIBE_SALT, compress=True)


def email_from_unsubscribe_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def follow_token(email: str, obj) -> str:
    label = obj._meta.label_lower
    return signing.dumps([normalise_email(email), label, obj.pk], salt=FOLLOW_SALT, compress=True)


def follow_url(email: str, obj) -> str:
    return reverse("core:follow-token", args=[follow_token(email, obj)])


def request_language() -> str:
    """The language of the request being served (what an anonymous filer reads)."""
    return (translation.get_language() or settings.LANGUAGE_CODE)[:10]


def _ref(obj) -> list:
    return [obj._meta.label, obj.pk]


def notify(
    *,
    key: str,
    to: str,
    template: str,
    objects: dict,
    values: dict | None = None,
    language: str = "",
    transactional: bool = False,
    digest: bool = False,
) -> Notification | None:
    """Queues one e-mail to `to` after the current transaction commits; once per `key`.

    `objects` maps template names to model instances (reloaded by the task, so it reads
    what was committed); `values` are JSON values for the template. With `digest` the row
    waits for the weekly summary instead of being sent now.
    """
    to = normalise_email(to)
    if not to:
        return None
    from . import outbox, tasks

    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                key=key[:200],
                template=template,
                to=to,
                language=language or "",
                refs={name: _ref(obj) for name, obj in objects.items()},
                values=values or {},
                transactional=transactional,
                skipped=DIGEST if digest else "",
            )
    except IntegrityError:
        return None  # already queued for this event: once only
    if digest:
        return notification
    outbox.enqueue(tasks.send_notification, notification.pk)
    return notification


def followers(obj):
    return Follow.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


def notify_followers(*, obj, key: str, template: str, objects: dict, values=None, skip=()):
    """Mails each follower of `obj`; weekly followers get it in their Monday summary."""
    skip = {normalise_email(e) for e in skip}
    for follow in followers(obj):
        if follow.email in skip:
            continue
        notify(
            key=f"{key}:follow:{follow.pk}",
            to=follow.email,
            template=template,
            objects=objects,
            values={**(values or {}), "following": True},
            language=follow.language,
            digest=follow.frequency == Follow.Frequency.WEEKLY,
        )


def follow(*, obj, email: str, user=None, language: str = "", frequency=Follow.Frequency.EACH):
    """Starts (or updates) following `obj`; idempotent on (e-mail, object)."""
    email = normalise_email(email)
    follow, _created = Follow.objects.update_or_create(
        email=email,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={
            "user": user if user is not None and user.is_authenticated else None,
            "language": language or request_language(),
            "frequency": frequency,
        },
    )
    return follow


def unfollow(*, obj, email: str) -> int:
    return followers(obj).filter(email=normalise_email(email)).delete()[0]


def recipient_language(email: str, stored: str = "") -> str:
    """An account's chosen language wins; then the filing's; then the site's."""
    from .accounts.models import Profile

    profile = (
        Profile.objects.filter(user__email__iexact=email, user__is_active=True)
        .only("language")
        .first()
    )
    choices = {code for code, _name in settings.LANGUAGES}
    for candidate in (profile.language if profile else "", stored):
        if candidate and candidate in choices:
            return candidate
    return settings.LANGUAGE_CODE


def _load(refs: dict) -> dict | None:
    loaded = {}
    for name, (label, pk) in refs.items():
        obj = apps.get_model(label).objects.filter(pk=pk).first()
        if obj is None:
            return None
        loaded[name] = obj
    return loaded


def send(notification_pk: int) -> bool:
    """Renders and sends one notification; a second run finds it sent and does nothing."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_pk).first()
        if notification is None or notification.sent_at or notification.skipped:
            return False
        if (
            not notification.transactional
            and EmailOptOut.objects.filter(email=notification.to).exists()
        ):
            notification.skipped = "opted out"
            notification.save(update_fields=["skipped"])
            return False
        objects = _load(notification.refs)
        if objects is None:
            notification.skipped = "object gone"
            notification.save(update_fields=["skipped"])
            return False
        language = recipient_language(notification.to, notification.language)
        context = {
            **objects,
            **notification.values,
            "site": settings.SITE_URL,
            "recipient": notification.to,
        }
        if not notification.transactional:
            context["unsubscribe_url"] = settings.SITE_URL + reverse(
                "core:unsubscribe", args=[unsubscribe_token(notification.to)]
            )
        with translation.override(language):
            subject = render_to_string(f"{notification.template}_subject.txt", context)
            body = render_to_string(f"{notification.template}.txt", context)
            if not notification.transactional:
                body = (
                    body.rstrip()
                    + "\n\n"
                    + render_to_string("core/email/_unsubscribe.txt", context)
                )
        # Marked before the SMTP call inside the row lock: a crash after sending would
        # otherwise resend; a crash before leaves it unsent, which the admin shows.
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [notification.to])
    return True
