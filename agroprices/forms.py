from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DatePicker
from core.text import CleanTextFormMixin

from .models import Market, PriceType, Product, Unit

MONEY = forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"})
# What the phone form remembers between submissions (kept in the session).
REMEMBERED = ("product", "market", "price_type")


def price_field(label, required=True):
    """Dollars and cents, with the phone's decimal keypad."""
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=10,
        decimal_places=2,
        min_value=0.01,
        widget=MONEY,
    )


class ObservationForm(CleanTextFormMixin, forms.Form):
    product = forms.ModelChoiceField(
        Product.objects.filter(active=True), label=_("Producto"), empty_label=None
    )
    market = forms.ModelChoiceField(
        Market.objects.filter(active=True), label=_("Mercado o lugar de venta"), empty_label=None
    )
    price_type = forms.ModelChoiceField(
        PriceType.objects.all(), label=_("Tipo de precio"), empty_label=None
    )
    # Left empty, the product's standard unit applies: a remembered unit would silently
    # carry over to the next product and flag it.
    unit = forms.ModelChoiceField(
        Unit.objects.all(),
        label=_("Unidad"),
        required=False,
        empty_label=_("Unidad habitual del producto"),
    )
    date = forms.DateField(label=_("Fecha"), widget=DatePicker())
    price = price_field(_("Precio en USD"))
    price_min = price_field(_("Precio mínimo (opcional)"), required=False)
    price_max = price_field(_("Precio máximo (opcional)"), required=False)

    def __init__(self, *args, remembered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        # The public pages' default, not the first type in the alphabet.
        self.fields["price_type"].initial = PriceType.objects.filter(code="productor").first()
        for name, value in (remembered or {}).items():
            if name in self.fields:
                self.fields[name].initial = value

    def clean(self):
        data = super().clean()
        if data.get("product") and not data.get("unit"):
            data["unit"] = data["product"].standard_unit
        price, low, high = data.get("price"), data.get("price_min"), data.get("price_max")
        if price and low and low > price:
            self.add_error("price_min", _("El mínimo no puede ser mayor que el precio."))
        if price and high and high < price:
            self.add_error("price_max", _("El máximo no puede ser menor que el precio."))
        return data


class RejectForm(CleanTextFormMixin, forms.Form):
    rejection_reason = forms.CharField(
        label=_("Motivo del rechazo"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExportFilterForm(CleanTextFormMixin, forms.Form):
    start = forms.DateField(label=_("Desde"), required=False)
    end = forms.DateField(label=_("Hasta"), required=False)
    product = forms.SlugField(label=_("Producto"), required=False)
    market = forms.SlugField(label=_("Mercado"), required=False)
