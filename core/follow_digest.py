"""The weekly summary for followers who chose it: one e-mail listing the week's news."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .notifications import (
    DIGEST,
    DIGESTED,
    EmailOptOut,
    Notification,
    _load,
    recipient_language,
    unsubscribe_token,
)


def send_digests() -> int:
    """Sends one summary per address with waiting items; returns how many went out."""
    sent = 0
    pending = defaultdict(list)
    for pk, to in Notification.objects.filter(skipped=DIGEST).values_list("pk", "to"):
        pending[to].append(pk)
    for to, pks in pending.items():
        with transaction.atomic():
            rows = list(Notification.objects.select_for_update().filter(pk__in=pks, skipped=DIGEST))
            if not rows:
                continue
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(skipped=DIGESTED)
            if EmailOptOut.objects.filter(email=to).exists():
                continue
            language = recipient_language(to, rows[0].language)
            items = []
            with translation.override(language):
                for row in rows:
                    objects = _load(row.refs)
                    if objects is None:
                        continue
                    context = {**objects, **row.values, "site": settings.SITE_URL}
                    items.append(
                        " ".join(render_to_string(f"{row.template}_subject.txt", context).split())
                    )
                if not items:
                    continue
                context = {
                    "items": items,
                    "site": settings.SITE_URL,
                    "unsubscribe_url": settings.SITE_URL
                    + reverse("core:unsubscribe", args=[unsubscribe_token(to)]),
                }
                subject = render_to_string("core/email/digest_subject.txt", context)
                body = render_to_string("core/email/digest.txt", context)
            send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])
            sent += 1
    return sent
