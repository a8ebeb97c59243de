"""Model fields the apps declare alike."""

from django.conf import settings
from django.db import models


def acting_user(verbose_name=None, *, on_delete=models.SET_NULL, **options):
    """The account that did something (recorded, decided, reviewed...): optional, without a
    reverse accessor, and by default kept as empty when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )
