"""Writes for accounts: sign-up, verification, invitations, e-mail change, deletion."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import roles

from .models import Invitation, Profile, token_hash

INVITATION_DAYS = 14
VERIFY_MAX_AGE = 3 * 24 * 3600  # seconds a verification link stays valid
_SALT_SIGNUP = "minga.accounts.signup"
_SALT_EMAIL = "minga.accounts.email-change"


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(*, to: str, template: str, context: dict, language: str | None = None):
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def email_in_use(email: str, *, exclude_pk=None) -> bool:
    qs = get_user_model().objects.filter(email__iexact=email)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def language_of(user) -> str:
    profile = Profile.objects.filter(user=user).only("language").first()
    return profile.language if profile else settings.LANGUAGE_CODE


@transaction.atomic
def citizen_signup(*, username: str, email: str, password: str, language: str):
    """An inactive account until the e-mail is verified; the link activates it."""
    User = get_user_model()
    if email_in_use(email):
        raise ValidationError({"email": _("Ya existe una cuenta con este correo.")})
    user = User(username=username, email=email, is_active=False)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    try:
        user.save()
    except IntegrityError as exc:
        raise ValidationError({"username": _("Ese nombre de usuario ya está en uso.")}) from exc
    Profile.objects.create(user=user, language=language)
    token = signing.dumps({"u": user.pk, "e": email}, salt=_SALT_SIGNUP)
    link = _link(reverse("accounts:verify", args=[token]))
    # Sent inside the transaction, last: if the mail server refuses it, no account is left
    # waiting for a link that never came.
    _send(to=email, template="verify", context={"user": user, "link": link})
    return user


@transaction.atomic
def citizen_verify(*, token: str):
    try:
        data = signing.loads(token, salt=_SALT_SIGNUP, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(_("El enlace de verificación no es válido o ya venció.")) from exc
    user = (
        get_user_model()
        .objects.select_for_update()
        .filter(pk=data["u"], email__iexact=data["e"])
        .first()
    )
    if user is None or user.is_active or user.last_login is not None:
        raise ValidationError(_("El enlace de verificación no es válido o ya se usó."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    user.groups.add(Group.objects.get(name=roles.CITIZEN))
    return user


@transaction.atomic
def invitation_create(*, email: str, role: str, by=None, user=None) -> Invitation:
    """Staff invite someone to a role; the e-mail carries the only copy of the token."""
    if role not in roles.INVITABLE:
        raise ValidationError({"role": _("Ese rol no se otorga por invitación.")})
    if user is None:
        user = get_user_model().objects.filter(email__iexact=email).first()
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        email=email,
        role=role,
        user=user,
        token_hash=token_hash(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    link = _link(reverse("accounts:invitation", args=[token]))
    context = {"invitation": invitation, "link": link, "days": INVITATION_DAYS}
    _send(to=email, template="invitation", context=context)
    return invitation


def invitation_for_token(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=token_hash(token)).first()
    )
    if invitation is None or invitation.accepted_at is not None:
        raise ValidationError(_("Esta invitación no existe o ya se usó."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("Esta invitación venció; pida una nueva al personal del portal."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, username: str = ""):
    """Sets the password (creating the account if needed), grants the role, spends the link."""
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Esta invitación no existe o ya se usó."))
    User = get_user_model()
    user = invitation.user
    if user is None:
        if not username:
            raise ValidationError({"username": _("Elija un nombre de usuario.")})
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("Ese nombre de usuario ya está en uso.")})
        user = User(username=username, email=invitation.email)
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.full_clean()
    user.save()
    Profile.objects.get_or_create(user=user)
    user.groups.add(Group.objects.get(name=invitation.role))
    invitation.user = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["user", "accepted_at"])
    return user


def email_change_request(*, user, new_email: str):
    if email_in_use(new_email, exclude_pk=user.pk):
        raise ValidationError({"email": _("Ya existe una cuenta con este correo.")})
    token = signing.dumps({"u": user.pk, "e": new_email}, salt=_SALT_EMAIL)
    link = _link(reverse("accounts:email-confirm", args=[token]))
    _send(
        to=new_email,
        template="email_change",
        context={"user": user, "link": link},
        language=language_of(user),
    )


@transaction.atomic
def email_change_confirm(*, token: str, user):
    try:
        data = signing.loads(token, salt=_SALT_EMAIL, max_age=VERIFY_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(_("El enlace no es válido o ya venció.")) from exc
    if data["u"] != user.pk:
        raise ValidationError(_("El enlace es de otra cuenta."))
    if email_in_use(data["e"], exclude_pk=user.pk):
        raise ValidationError(_("Ya existe una cuenta con este correo."))
    user.email = data["e"]
    user.save(update_fields=["email"])
    return user


@transaction.atomic
def profile_update(*, user, first_name: str, last_name: str, language: str):
    user.first_name, user.last_name = first_name, last_name
    user.full_clean(exclude=["password", "username", "email"])
    user.save(update_fields=["first_name", "last_name"])
    profile, _created = Profile.objects.get_or_create(user=user)
    profile.language = language
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def account_delete(*, user):
    """The person leaves; what they contributed stays, attached to an anonymous account."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    user.username = f"eliminado-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    Profile.objects.filter(user=user).delete()
    Invitation.objects.filter(user=user).update(email="")
    return user


def accounts_deactivate(*, users) -> int:
    return users.filter(is_active=True).update(is_active=False)
