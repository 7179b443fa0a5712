"""A calls-per-minute limiter shared by every worker process, kept in the database.

Why the database and not Redis: the limiter must hold across processes and machines, and
the one store every parcomms deployment has is its database (SQLite on one machine,
PostgreSQL for a province). One conditional UPDATE per outgoing API call is cheap next to the
HTTP call it guards. Fixed one-minute windows: at a window boundary up to twice the limit can
go out within a few seconds; Zalo publishes no limit of its own (see the reference), so the
setting is a courtesy ceiling and `-32` from Zalo remains the real signal to back off.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import RateWindow

WINDOW = timedelta(minutes=1)


def window_start(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def acquire(key: str, limit: int, now: datetime) -> datetime | None:
    """Take one call from `key`'s budget for the minute of `now`.

    Returns None when the call may go ahead, or the moment the next window opens when this
    minute's budget is spent. `limit <= 0` means unlimited.
    """
    if limit <= 0:
        return None
    start = window_start(now)
    taken = RateWindow.objects.filter(key=key, window_start=start, count__lt=limit).update(
        count=F("count") + 1
    )
    if taken:
        return None
    try:
        with transaction.atomic():
            RateWindow.objects.create(key=key, window_start=start, count=1)
    except IntegrityError:
        # Another process opened this window between our UPDATE and INSERT: use it.
        taken = RateWindow.objects.filter(key=key, window_start=start, count__lt=limit).update(
            count=F("count") + 1
        )
        return None if taken else start + WINDOW
    RateWindow.objects.filter(window_start__lt=start - timedelta(days=1)).delete()
    return None


def used(key: str, now: datetime) -> int:
    row = RateWindow.objects.filter(key=key, window_start=window_start(now)).first()
    return row.count if row else 0
