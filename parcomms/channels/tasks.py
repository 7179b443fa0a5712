"""Background tasks of the channels app (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def deliver(delivery_id: int, watch: bool = False) -> str:
    """One attempt at a delivery; safe to run any number of times (see services.py)."""
    from .services import process_delivery

    return process_delivery(delivery_id, watch=watch)
