"""drf-spectacular extensions for the API's own classes (imported by CoreConfig.ready)."""

from drf_spectacular.authentication import BasicScheme


class MingaBasicScheme(BasicScheme):
    # Our subclass only refuses NUL bytes; the scheme in the schema is plain HTTP Basic.
    target_class = "core.api_base.BasicAuthentication"
