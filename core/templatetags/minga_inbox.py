from django import template

from ..casework import inbox

register = template.Library()


@register.simple_tag
def staff_inbox():
    return inbox()
