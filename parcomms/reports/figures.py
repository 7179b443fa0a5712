"""The figures of a report, computed for exactly the period asked (dates local, both ends
included) with a bounded number of queries whatever the size of the organisation.

    compute(organisation, period) → dict (JSON: stored with a signed-off report)

Sources: articles from parcomms.content.counting, deliveries from parcomms.channels (via the
counter), sessions and attendance from parcomms.activities.queries, contests from
parcomms.contests, plans issued from parcomms.plans.
"""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from parcomms.activities.models import Activity
from parcomms.activities.providers import day_bounds
from parcomms.activities.queries import attendance_totals
from parcomms.content.counting import ArticleCounter
from parcomms.content.models import ArticlePage
from parcomms.contests.models import Attempt, Contest, Entrant
from parcomms.plans.models import Plan
from parcomms.vn.dates import format_date_short

from .periods import Period


def _rows(rows) -> list[list]:
    return [[r.label or "—", r.count] for r in rows]


def plans_issued(organisation, start: dt.date, end: dt.date) -> list[Plan]:
    plans = Plan.objects.filter(
        organisation=organisation, year__gte=start.year, year__lte=end.year
    ).order_by("year", "month", "day", "pk")
    out = []
    for plan in plans:
        if plan.month and plan.day and start <= dt.date(plan.year, plan.month, plan.day) <= end:
            out.append(plan)
    return out


def compute(organisation, period: Period) -> dict:
    start, end = period.start, period.end
    counter = ArticleCounter(organisation, start=start, end=end)
    kinds = dict(ArticlePage.Kind.choices)
    by_kind = counter.articles.values("kind").annotate(n=Count("pk")).order_by("kind")
    begin, stop = day_bounds(start, end)
    stop = min(stop, timezone.now())
    attendance = attendance_totals(organisation, start, end)
    other_labels = dict(Activity.Kind.choices)
    others = (
        Activity.objects.other_communication()
        .filter(organisation=organisation, is_cancelled=False, starts_at__gte=begin)
        .filter(starts_at__lt=stop)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    contests = (
        Contest.objects.filter(
            organisation=organisation, rounds__opens_at__gte=begin, rounds__opens_at__lt=stop
        )
        .distinct()
        .count()
    )
    entrants = Entrant.objects.filter(
        contest__organisation=organisation, created_at__gte=begin, created_at__lt=stop
    ).count()
    submitted = Attempt.objects.filter(
        round__contest__organisation=organisation,
        status=Attempt.Status.SUBMITTED,
        submitted_at__gte=begin,
        submitted_at__lt=stop,
    ).count()
    plans = plans_issued(organisation, start, end)
    return {
        "period": period.key,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "plans": [
            {
                "title": p.title,
                "type_name": p.type_name,
                "number": f"{p.number}/{p.symbol}" if p.number else p.symbol,
                "date": format_date_short(dt.date(p.year, p.month, p.day)),
            }
            for p in plans
        ],
        "articles": {
            "total": counter.total(),
            "by_kind": [[str(kinds.get(r["kind"], r["kind"])), r["n"]] for r in by_kind],
            "by_topic": _rows(counter.per_topic()),
            "by_unit": _rows(counter.per_unit()),
        },
        "deliveries": _rows(counter.per_channel()),
        "sessions": {
            "held": attendance.sessions,
            "invited": attendance.invited,
            "present": attendance.present,
            "rate": round(attendance.rate, 1) if attendance.rate is not None else None,
        },
        "other_forms": [[str(other_labels.get(r["kind"], r["kind"])), r["n"]] for r in others],
        "contests": {"held": contests, "entrants": entrants, "submitted": submitted},
    }


def headline(figures: dict) -> dict[str, int]:
    """The figures compared with the previous period."""
    return {
        "Tin, bài được đăng": figures["articles"]["total"],
        "Hội nghị, buổi sinh hoạt đã tổ chức": figures["sessions"]["held"],
        "Lượt cán bộ dự hội nghị, sinh hoạt": figures["sessions"]["present"],
        "Cuộc thi tổ chức": figures["contests"]["held"],
        "Bài dự thi đã nộp": figures["contests"]["submitted"],
        "Hình thức tuyên truyền khác": sum(n for _label, n in figures["other_forms"]),
    }
