"""Read API of the activities app for the dashboard and reports. Each function issues a
bounded number of queries, whatever the number of units, staff, sessions or articles.

obligation_status(organisation, *, day=None, unit_ids=None, today=None) -> list[UnitStatus]
    Every unit (of the organisation, or those in `unit_ids`) with each obligation rule that
    applies to it and its verdict for the period of that rule containing `day` (default
    today), judged as of `today` (default `day`; pass the real today to look back at a past
    period, whose shortfalls are then overdue): `rules.Verdict` (status done / due / overdue
    / no_data, count, required, percent, explanation in Vietnamese). UnitStatus.done/due/
    overdue count the verdicts. Queries: 3 + at most 2 per kind of record counted (5 kinds).

obligations_end(organisation) -> date | None
    The last day any obligation rule of the organisation applies; None when there is no rule
    or a rule has no end. Queries: 1.

coverage_counts(organisation, first, last, *, unit=None, plan=None) -> list[coverage.Count]
    Aggregated rows (topic or document, year, month, source, count) of published articles
    (first published in the range), held sessions and other held communication (started in
    the range). Sessions and other communication count for the organising unit and every
    invited unit when `unit` is given. Documents are limited to the plan's documents
    (`plan.plan_documents`) when `plan` is given. Queries: 6.

sessions_per_month_by_topic(organisation, first, last, *, unit=None)
    -> dict[(topic_id, coverage.Month), int]: held sessions per content area and month.
    Queries: 1.

coverage_matrix(organisation, plan, first, last, *, unit=None, today=None) -> coverage.Matrix
    The content areas and policy documents of `plan` × months, gaps marked. Queries: 8.

attendance_totals(organisation, first, last, *, unit=None) -> AttendanceTotals
attendance_by_unit(organisation, first, last) -> dict[unit_id, AttendanceTotals]
    Sessions that took place (not cancelled, started) in the range and their attendance:
    invited, present, excused, absent, rate (present / invited, percent, None when nobody
    was invited). By unit groups attendees by their own unit. Queries: 2 each.

Months and days are local (Asia/Ho_Chi_Minh); `first` and `last` are dates, both included.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count as DbCount
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from parcomms.org.models import Unit

from . import coverage, rules
from .models import Activity, Attendance, ObligationRule
from .obligations import evaluate_obligations
from .providers import day_bounds

# --- Obligations ---------------------------------------------------------------------------


@dataclass
class UnitStatus:
    unit: Unit
    obligations: list[tuple[object, rules.Verdict]] = field(default_factory=list)

    def _count(self, status) -> int:
        return sum(1 for _rule, verdict in self.obligations if verdict.status == status)

    @property
    def done(self) -> int:
        return self._count(rules.Status.DONE)

    @property
    def due(self) -> int:
        return self._count(rules.Status.DUE)

    @property
    def overdue(self) -> int:
        return self._count(rules.Status.OVERDUE)


def obligation_status(
    organisation, *, day: dt.date | None = None, unit_ids=None, today: dt.date | None = None
):
    day = day or timezone.localdate()
    units = Unit.objects.filter(organisation=organisation)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    units = list(units)
    by_unit = {u.pk: UnitStatus(u) for u in units}
    for obligation in evaluate_obligations(
        organisation, first=day, last=day, today=today or day, units=units
    ):
        verdict = obligation.verdict_on(day)
        if verdict is not None:
            by_unit[obligation.unit.pk].obligations.append((obligation.rule, verdict))
    return list(by_unit.values())


def obligations_end(organisation) -> dt.date | None:
    ends = list(
        ObligationRule.objects.filter(organisation=organisation).values_list(
            "active_until", flat=True
        )
    )
    if not ends or None in ends:
        return None
    return max(ends)


# --- Coverage ------------------------------------------------------------------------------


def _month_rows(queryset, moment: str, relation: str, kind: str, source: str):
    rows = (
        queryset.filter(**{f"{relation}__isnull": False})
        .annotate(y=ExtractYear(moment), m=ExtractMonth(moment))
        .values(relation, "y", "m")
        .annotate(n=DbCount("pk", distinct=True))
        .order_by()
    )
    return [coverage.Count(kind, r[relation], r["y"], r["m"], source, r["n"]) for r in rows]


def _articles(organisation, first, last, unit):
    from parcomms.content.models import ArticlePage

    start, end = day_bounds(first, last)
    articles = ArticlePage.objects.live().filter(
        organisation=organisation, first_published_at__gte=start, first_published_at__lt=end
    )
    if unit is not None:
        articles = articles.filter(unit=unit)
    return articles


def _activities(organisation, first, last, unit):
    start, end = day_bounds(first, last)
    activities = Activity.objects.filter(
        organisation=organisation, starts_at__gte=start, starts_at__lt=end
    ).held()
    if unit is not None:
        activities = activities.for_unit([unit.pk])
    return activities


def coverage_counts(organisation, first, last, *, unit=None, plan=None):
    articles = _articles(organisation, first, last, unit)
    activities = _activities(organisation, first, last, unit)
    sessions, other = activities.sessions(), activities.other_communication()
    if plan is not None:
        doc_ids = plan.plan_documents.values("document_id")
        doc_articles = articles.filter(documents__in=doc_ids)
        doc_sessions = sessions.filter(documents__in=doc_ids)
        doc_other = other.filter(documents__in=doc_ids)
    else:
        doc_articles, doc_sessions, doc_other = articles, sessions, other
    return [
        *_month_rows(articles, "first_published_at", "topics", "topic", "articles"),
        *_month_rows(sessions, "starts_at", "topics", "topic", "sessions"),
        *_month_rows(other, "starts_at", "topics", "topic", "other"),
        *_month_rows(doc_articles, "first_published_at", "documents", "document", "articles"),
        *_month_rows(doc_sessions, "starts_at", "documents", "document", "sessions"),
        *_month_rows(doc_other, "starts_at", "documents", "document", "other"),
    ]


def sessions_per_month_by_topic(organisation, first, last, *, unit=None):
    sessions = _activities(organisation, first, last, unit).sessions()
    return {
        (c.pk, coverage.Month(c.year, c.month)): c.count
        for c in _month_rows(sessions, "starts_at", "topics", "topic", "sessions")
    }


def coverage_matrix(organisation, plan, first, last, *, unit=None, today=None):
    topics = [coverage.Subject("topic", t.pk, t.label, t.title) for t in plan.topics.all()]
    documents = [
        coverage.Subject("document", pd.document.pk, pd.document.key, pd.document.subject)
        for pd in plan.plan_documents.select_related("document")
    ]
    counts = coverage_counts(organisation, first, last, unit=unit, plan=plan)
    return coverage.build_matrix(
        topics,
        documents,
        coverage.month_range(first, last),
        counts,
        today or timezone.localdate(),
    )


# --- Attendance ----------------------------------------------------------------------------


@dataclass
class AttendanceTotals:
    sessions: int = 0
    invited: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def rate(self) -> float | None:
        return self.present * 100 / self.invited if self.invited else None

    def add(self, status: str, n: int) -> None:
        self.invited += n
        if status == Attendance.Status.PRESENT:
            self.present += n
        elif status == Attendance.Status.EXCUSED:
            self.excused += n
        else:
            self.absent += n


def _taken_place(organisation, first, last, unit=None):
    start, end = day_bounds(first, last)
    sessions = Activity.objects.sessions().filter(
        organisation=organisation,
        starts_at__gte=start,
        starts_at__lt=min(end, timezone.now()),
        is_cancelled=False,
    )
    if unit is not None:
        sessions = sessions.for_unit([unit.pk])
    return sessions


def attendance_totals(organisation, first, last, *, unit=None) -> AttendanceTotals:
    sessions = _taken_place(organisation, first, last, unit)
    totals = AttendanceTotals(sessions=sessions.count())
    rows = Attendance.objects.filter(activity__in=sessions)
    if unit is not None:
        rows = rows.filter(staff__unit=unit)
    for row in rows.values("status").annotate(n=DbCount("pk")).order_by():
        totals.add(row["status"], row["n"])
    return totals


def attendance_by_unit(organisation, first, last) -> dict[int, AttendanceTotals]:
    sessions = _taken_place(organisation, first, last)
    result: dict[int, AttendanceTotals] = defaultdict(AttendanceTotals)
    held = (
        Activity.invited_units.through.objects.filter(activity__in=sessions)
        .values("unit_id")
        .annotate(n=DbCount("activity_id", distinct=True))
        .order_by()
    )
    for row in held:
        result[row["unit_id"]].sessions = row["n"]
    rows = (
        Attendance.objects.filter(activity__in=sessions)
        .values("staff__unit_id", "status")
        .annotate(n=DbCount("pk"))
        .order_by()
    )
    for row in rows:
        result[row["staff__unit_id"]].add(row["status"], row["n"])
    return dict(result)
