from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DatePicker
from core.models import Community, Parish
from core.text import CleanTextFormMixin

from .forms import MONEY
from .models import Offer, Producer, Product, Unit
from .producers_services import PROFILE_FIELDS

DATE = DatePicker()


def _honeypot():
    return forms.CharField(  # honeypot: people never see it, bots fill it
        required=False,
        label=_("Deje este campo vacío"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class OfferForm(CleanTextFormMixin, forms.Form):
    product = forms.ModelChoiceField(
        Product.objects.filter(active=True),
        label=_("Producto"),
        error_messages={"invalid_choice": _("Ese producto no está en el catálogo.")},
    )
    quantity = forms.DecimalField(
        label=_("Cantidad"), max_digits=10, decimal_places=2, widget=MONEY
    )
    unit = forms.ModelChoiceField(
        Unit.objects.all(),
        label=_("Unidad"),
        error_messages={"invalid_choice": _("Esa unidad no está en el catálogo.")},
    )
    price = forms.DecimalField(
        label=_("Precio pedido en USD por unidad (opcional)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        widget=MONEY,
    )
    available_from = forms.DateField(label=_("Disponible desde"), widget=DATE)
    available_until = forms.DateField(label=_("Disponible hasta"), widget=DATE)
    place_kind = forms.ChoiceField(label=_("Lugar de entrega"), choices=Offer.Place.choices)
    parish = forms.ModelChoiceField(Parish.objects.all(), label=_("Parroquia"))
    place_detail = forms.CharField(
        label=_("Indicaciones del lugar (opcional)"), max_length=200, required=False
    )
    description = forms.CharField(
        label=_("Descripción (opcional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.ImageField(label=_("Foto (opcional)"), required=False)


class ContactForm(CleanTextFormMixin, forms.Form):
    name = forms.CharField(label=_("Su nombre"), max_length=120)
    email = forms.EmailField(
        label=_("Su correo electrónico"),
        max_length=254,
        help_text=_("El productor le responderá a este correo."),
        error_messages={"invalid": _("Escriba un correo electrónico válido.")},
    )
    phone = forms.CharField(label=_("Su teléfono (opcional)"), max_length=20, required=False)
    body = forms.CharField(
        label=_("Mensaje"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "Escriba como máximo %(limit_value)d caracteres (tiene %(show_value)d)."
            )
        },
    )
    website = _honeypot()


class ProducerProfileForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = Producer
        fields = list(PROFILE_FIELDS)
        widgets = {
            "products": forms.CheckboxSelectMultiple,
            "story": forms.Textarea(attrs={"rows": 4}),
        }

    photo_upload = forms.ImageField(label=_("Foto (opcional)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = Product.objects.filter(active=True)
        self.fields["community"].queryset = Community.objects.all()


class ProducerApplyForm(ProducerProfileForm):
    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        help_text=_("Le enviaremos un enlace para crear su contraseña."),
    )
    website = _honeypot()

    class Meta(ProducerProfileForm.Meta):
        fields = ["email", *PROFILE_FIELDS]


class OfferFilterForm(CleanTextFormMixin, forms.Form):
    producto = forms.ModelChoiceField(
        Product.objects.filter(active=True),
        label=_("Producto"),
        required=False,
        to_field_name="slug",
        empty_label=_("Todos"),
    )
    parroquia = forms.ModelChoiceField(
        Parish.objects.all(), label=_("Parroquia"), required=False, empty_label=_("Todas")
    )
