"""The daily round (obligation reminders, then the self-tracked indicators and the cleanup of
stale plan-import drafts), run by the task worker. It enqueues its own next run (tomorrow
morning) before it works, so a failing round does not break the chain; a ReminderSchedule row
per day makes sure only one chain runs however often it is started."""

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from .models import ReminderSchedule
from .services import send_reminders

logger = logging.getLogger(__name__)

RUN_AT = dt.time(7, 0)  # local time: reminders arrive at the start of the working day


def next_run(now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    day = local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, RUN_AT, tzinfo=timezone.get_current_timezone())


def schedule_next(now: dt.datetime | None = None) -> dt.datetime | None:
    """Enqueue tomorrow's round, unless a round for that day is already enqueued or the
    backend cannot defer (the immediate backend of the tests)."""
    backend = send_reminders_daily.get_backend()
    if not backend.supports_defer:
        return None
    when = next_run(now or timezone.now())
    try:
        with transaction.atomic():
            ReminderSchedule.objects.create(run_on=timezone.localtime(when).date())
            send_reminders_daily.using(run_after=when).enqueue()
    except IntegrityError:
        return None
    return when


@task()
def send_reminders_daily(today: str | None = None) -> int:
    """`today` (ISO date) lets an operator re-run a missed day; the daily chain omits it."""
    schedule_next()
    day = dt.date.fromisoformat(today) if today else None
    sent = send_reminders(day)
    logger.info("Obligation reminders sent: %d", sent)
    # The same morning round keeps the self-tracked indicators (UNIT_MEETINGS) current and
    # deletes plan-import drafts nobody confirmed.
    from parcomms.indicators.services import refresh_computed
    from parcomms.plans.services import delete_stale_drafts

    refresh_computed(day)
    delete_stale_drafts(timezone.now())
    return sent


def start(now: dt.datetime | None = None) -> bool:
    """Run a round now (through the queue) and start the daily chain; False when today's
    round was already started."""
    today = timezone.localtime(now or timezone.now()).date()
    try:
        with transaction.atomic():
            ReminderSchedule.objects.create(run_on=today)
            send_reminders_daily.enqueue()
    except IntegrityError:
        return False
    return True
