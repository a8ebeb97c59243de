"""The API's one error shape (settings REST_FRAMEWORK["EXCEPTION_HANDLER"]).

- Every 400 (validation, undecodable body, bad filter): an object of field names to lists
  of messages; messages that belong to no field go under "non_field_errors". Never a bare
  list, never "detail".
- Every other error: {"detail": "<message>"} (401, 403, 404, 405, 429...).

A Django ValidationError that escapes a service is a 400 with its field messages (services
raise them; a view forgetting to translate one must not answer 500). A 404 says so in the
request's language instead of Django's English "No X matches the given query.". Wrong
credentials are a 401 with a Basic challenge, as HTTP asks (DRF picks the first
authenticator's challenge, and Session has none, so it answered 403).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
BASIC_CHALLENGE = 'Basic realm="api"'


def django_error_detail(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {NON_FIELD: exc.messages}


def api_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as the API's 400, fields named as in the request."""
    return exceptions.ValidationError(django_error_detail(exc))


def _one_shape(data):
    if isinstance(data, list):
        return {NON_FIELD: data}
    if isinstance(data, dict) and "detail" in data:
        # {"detail": ...} in a 400 is a message of no field (no serializer has a field
        # called detail): it joins the other non-field messages.
        data = dict(data)
        detail = data.pop("detail")
        detail = detail if isinstance(detail, list) else [detail]
        data[NON_FIELD] = [*data.get(NON_FIELD, []), *detail]
    return data


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No encontrado."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == status.HTTP_400_BAD_REQUEST:
        # ParseError (undecodable JSON) and filter errors too: every 400 has one shape.
        response.data = _one_shape(response.data)
    elif isinstance(exc, exceptions.AuthenticationFailed):
        response.status_code = status.HTTP_401_UNAUTHORIZED
        response["WWW-Authenticate"] = BASIC_CHALLENGE
    return response
