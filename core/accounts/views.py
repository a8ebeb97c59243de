from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import ratelimit
from core.flash import flash_outcome
from core.forms import apply_errors
from core.registry import account_sections

from . import services
from .forms import (
    DeleteAccountForm,
    EmailChangeForm,
    InvitationAcceptForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
)

SIGNUP_LIMIT = (10, 3600)  # sign-ups per address per hour


def _set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        return _set_language_cookie(response, services.language_of(form.get_user()))


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


class ResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        # Links in the e-mail point at the public site, not at whatever Host the request named.
        scheme, _sep, domain = settings.SITE_URL.partition("://")
        self.extra_email_context = {"protocol": scheme, "domain": domain.rstrip("/")}
        return super().form_valid(form)


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class ChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form):
        messages.success(self.request, _("Su contraseña se cambió."))
        return super().form_valid(form)


def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:  # a bot filled the hidden field
            return render(request, "accounts/signup_sent.html")
        if not ratelimit.hit(f"signup:{ratelimit.client_ip(request)}", *SIGNUP_LIMIT):
            form.add_error(None, _("Demasiados registros desde esta conexión; intente más tarde."))
        else:
            data = form.cleaned_data
            try:
                services.citizen_signup(
                    username=data["username"],
                    email=data["email"],
                    password=data["password1"],
                    language=request.LANGUAGE_CODE,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return render(request, "accounts/signup_sent.html", {"email": data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


def verify(request, token):
    try:
        services.citizen_verify(token=token)
    except ValidationError as exc:
        return render(request, "accounts/link_invalid.html", {"error": exc.messages[0]}, status=400)
    messages.success(request, _("Correo verificado. Ya puede ingresar con su cuenta."))
    return redirect("accounts:login")


def invitation(request, token):
    try:
        invitation = services.invitation_for_token(token)
    except ValidationError as exc:
        return render(request, "accounts/link_invalid.html", {"error": exc.messages[0]}, status=400)
    form = InvitationAcceptForm(request.POST or None, existing_user=invitation.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                password=form.cleaned_data["password1"],
                username=form.cleaned_data.get("username", ""),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if request.user.is_authenticated:
                logout(request)
            messages.success(
                request,
                _("Listo, %(name)s: su contraseña quedó guardada. Ingrese con ella.")
                % {"name": user.get_username()},
            )
            return redirect("accounts:login")
    return render(request, "accounts/invitation.html", {"form": form, "invitation": invitation})


@login_required
def account(request):
    user = request.user
    sections = [
        {"title": section.title, "items": section.items(user)} for section in account_sections
    ]
    profile_form = ProfileForm(
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": services.language_of(user),
        }
    )
    context = {
        "sections": sections,
        "profile_form": profile_form,
        "email_form": EmailChangeForm(),
        "delete_form": DeleteAccountForm(),
        "roles": [g.name for g in user.groups.all()],
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def profile(request):
    form = ProfileForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Revise los datos del perfil."))
        return redirect("accounts:account")
    services.profile_update(user=request.user, **form.cleaned_data)
    messages.success(request, _("Perfil guardado."))
    return _set_language_cookie(redirect("accounts:account"), form.cleaned_data["language"])


@login_required
@require_POST
def email_change(request):
    form = EmailChangeForm(request.POST)
    if form.is_valid():
        new_email = form.cleaned_data["email"]
        flash_outcome(
            request,
            lambda: services.email_change_request(user=request.user, new_email=new_email),
            _("Le enviamos un enlace al nuevo correo; el cambio se hace al abrirlo."),
        )
    else:
        messages.error(request, _("Escriba un correo electrónico válido."))
    return redirect("accounts:account")


@login_required
def email_confirm(request, token):
    try:
        services.email_change_confirm(token=token, user=request.user)
    except ValidationError as exc:
        return render(request, "accounts/link_invalid.html", {"error": exc.messages[0]}, status=400)
    messages.success(request, _("Su correo quedó actualizado."))
    return redirect("accounts:account")


@login_required
def delete(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Su cuenta fue eliminada. Gracias por participar."))
        return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})
