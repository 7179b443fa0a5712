"""Emulation for the demo organisation (`load_demo`, `load_demo_activity`): the year's
criteria (the default set), the first half-year and the whole year as periods, and the first
half closed once the demo activity exists, so an officer who logs in sees frozen and live
rankings. Idempotent: what exists is kept; a period closed (or reopened) by hand stays as it is.
Everything goes through `services`, with the demo's reform officer as the acting user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from . import services
from .criteria import default_criteria
from .models import CriteriaSet, Period
from .periods import HALF_YEAR, YEAR

# (kind, number): the first half-year (closed when it is over) and the whole year (live).
DEMO_PERIODS = ((HALF_YEAR, 1), (YEAR, 1))
CLOSED_IN_DEMO = (HALF_YEAR, 1)


@dataclass(frozen=True)
class DemoEmulation:
    criteria_version: int
    periods: tuple[Period, ...]
    closed_now: tuple[str, ...]  # labels of periods closed by this call


@transaction.atomic
def ensure_demo_emulation(organisation, year: int, *, acting_user, close=False, now=None):
    """The demo's criteria and periods for `year`; with `close`, also close the first half-year
    if it is over and has never been closed (its scores frozen from the records as they are)."""
    if not organisation.is_demo:
        raise services.EmulationError(
            f"«{organisation}» không phải cơ quan minh họa; không tạo kỳ thi đua mẫu."
        )
    criteria_set = CriteriaSet.objects.filter(organisation=organisation, year=year).first()
    version = criteria_set.latest() if criteria_set else None
    if version is None:  # an officer's own criteria are never overwritten by the demo
        version = services.save_criteria(
            organisation,
            year,
            default_criteria(),
            acting_user=acting_user,
            note="Bộ tiêu chí mẫu của dữ liệu minh họa.",
        )
    periods = []
    for kind, number in DEMO_PERIODS:
        period = Period.objects.filter(
            organisation=organisation, kind=kind, year=year, number=number
        ).first()
        if period is None:
            period = services.create_period(
                organisation, kind, year, number, acting_user=acting_user
            )
        periods.append(period)
    closed = []
    if close:
        now = now or timezone.now()
        for period in periods:
            if (period.kind, period.number) != CLOSED_IN_DEMO or period.closings.exists():
                continue
            if timezone.localtime(now).date() <= period.end:
                continue
            try:
                services.close_period(period, acting_user=acting_user, now=now)
            except services.EmulationError:
                continue  # e.g. self-scores waiting for appraisal: the officer closes it
            closed.append(period.label)
    return DemoEmulation(version.number, tuple(periods), tuple(closed))
