"""Admin base classes the apps share."""

from django.contrib import admin


class RecordAdmin(admin.ModelAdmin):
    """Rows that record what happened (events, scores, deliveries, stock): staff read them
    here, and only the app's services write them, so the rules are never bypassed.
    Set `deletable = False` where a deletion would break a ledger."""

    deletable = True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)
