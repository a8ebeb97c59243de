"""Unsubscribe and follow pages: reached from an e-mail's signed link, no sign-in needed."""

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import notifications
from .notifications import EmailOptOut, Follow
from .reports import Review

# What can be followed (model labels); anything else is a 404.
FOLLOWABLE = {
    "proposals.proposal",
    "commitments.commitment",
    "environment.complaint",
    "roads.roadreport",
    "roads.branch",
}


def _target(label: str, pk):
    if label not in FOLLOWABLE:
        raise Http404
    try:
        model = apps.get_model(label)
    except LookupError as exc:
        raise Http404 from exc
    obj = model._default_manager.filter(pk=pk).first()
    # Hidden items cannot be followed, except a report waiting for approval (its filer's).
    if obj is None or (getattr(obj, "is_hidden", False) and obj.review != Review.PENDING):
        raise Http404
    return obj


def unsubscribe(request, token):
    email = notifications.email_from_unsubscribe_token(token)
    if email is None:
        return render(request, "core/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        EmailOptOut.objects.get_or_create(email=email)
        done = True
    return render(request, "core/unsubscribe.html", {"email": email, "done": done})


def follow_by_token(request, token):
    """The link in a receipt: the filer follows (or stops following) without an account."""
    try:
        email, label, pk = signing.loads(token, salt=notifications.FOLLOW_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return render(request, "core/follow.html", {"invalid": True}, status=400)
    obj = _target(label, pk)
    current = notifications.followers(obj).filter(email=email).first()
    message = ""
    if request.method == "POST":
        choice = request.POST.get("frequency", "")
        if choice == "stop":
            notifications.unfollow(obj=obj, email=email)
            current, message = None, _("Ya no sigue este caso.")
        elif choice in Follow.Frequency.values:
            current = notifications.follow(obj=obj, email=email, frequency=choice)
            message = _("Preferencia guardada.")
        else:
            return HttpResponseBadRequest(_("Elija una opción."))
    return render(
        request,
        "core/follow.html",
        {"obj": obj, "current": current, "message": message, "choices": Follow.Frequency},
    )


@login_required
@require_POST
def follow_toggle(request, label, pk):
    """A signed-in person follows or unfollows from the object's page."""
    obj = _target(label, pk)
    if not request.user.email:
        return HttpResponseBadRequest(_("Su cuenta no tiene correo."))
    if request.POST.get("frequency") == "stop":
        notifications.unfollow(obj=obj, email=request.user.email)
    else:
        frequency = request.POST.get("frequency") or Follow.Frequency.EACH
        if frequency not in Follow.Frequency.values:
            return HttpResponseBadRequest(_("Elija una opción."))
        notifications.follow(
            obj=obj, email=request.user.email, user=request.user, frequency=frequency
        )
    return redirect(obj.get_absolute_url())
