"""Background work of the contests app (django-tasks; `manage.py db_worker` runs it)."""

from django.utils import timezone
from django_tasks import task

from . import ratelimit


@task()
def compute_results_task(round_id: int) -> str:
    """Rank a round once it has closed. Safe to run any number of times: each run replaces
    the round's results with the same ones computed from the stored attempts."""
    from .models import Round
    from .services import compute_round_results

    round = Round.objects.filter(pk=round_id).first()
    if round is None:
        return "missing"
    if timezone.now() < round.closes_at:
        # Enqueued for an earlier closing time; the new time has its own task.
        return "not closed"
    digest = compute_round_results(round)
    ratelimit.purge()
    return digest
