import rules
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnlyOrStaff(BasePermission):
    """Default for the API: anyone reads the open data; only portal staff write."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return rules.test_rule("core.is_portal_staff", request.user)


class IsPortalStaff(BasePermission):
    def has_permission(self, request, view):
        return rules.test_rule("core.is_portal_staff", request.user)
