"""Pagination and throttles the API settings point at (kept apart from viewsets to avoid an
import cycle: DRF reads these settings while defining APIView)."""

from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class WriteRateThrottle(SimpleRateThrottle):
    """Throttles unsafe methods only; reads of open data are never throttled.

    Not a security control (cache counters are not atomic): database constraints and the
    proxy enforce the hard limits.
    """

    scope = "write"

    def get_cache_key(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonSubmitThrottle(SimpleRateThrottle):
    """For public submission endpoints: anonymous posts per IP."""

    scope = "anon_submit"

    def get_cache_key(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS") or request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
