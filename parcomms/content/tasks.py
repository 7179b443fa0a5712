"""Scheduled publishing and expiry, run by the task worker (not by cron).

`publish_scheduled_articles` does what Wagtail's `publish_scheduled` command does (revisions
whose approved go-live time has passed go live; live pages past their expiry go offline) and
then queues itself again a minute later, so the worker keeps it going. `manage.py
schedule_publishing` (run by bin/run before the worker) starts the chain if none is waiting.

Idempotent: each revision and each expired page is *claimed* by a conditional UPDATE inside the
transaction that publishes it. Two runs at the same time (two workers, or a duplicated chain)
race for the claim; the loser's UPDATE matches no row and it moves on, so nothing is published
or unpublished twice.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task
from wagtail.models import Page, Revision

log = logging.getLogger(__name__)

INTERVAL = timedelta(minutes=1)
TASK_PATH = "parcomms.content.tasks.publish_scheduled_articles"


def publish_due(now=None) -> dict:
    """Publish due scheduled revisions and unpublish expired pages; returns the counts."""
    now = now or timezone.now()
    unpublished = 0
    for pk in list(Page.objects.filter(live=True, expire_at__lt=now).values_list("pk", flat=True)):
        with transaction.atomic():
            # The claim: only one run flips `expired` for this page.
            claimed = Page.objects.filter(
                pk=pk, live=True, expired=False, expire_at__lt=now
            ).update(expired=True)
            if not claimed:
                continue
            page = Page.objects.get(pk=pk).specific
            page.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            unpublished += 1
    published = 0
    for pk in list(
        Revision.objects.filter(approved_go_live_at__lt=now)
        .order_by("approved_go_live_at")
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            revision = Revision.objects.filter(pk=pk, approved_go_live_at__lt=now).first()
            if revision is None:
                continue
            claimed = Revision.objects.filter(
                pk=pk, approved_go_live_at=revision.approved_go_live_at
            ).update(approved_go_live_at=None)
            if not claimed:
                continue
            # go_live_at in the revision is in the past, so publish() makes it live now.
            revision.publish(log_action="wagtail.publish.scheduled")
            published += 1
    if published or unpublished:
        log.info("scheduled publishing: %d published, %d unpublished", published, unpublished)
    return {"published": published, "unpublished": unpublished}


def next_run_waiting() -> bool:
    """Is a later run of the chain already queued (database backend only)?"""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is a dependency
        return False
    return DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()


def enqueue_next(delay: timedelta = INTERVAL) -> bool:
    """Queue the next run unless one is waiting; backends that cannot defer (the immediate
    backend of the tests) are not re-queued, or the chain would run forever in one call."""
    if not default_task_backend.supports_defer:
        return False
    if next_run_waiting():
        return False
    publish_scheduled_articles.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def publish_scheduled_articles() -> dict:
    try:
        return publish_due()
    finally:
        enqueue_next()
