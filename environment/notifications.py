from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import SeedlingRequest


def email_request_status(request_pk: int) -> bool:
    req = SeedlingRequest.objects.select_related("parish").filter(pk=request_pk).first()
    if req is None or not req.applicant_email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"req": req, "site": settings.SITE_URL}
        subject = render_to_string("environment/email/request_status_subject.txt", context)
        body = render_to_string("environment/email/request_status.txt", context)
    send_mail(subject.strip(), body, settings.DEFAULT_FROM_EMAIL, [req.applicant_email])
    return True
