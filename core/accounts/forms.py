from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    username = UsernameField(
        label=_("Usuario o correo"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "Usuario o contraseña incorrectos. Revise las mayúsculas; si olvidó su contraseña, "
            "puede restablecerla."
        ),
        "inactive": _("Esta cuenta no está activa."),
    }


def _username_field():
    return forms.RegexField(
        label=_("Nombre de usuario"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Use solo letras, números y los signos . @ + - _")},
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )


class _PasswordPair(forms.Form):
    password1 = forms.CharField(
        label=_("Contraseña"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Al menos 8 caracteres; no solo números ni una contraseña común."),
    )
    password2 = forms.CharField(
        label=_("Repita la contraseña"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("Las dos contraseñas no coinciden."))
        return data


class SignUpForm(_PasswordPair):
    username = _username_field()
    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        help_text=_("Le enviaremos un enlace para verificarlo."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(  # honeypot: people never see it, bots fill it
        required=False,
        label=_("Deje este campo vacío"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    field_order = ["username", "email", "password1", "password2"]

    def clean_username(self):
        name = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("Ese nombre de usuario ya está en uso."))
        return name


class InvitationAcceptForm(_PasswordPair):
    username = _username_field()

    field_order = ["username", "password1", "password2"]

    def __init__(self, *args, existing_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if existing_user is not None:
            del self.fields["username"]


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("Nombres"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Apellidos"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Idioma"), choices=settings.LANGUAGES)


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label=_("Nuevo correo electrónico"), max_length=254)


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Entiendo que mi cuenta se elimina y mis aportes públicos quedan sin mi nombre."),
    )
