from celery import shared_task

from core import imports

from .models import ImportJob


@shared_task(name="agroprices.tasks.import_prices", acks_late=True)
def import_prices(job_id: int) -> str:
    """Idempotent: only a queued job is claimed, so a redelivered message does nothing."""
    from .importing import run_import

    job = ImportJob.objects.get(pk=job_id)
    if not imports.claim(job):
        return "skipped"
    try:
        run_import(job)
    except Exception as exc:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, message=f"Error inesperado: {exc}"
        )
        raise
    return job.status


@shared_task(name="agroprices.tasks.fail_stalled_imports")
def fail_stalled_imports() -> int:
    return imports.fail_stalled(ImportJob)


@shared_task(name="agroprices.tasks.expire_offers")
def expire_offers() -> int:
    """Beat, hourly: idempotent (one UPDATE of active offers past their last day)."""
    from .producers_services import offers_expire

    return offers_expire()


@shared_task(name="agroprices.tasks.relay_contact_message", acks_late=True)
def relay_contact_message(message_pk: int) -> bool:
    from .producers_services import contact_relay

    return contact_relay(message_pk)
