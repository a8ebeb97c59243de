"""Admin base classes the apps share."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


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


class VersionedAdminForm(forms.ModelForm):
    """Optimistic locking for a model with a `version` field (editable=False).

    The form carries the version it was rendered with; on save it locks the row (the admin
    runs the whole change view in one transaction) and refuses, with nothing written, when
    someone saved the row in the meantime. A POST without the field (a script) is not checked.
    """

    # Not named `version`: the admin refuses a form field named after a non-editable one.
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        sent = cleaned.get("lock_version")
        if self.instance.pk and sent is not None:
            current = (
                type(self.instance)
                ._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != sent:
                raise forms.ValidationError(
                    _(
                        "Otra persona guardó cambios en este registro mientras usted lo "
                        "editaba. No se guardó nada: abra de nuevo el registro para ver la "
                        "versión actual y vuelva a aplicar sus cambios."
                    ),
                    code="stale",
                )
            if current is not None:
                self.instance.version = current + 1
        return cleaned
