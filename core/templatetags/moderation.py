from django import template

from .. import moderation as moderation_service

register = template.Library()


@register.inclusion_tag("core/_flag_link.html")
def flag_link(obj):
    """Link to the "Reportar este contenido" form; nothing under hidden or pending items."""
    return {
        "obj": obj,
        "label": obj._meta.label_lower,
        "show": moderation_service.is_public(obj),
    }


@register.inclusion_tag("core/_review_notice.html")
def review_notice(obj):
    """Tells whoever opens a report waiting for approval (by its code) that it is not public."""
    return {"obj": obj}
