"""One way for a page to run a service call and tell the visitor how it went."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def flash_outcome(request, action, success):
    """Run `action()`: its ValidationError becomes an error message; otherwise `success` (a
    message, or a function of the action's result giving one) is shown. True when it worked."""
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True
