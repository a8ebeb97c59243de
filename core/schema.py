"""drf-spectacular extensions for the API's own classes (imported by CoreConfig.ready)."""

from drf_spectacular.authentication import BasicScheme
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS


class MingaBasicScheme(BasicScheme):
    # Our subclass only refuses NUL bytes; the scheme in the schema is plain HTTP Basic.
    target_class = "core.api_base.BasicAuthentication"


class MingaAutoSchema(AutoSchema):
    """Reads under the default permission (ReadOnlyOrStaff) are open to anyone: the schema
    says so with an empty security requirement, as it does for AllowAny."""

    def get_auth(self):
        from core.permissions import ReadOnlyOrStaff

        auths = super().get_auth()
        public_read = self.method in SAFE_METHODS and any(
            isinstance(p, ReadOnlyOrStaff) for p in self.view.get_permissions()
        )
        if public_read and {} not in auths:
            auths.append({})
        return auths


_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_VALIDATION_ERROR = {
    "type": "object",
    "description": "Field names (or non_field_errors) to lists of messages; a nested field "
    "(a list of lines, say) maps to the same shape per item, keyed by its position.",
    "additionalProperties": {
        "anyOf": [
            {
                "type": "array",
                "items": {
                    "anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/ValidationError"}]
                },
            },
            {"$ref": "#/components/schemas/ValidationError"},
        ]
    },
}


def _error_response(description, ref):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def document_errors(result, generator, request, public):
    """Postprocessing hook: the error responses of core/api_errors.py on every operation
    (400 and 429 where the API can answer them, 401/403 on writes, 404 on one object)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", _ERROR)
    schemas.setdefault("ValidationError", _VALIDATION_ERROR)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            responses.setdefault(
                "400", _error_response("Datos o parámetros no válidos", "ValidationError")
            )
            if "{" in path:
                responses.setdefault("404", _error_response("No encontrado", "Error"))
            if method.upper() not in SAFE_METHODS:
                responses.setdefault("401", _error_response("Credenciales incorrectas", "Error"))
                responses.setdefault("403", _error_response("Sin permiso", "Error"))
                responses.setdefault("429", _error_response("Demasiadas solicitudes", "Error"))
    return result
