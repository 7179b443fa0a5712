"""Everything the dashboard shows, read in a bounded number of queries whatever the data size.

`build(organisation, year=..., unit=...)` returns one `Dashboard`: plan progress (obligations
per unit for the period containing the reference day, from `activities.queries`), the plan's
indicator targets with verdicts and trends, articles and sessions per month by content area,
the coverage gaps, units ranked by activity, and the approval queue's waiting times.

The reference day is today for the current year and the last day of a past year, so a past
plan shows how its last period ended.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from parcomms.activities import queries
from parcomms.activities.models import Activity, Attendance
from parcomms.activities.obligations import evaluate_obligations
from parcomms.activities.providers import day_bounds
from parcomms.activities.rules import Status as ObligationStatus
from parcomms.content.models import ArticlePage
from parcomms.indicators import services as indicator_services
from parcomms.indicators.evaluate import Status
from parcomms.indicators.models import Indicator
from parcomms.indicators.trends import trend_charts, year_span
from parcomms.org.models import Unit
from parcomms.plans.models import Plan

from . import charts

QUEUE_SHOWN = 8
RANKING_SHOWN = 12


@dataclass
class UnitActivity:
    unit: Unit
    sessions: int = 0
    articles: int = 0
    other: int = 0
    attendance_rate: float | None = None
    rank: int = 0

    @property
    def total(self) -> int:
        return self.sessions + self.articles + self.other


@dataclass
class Waiting:
    article_id: int
    title: str
    unit: str
    step: str
    since: dt.datetime
    days: int


@dataclass
class Queue:
    count: int = 0
    median_days: float | None = None
    max_days: int | None = None
    overdue: int = 0  # waiting longer than ARTICLE_REVIEW_FLAG_DAYS, as the review queue flags
    flag_days: int = 0
    oldest: list[Waiting] = field(default_factory=list)


@dataclass
class IndicatorPanel:
    indicator: Indicator
    verdicts: list
    chart: str | None


@dataclass
class Dashboard:
    organisation: object
    unit: Unit | None
    year: int
    day: dt.date
    plan: Plan | None
    obligations: list = field(default_factory=list)
    obligation_totals: dict = field(default_factory=dict)
    verdict_totals: dict = field(default_factory=dict)
    latest_totals: dict = field(default_factory=dict)
    latest_years: list = field(default_factory=list)
    indicators: list[IndicatorPanel] = field(default_factory=list)
    articles_chart: str = ""
    sessions_chart: str = ""
    matrix: object = None
    ranking: list[UnitActivity] = field(default_factory=list)
    own_rank: UnitActivity | None = None
    units_ranked: int = 0
    queue: Queue = field(default_factory=Queue)
    totals: dict = field(default_factory=dict)

    @property
    def gaps(self):
        return [row for row in self.matrix.topics if row.gap] if self.matrix else []

    @property
    def document_gaps(self):
        return [row for row in self.matrix.documents if row.gap] if self.matrix else []


def current_plan(organisation, year: int | None = None) -> Plan | None:
    plans = Plan.objects.filter(organisation=organisation)
    if year is not None:
        exact = plans.filter(year=year).order_by("-pk").first()
        if exact is not None:
            return exact
    return plans.order_by("-year", "-pk").first()


def reference_day(year: int, today: dt.date) -> dt.date:
    if year < today.year:
        return dt.date(year, 12, 31)
    if year > today.year:
        return dt.date(year, 1, 1)
    return today


def build(organisation, *, year: int | None = None, unit: Unit | None = None, today=None):
    today = today or timezone.localdate()
    plan = current_plan(organisation, year)
    year = year or (plan.year if plan and plan.year else today.year)
    day = reference_day(year, today)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    board = Dashboard(organisation=organisation, unit=unit, year=year, day=day, plan=plan)
    unit_ids = unit.subtree_ids() if unit is not None else None

    _obligations(board, unit_ids, today)
    _indicators(board)
    if plan is not None:
        board.matrix = queries.coverage_matrix(
            organisation, plan, first, last, unit=unit, today=day
        )
        _monthly_charts(board)
    _ranking(board, first, last, unit_ids)
    board.queue = approval_queue(organisation, unit_ids=unit_ids)
    return board


# --- Plan progress -----------------------------------------------------------------------------


def _obligations(board: Dashboard, unit_ids, today: dt.date) -> None:
    """Each unit's obligations in the period containing the reference day, judged as of today
    (a past year's last period is over, so what is missing there is overdue)."""
    units = Unit.objects.filter(organisation=board.organisation)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    by_unit = {u.pk: queries.UnitStatus(u) for u in units}
    for obligation in evaluate_obligations(
        board.organisation,
        first=board.day,
        last=board.day,
        today=max(today, board.day),
        units=list(by_unit[pk].unit for pk in by_unit),
    ):
        verdict = obligation.verdict_on(board.day)
        if verdict is not None:
            by_unit[obligation.unit.pk].obligations.append((obligation.rule, verdict))
    statuses = [s for s in by_unit.values() if s.obligations]
    order = {ObligationStatus.OVERDUE: 0, ObligationStatus.DUE: 1}
    statuses.sort(key=lambda s: (-s.overdue, -s.due, s.unit.sort_key))
    for s in statuses:
        s.obligations.sort(key=lambda pair: order.get(pair[1].status, 2))
    board.obligations = statuses
    board.obligation_totals = {
        "units": len(statuses),
        "units_done": sum(1 for s in statuses if s.done == len(s.obligations)),
        "done": sum(s.done for s in statuses),
        "due": sum(s.due for s in statuses),
        "overdue": sum(s.overdue for s in statuses),
        "all": sum(len(s.obligations) for s in statuses),
    }


# --- Indicators -----------------------------------------------------------------------------


def _chart_for(indicator, verdicts, history, years, uid) -> str | None:
    targets = [indicator_services.as_parsed_target(v.target) for v in verdicts]
    trend = trend_charts(indicator.info(), history, years, targets, uid=uid, width=380, height=190)
    kinds = {t.kind for t in targets}
    if kinds & {"score", "percent"} and trend.score_svg:
        return trend.score_svg
    if kinds & {"rank", "top_n", "rank_change"} and trend.rank_svg:
        return trend.rank_svg
    return trend.rank_svg or trend.score_svg


def _indicators(board: Dashboard) -> None:
    if board.plan is None:
        return
    indicators = {i.code: i for i in Indicator.objects.all()}
    results = indicator_services.results_by_indicator(board.organisation)
    verdicts = indicator_services.plan_verdicts(
        board.plan, year=board.year, results=results, indicators=indicators
    )
    board.verdict_totals = {
        status: sum(1 for v in verdicts if v.status is status) for status in Status
    }
    # The plan's year is often not published yet: how the latest results measure up.
    latest = [v.latest for v in verdicts if v.latest is not None]
    board.latest_totals = {
        status: sum(1 for v in latest if v.status is status) for status in Status
    }
    board.latest_years = sorted({v.year for v in latest})
    by_code: dict[str, list] = defaultdict(list)
    for v in verdicts:
        by_code[v.target.indicator].append(v)
    for code, items in by_code.items():
        indicator = indicators.get(code)
        if indicator is None:
            continue
        per_scope = results.get(code, {})
        scope = "" if "" in per_scope else (sorted(per_scope)[0] if per_scope else "")
        history = {y: r.observation() for y, r in per_scope.get(scope, {}).items()}
        chart = None
        if history:
            years = year_span(history, board.year)
            chart = _chart_for(indicator, items, history, years, f"dash-{code.lower()}")
        board.indicators.append(IndicatorPanel(indicator, items, chart))


# --- Articles and sessions per month -------------------------------------------------------------


def _monthly_charts(board: Dashboard) -> None:
    matrix = board.matrix
    months = [m.short_label for m in matrix.months]
    article_stacks, session_stacks = [], []
    for row in matrix.topics:
        label = f"{row.subject.label}) {row.subject.title.removeprefix('Tuyên truyền ')}"
        article_stacks.append((label, [c.articles for c in row.cells]))
        session_stacks.append((label, [c.sessions for c in row.cells]))
    board.articles_chart = charts.stacked_bars(
        months,
        article_stacks,
        title=f"Tin, bài được đăng theo tháng và nội dung — {board.year}",
        uid="dash-articles",
        width=920,
        height=300,
    )
    board.sessions_chart = charts.stacked_bars(
        months,
        session_stacks,
        title=f"Buổi sinh hoạt, hội nghị theo tháng và nội dung — {board.year}",
        uid="dash-sessions",
        width=920,
        height=300,
    )


# --- Units ranked by activity ---------------------------------------------------------------------


def _ranking(board: Dashboard, first, last, unit_ids) -> None:
    organisation = board.organisation
    start, end = day_bounds(first, last)
    units = {u.pk: UnitActivity(u) for u in Unit.objects.filter(organisation=organisation)}
    activities = Activity.objects.filter(
        organisation=organisation, starts_at__gte=start, starts_at__lt=end
    ).held()
    for row in activities.sessions().values("unit_id").annotate(n=Count("pk")).order_by():
        if row["unit_id"] in units:
            units[row["unit_id"]].sessions = row["n"]
    for row in (
        activities.other_communication().values("unit_id").annotate(n=Count("pk")).order_by()
    ):
        if row["unit_id"] in units:
            units[row["unit_id"]].other = row["n"] or 0
    articles = ArticlePage.objects.live().filter(
        organisation=organisation, first_published_at__gte=start, first_published_at__lt=end
    )
    for row in articles.values("unit_id").annotate(n=Count("pk")).order_by():
        if row["unit_id"] in units:
            units[row["unit_id"]].articles = row["n"]
    # Attendance of the sessions each unit organised (one join, no per-person unit lookup).
    attendance: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # unit -> [present, invited]
    taken_place = Attendance.objects.filter(
        activity__organisation=organisation,
        activity__kind__in=Activity.SESSION_KINDS,
        activity__starts_at__gte=start,
        activity__starts_at__lt=min(end, timezone.now()),
        activity__is_cancelled=False,
    )
    for row in taken_place.values("activity__unit_id", "status").annotate(n=Count("pk")).order_by():
        counts = attendance[row["activity__unit_id"]]
        counts[1] += row["n"]
        if row["status"] == Attendance.Status.PRESENT:
            counts[0] += row["n"]
    for unit_id, (present, invited) in attendance.items():
        if unit_id in units and invited:
            units[unit_id].attendance_rate = present * 100 / invited
    ranked = sorted(
        units.values(),
        key=lambda u: (-u.total, -u.sessions, u.unit.sort_key),
    )
    for i, u in enumerate(ranked, start=1):
        u.rank = i
    board.units_ranked = len(ranked)
    board.totals = {
        "sessions": sum(u.sessions for u in ranked),
        "articles": sum(u.articles for u in ranked),
        "other": sum(u.other for u in ranked),
    }
    board.totals["attendance_rate"] = _rate(attendance.values())
    if unit_ids is None:
        board.ranking = ranked[:RANKING_SHOWN]
    else:
        mine = [u for u in ranked if u.unit.pk in set(unit_ids)]
        board.ranking = mine
        board.own_rank = mine[0] if mine and mine[0].unit.pk == unit_ids[0] else None
        board.totals = {
            "sessions": sum(u.sessions for u in mine),
            "articles": sum(u.articles for u in mine),
            "other": sum(u.other for u in mine),
            "attendance_rate": _rate(
                attendance[u.unit.pk] for u in mine if u.unit.pk in attendance
            ),
        }


def _rate(counts) -> float | None:
    counts = list(counts)
    present = sum(c[0] for c in counts)
    invited = sum(c[1] for c in counts)
    return present * 100 / invited if invited else None


# --- Approval queue ------------------------------------------------------------------------------


def approval_queue(organisation, *, unit_ids=None, now=None) -> Queue:
    """Articles of the organisation (or units) waiting at a step of the approval workflow:
    how many, the median and longest wait, and the oldest few. Three queries."""
    now = now or timezone.now()
    articles = ArticlePage.objects.filter(organisation=organisation)
    if unit_ids is not None:
        articles = articles.filter(unit_id__in=unit_ids)
    ids = articles.annotate(str_pk=Cast("pk", output_field=CharField())).values("str_pk")
    waiting = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id__in=ids,
    )
    rows = list(
        waiting.order_by("started_at", "pk").values_list(
            "started_at", "workflow_state__object_id", "task__name"
        )
    )
    queue = Queue(count=len(rows), flag_days=settings.ARTICLE_REVIEW_FLAG_DAYS)
    if not rows:
        return queue
    days = [max((now - started).days, 0) for started, _, _ in rows]
    queue.median_days = statistics.median(days)
    queue.max_days = max(days)
    queue.overdue = sum(1 for d in days if d > queue.flag_days)
    oldest = rows[:QUEUE_SHOWN]
    titles = {
        str(a["pk"]): a
        for a in ArticlePage.objects.filter(pk__in=[int(r[1]) for r in oldest]).values(
            "pk", "title", "unit__name"
        )
    }
    for (started, object_id, task_name), d in zip(oldest, days, strict=False):
        article = titles.get(object_id)
        if article is None:
            continue
        queue.oldest.append(
            Waiting(article["pk"], article["title"], article["unit__name"], task_name, started, d)
        )
    return queue
