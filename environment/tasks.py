from celery import shared_task


@shared_task
def email_request_status(request_pk: int):
    """Kept for messages queued before e-mails moved to core.tasks.send_notification."""
    from django.db import transaction

    from .models import SeedlingRequest
    from .services import _notify

    request = SeedlingRequest.objects.filter(pk=request_pk).first()
    if request is not None:
        with transaction.atomic():
            _notify(request)
