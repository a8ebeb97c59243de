from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .reports import ReportEvent


def email_report_update(model_label, report_pk, event_pk):
    report = apps.get_model(model_label).objects.filter(pk=report_pk).first()
    event = ReportEvent.objects.filter(pk=event_pk).first()
    if report is None or event is None or not report.reporter_email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"report": report, "event": event, "site": settings.SITE_URL}
        subject = render_to_string("core/email/report_update_subject.txt", context).strip()
        body = render_to_string("core/email/report_update.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [report.reporter_email])
    return True
