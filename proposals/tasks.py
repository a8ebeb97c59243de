from celery import shared_task


@shared_task
def send_proposal_email(proposal_pk: int, kind: str):
    """Kept for messages queued before e-mails moved to core.tasks.send_notification."""
    from django.db import transaction

    from .models import Proposal
    from .services import _email

    proposal = Proposal.objects.filter(pk=proposal_pk).first()
    if proposal is not None:
        with transaction.atomic():
            _email(proposal, f"legacy-{kind}" if kind != "received" else kind)
