from celery import shared_task


@shared_task
def email_request_status(request_pk: int):
    """Tells the applicant (if they left an email) that their request changed state."""
    from .notifications import email_request_status as send

    return send(request_pk)
