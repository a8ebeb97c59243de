"""Import tasks: routed to the `imports` queue by name (config: "*.tasks.import_*")."""

from celery import shared_task

from core import imports


@shared_task(name="roads.tasks.import_branches", acks_late=True)
def import_branches(job_id: int) -> str:
    from . import imports
    from .models import ImportJob

    return imports.run(ImportJob.objects.get(pk=job_id)).status


@shared_task(name="roads.tasks.import_interventions", acks_late=True)
def import_interventions(job_id: int) -> str:
    from . import imports
    from .models import ImportJob

    return imports.run(ImportJob.objects.get(pk=job_id)).status


@shared_task(name="roads.tasks.fail_stalled_imports")
def fail_stalled_imports() -> int:
    from .models import ImportJob

    return imports.fail_stalled(ImportJob)
