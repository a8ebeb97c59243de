"""The CKAN Action API door (core/ckan.py does the work)."""

import json

from django.http import JsonResponse
from django.views.decorators.http import require_http_methods

from . import ckan, datasets
from .open311 import cors


def _answer(help_url, status, **body):
    return JsonResponse(
        {"help": help_url, **body}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _error(help_url, status, kind, message="", **fields):
    return _answer(
        help_url, status, success=False, error={"__type": kind, "message": message, **fields}
    )


@cors
@require_http_methods(["GET", "HEAD", "POST", "OPTIONS"])
def action(request, name):
    help_url = request.build_absolute_uri(f"/api/3/action/help_show?name={name[:50]}")
    run = ckan.ACTIONS.get(name)
    if run is None:
        return _error(
            help_url, 400, "Bad Request", f"Bad request - Action name not known: {name[:100]}"
        )
    if request.method == "POST" and request.body:
        try:
            params = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return _error(
                help_url, 409, "Validation Error", "JSON Error", body=["Cannot parse JSON"]
            )
        if not isinstance(params, dict):
            return _error(
                help_url, 409, "Validation Error", "JSON Error", body=["Not a JSON object"]
            )
    else:
        params = request.GET.dict()
    if name == "datastore_search" and datasets.throttled(request):
        return _error(help_url, 429, "Rate Limit", "Too many requests; try again in a minute.")
    try:
        result = run(params, request.build_absolute_uri)
    except ckan.NotFound as exc:
        return _error(help_url, 404, "Not Found Error", str(exc))
    except ckan.Invalid as exc:
        return _error(help_url, 409, "Validation Error", **exc.errors)
    return _answer(help_url, 200, success=True, result=result)
