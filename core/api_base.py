"""Pagination and throttles the API settings point at (kept apart from viewsets to avoid an
import cycle: DRF reads these settings while defining APIView)."""

import json
import logging

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property
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


class CappedCountPaginator(Paginator):
    """Counts at most `cap` rows; past that, the planner's estimate (PostgreSQL EXPLAIN).

    A full COUNT(*) reads every matching row: linear in the table (1.17 M prices at 50x the
    demo). Up to the cap the count is exact and page numbers work as before.
    """

    cap = 10_000

    @cached_property
    def count_is_exact(self) -> bool:
        return self.count <= self.cap

    @cached_property
    def count(self) -> int:
        capped = self.object_list[: self.cap + 1].count()
        if capped <= self.cap:
            return capped
        return max(self.cap + 1, _planner_rows(self.object_list))

    def validate_number(self, number):
        if self.count_is_exact:
            return super().validate_number(number)
        # The estimate may be low: any page from 1 on is asked of the database (maybe empty).
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(_("Ese número de página no es un entero.")) from exc
        if number < 1:
            raise EmptyPage(_("Ese número de página es menor que 1."))
        return number

    def page(self, number):
        if self.count_is_exact:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)


def _planner_rows(queryset) -> int:
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return 0
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPagination(Pagination):
    """Page numbers, with an estimated `count` (and `count_is_exact: false`) past the cap."""

    django_paginator_class = CappedCountPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_exact"] = self.page.paginator.count_is_exact
        return response

    def get_next_link(self):
        paginator = self.page.paginator
        if paginator.count_is_exact:
            return super().get_next_link()
        # Past the cap the count is a guess either way: a full page has a next, a short one
        # is the last.
        if len(self.page.object_list) < paginator.per_page:
            return None
        from rest_framework.utils.urls import replace_query_param

        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.page_query_param, self.page.number + 1)

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_exact"] = {
            "type": "boolean",
            "description": "false when `count` is the database's estimate (large results)",
        }
        return schema


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
