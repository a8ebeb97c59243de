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
