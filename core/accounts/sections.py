"""The parts of "Mi cuenta" core fills itself: the citizen reports filed with the account's
(verified) e-mail, in every app that registers a report type."""

from django.utils.translation import gettext_lazy as _

from core.registry import account_sections, report_models

LIMIT = 20


def my_reports(user):
    if not user.email:
        return []
    items = []
    for model in report_models():
        for report in model.objects.filter(reporter_email__iexact=user.email).only(
            "tracking_code", "status", "created_at"
        )[:LIMIT]:
            items.append(
                {
                    "label": f"{model._meta.verbose_name} {report.tracking_code}",
                    "url": report.get_absolute_url(),
                    "status": report.get_status_display(),
                    "date": report.created_at,
                }
            )
    return sorted(items, key=lambda item: item["date"], reverse=True)[:LIMIT]


def register():
    account_sections.register(
        key="core.reports", title=_("Mis reportes y denuncias"), items=my_reports, order=40
    )
