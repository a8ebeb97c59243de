from django import template

from ..notifications import Follow, followers

register = template.Library()


@register.inclusion_tag("core/_follow.html", takes_context=True)
def follow_form(context, obj):
    """Follow buttons for a signed-in person with an e-mail; a sign-in link otherwise."""
    request = context.get("request")
    user = getattr(request, "user", None)
    current = None
    if user is not None and user.is_authenticated and user.email:
        current = followers(obj).filter(email__iexact=user.email).first()
    return {
        "obj": obj,
        "label": obj._meta.label_lower,
        "user": user,
        "current": current,
        "choices": Follow.Frequency,
        "request": request,
    }
