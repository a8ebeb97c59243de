from celery import shared_task


@shared_task
def sync_member_roles():
    """Nightly: memberships start and end by date, so the role must follow the calendar."""
    from .services import sync_member_roles as sync

    return sync()
