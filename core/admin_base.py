"""Admin base classes the apps share."""

from django import forms
from django.contrib import admin
from django.shortcuts import render
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


class RecordInline(admin.TabularInline):
    """Recorded rows listed on their parent's page: read there, never added or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def step_page(model_admin, request, template, obj, form, title, *, status=200, **extra):
    """An admin page for one step on one object (core/admin/step.html and its children): the
    admin's frame, the object, its form and a title."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "object": obj,
        "form": form,
        "title": title,
        **extra,
    }
    return render(request, template, context, status=status)


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


class PrivateFileInput(forms.ClearableFileInput):
    """Upload widget for files in private storage: it never asks the storage for a public
    URL (there is none); the admin shows the staff-only link through `private_file_link`."""

    def is_initial(self, value):
        return False


def private_file_link(obj, field="file", label=None):
    """A link to the view that serves a private file to staff (the object's own URL)."""
    from django.utils.html import format_html
    from django.utils.translation import gettext as gettext_now

    value = getattr(obj, field, None) if obj is not None and obj.pk else None
    if not value:
        return "—"
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        obj.get_absolute_url(),
        label or gettext_now("Ver archivo (%(name)s)") % {"name": value.name.rsplit("/", 1)[-1]},
    )
