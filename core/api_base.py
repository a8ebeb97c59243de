"""Pagination and throttles the API settings point at (kept apart from viewsets to avoid an
import cycle: DRF reads these settings while defining APIView)."""

import logging

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class FailOpenThrottle(SimpleRateThrottle):
    """With the cache (Redis) down, a write is let through rather than answered with 500:
    the database constraints and the proxy still hold the hard limits."""

    def get_ident(self, request):
        # The portal's one notion of the client address (settings.TRUSTED_PROXY_HOPS).
        from core.ratelimit import client_ip

        return client_ip(request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as exc:
            logger.warning("throttle %s: cache unavailable (%r); request allowed", self.scope, exc)
            return True


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class WriteRateThrottle(FailOpenThrottle):
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


class AnonSubmitThrottle(FailOpenThrottle):
    """For public submission endpoints: anonymous posts per IP."""

    scope = "anon_submit"

    def get_cache_key(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS") or request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class BasicAuthentication(authentication.BasicAuthentication):
    """HTTP Basic that refuses a NUL byte in the credentials before any query runs (the
    database cannot store one, and the failed-login record would otherwise crash)."""

    def authenticate_credentials(self, userid, password, request=None):
        if "\x00" in userid or "\x00" in password:
            raise exceptions.AuthenticationFailed(_("Usuario o contraseña no válidos."))
        return super().authenticate_credentials(userid, password, request)
