"""The "Reportar este contenido" form under a public complaint, road report or proposal."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from . import idempotency, moderation, ratelimit
from .forms import HoneypotMixin, over_limit, save_form

RATE_LIMIT = 10  # reports of content per client address per hour
RATE_PERIOD = 60 * 60


class FlagForm(HoneypotMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_l("¿Qué problema tiene este contenido?"),
        choices=moderation.FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _l("Elija un motivo.")},
    )
    text = forms.CharField(
        label=_l("Detalle (opcional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=moderation.TEXT_MAX,
        help_text=_l("No escriba datos personales: el personal lee este texto."),
    )


@idempotency.idempotent_form
@require_http_methods(["GET", "POST"])
def flag_content(request, label, pk):
    obj = moderation.public_item(label, pk)
    if obj is None:
        raise Http404
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            ip = ratelimit.client_ip(request)
            too_many = _(
                "Recibimos varios reportes seguidos desde su conexión. Intente en una hora."
            )
            if over_limit(form, f"flag:{ip}", (RATE_LIMIT, RATE_PERIOD), too_many):
                status = 429
            elif save_form(form, lambda: _flag(obj, form, ip)):
                messages.success(
                    request, _("Gracias por avisarnos. El personal revisará este contenido.")
                )
                obj.refresh_from_db()
                if moderation.is_public(obj):
                    return redirect(obj.get_absolute_url())
                return redirect("core:flag-done")
        if status == 200:
            status = 400
    return render(request, "core/flag.html", {"form": form, "obj": obj}, status=status)


def _flag(obj, form, ip) -> bool:
    data = form.cleaned_data
    moderation.flag(obj=obj, reason=data["reason"], text=data["text"], ip=ip)
    return True


def flag_done(request):
    return render(request, "core/flag_done.html")
