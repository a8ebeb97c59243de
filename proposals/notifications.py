from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import Proposal


def email_proposer(proposal_pk: int, kind: str) -> bool:
    proposal = Proposal.objects.select_related("consultation").filter(pk=proposal_pk).first()
    if proposal is None or not proposal.proposer_email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {"proposal": proposal, "kind": kind, "site": settings.SITE_URL}
        subject = render_to_string("proposals/email/subject.txt", context).strip()
        body = render_to_string("proposals/email/body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [proposal.proposer_email])
    return True
