from celery import shared_task


@shared_task
def send_proposal_email(proposal_pk: int, kind: str):
    """Emails the proposer: 'received' (with the tracking code) or 'status' (a change)."""
    from .notifications import email_proposer

    return email_proposer(proposal_pk, kind)
