"""The one place that reads other apps for emulation: `gather` turns the database into
`facts.PeriodFacts` for an organisation and a period, with a bounded number of queries
(about 20, whatever the number of units, staff, articles, sessions or attempts).

What is read, and from where:

- units and active staff (parcomms.org); staff who left but have records are added;
- articles first published in the period (parcomms.content.counting.published_articles),
  their authors, and the channels where their delivery was sent (parcomms.channels
  Delivery, status "sent"); every published article is on the office's own pages ("site");
- sessions with reform content, not cancelled, started in the period (and before `now`),
  with the units invited and the attendance (parcomms.activities);
- every obligation of every unit in each of the rule's own periods that lie inside the
  period, with its verdict (parcomms.activities.obligations.evaluate_obligations, judged on
  the period's last day);
- contest rounds of the organisation (contests, not awareness quizzes) open during the
  period, and staff attempts submitted in it (parcomms.contests);
- the units' self-scores and appraisals of the period (this app).

Days are local (Asia/Ho_Chi_Minh); `start` and `end` are both included.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from .facts import (
    ArticleFact,
    AttemptFact,
    ManualFact,
    ObligationFact,
    PeriodFacts,
    RoundFact,
    SessionFact,
    StaffFact,
    UnitFact,
)

SITE = "site"


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _articles(organisation, start, end):
    from parcomms.channels.models import Delivery
    from parcomms.content.counting import published_articles
    from parcomms.content.models import ArticlePage

    articles = published_articles(organisation, start, end)
    ids = articles.values("pk")
    authors: dict[int, list[int]] = {}
    for article_id, staff_id in ArticlePage.authors.through.objects.filter(
        articlepage_id__in=ids
    ).values_list("articlepage_id", "staff_id"):
        authors.setdefault(article_id, []).append(staff_id)
    channels: dict[int, set[str]] = {}
    for article_id, channel in Delivery.objects.filter(
        article_id__in=ids, status=Delivery.Status.SENT
    ).values_list("article_id", "channel"):
        channels.setdefault(article_id, set()).add(channel)
    return [
        ArticleFact(
            id=pk,
            title=title,
            kind=kind,
            day=_local_day(published),
            author_ids=tuple(sorted(authors.get(pk, []))),
            channels=tuple(sorted(channels.get(pk, set()) | {SITE})),
        )
        for pk, title, kind, published in articles.order_by("pk").values_list(
            "pk", "title", "kind", "first_published_at"
        )
    ]


def _sessions(organisation, start, end, now):
    from parcomms.activities.models import Activity, Attendance

    low, high = _bounds(start, end)
    sessions = Activity.objects.sessions().filter(
        organisation=organisation,
        starts_at__gte=low,
        starts_at__lt=min(high, now),
        is_cancelled=False,
        reform_content=True,
    )
    invited: dict[int, list[int]] = {}
    for activity_id, unit_id in Activity.invited_units.through.objects.filter(
        activity__in=sessions
    ).values_list("activity_id", "unit_id"):
        invited.setdefault(activity_id, []).append(unit_id)
    attendance: dict[int, list[tuple[int, str]]] = {}
    for activity_id, staff_id, status in Attendance.objects.filter(
        activity__in=sessions
    ).values_list("activity_id", "staff_id", "status"):
        attendance.setdefault(activity_id, []).append((staff_id, status))
    return [
        SessionFact(
            id=pk,
            title=title,
            day=_local_day(starts_at),
            organiser_id=unit_id,
            invited_ids=tuple(sorted(set(invited.get(pk, [])) - {unit_id})),
            attendance=tuple(sorted(attendance.get(pk, []))),
        )
        for pk, title, starts_at, unit_id in sessions.order_by("pk").values_list(
            "pk", "title", "starts_at", "unit_id"
        )
    ]


def _obligations(organisation, start, end, units):
    from parcomms.activities.obligations import evaluate_obligations

    facts = []
    for obligation in evaluate_obligations(
        organisation, first=start, last=end, today=end, units=units
    ):
        for verdict in obligation.verdicts:
            if verdict.period.start < start or verdict.period.end > end:
                continue  # a yearly rule is not judged inside a quarter
            facts.append(
                ObligationFact(
                    unit_id=obligation.unit.pk,
                    rule_id=obligation.rule.pk,
                    title=obligation.rule.title,
                    period_label=verdict.period.label,
                    status=str(verdict.status),
                )
            )
    return sorted(facts, key=lambda f: (f.unit_id, f.rule_id, f.period_label))


def _contests(organisation, start, end):
    from parcomms.contests.models import Attempt, Contest, Round

    low, high = _bounds(start, end)
    rounds = [
        RoundFact(id=pk, contest_id=contest_id, title=f"{title} — Vòng {number}")
        for pk, contest_id, title, number in Round.objects.filter(
            contest__organisation=organisation,
            contest__kind=Contest.Kind.CONTEST,
            opens_at__lt=high,
            closes_at__gte=low,
        )
        .order_by("pk")
        .values_list("pk", "contest_id", "contest__title", "number")
    ]
    attempts = [
        AttemptFact(staff_id=staff_id, round_id=round_id, correct=correct or 0, questions=questions)
        for staff_id, round_id, correct, questions in Attempt.objects.filter(
            round__contest__organisation=organisation,
            round__contest__kind=Contest.Kind.CONTEST,
            status=Attempt.Status.SUBMITTED,
            submitted_at__gte=low,
            submitted_at__lt=high,
            entrant__staff__isnull=False,
        )
        .order_by("pk")
        .values_list("entrant__staff_id", "round_id", "correct_count", "question_count")
    ]
    return rounds, attempts


def _manual(period):
    from .models import ManualScore

    if period is None or period.pk is None:
        return []
    rows = (
        ManualScore.objects.filter(period=period)
        .annotate(files=Count("evidence"))
        .order_by("unit_id", "code")
        .values_list(
            "unit_id", "code", "self_points", "appraised_points", "appraisal_reason", "files"
        )
    )
    return [
        ManualFact(
            unit_id=unit_id,
            code=code,
            self_points=None if self_points is None else _plain(self_points),
            appraised_points=None if appraised is None else _plain(appraised),
            reason=reason,
            evidence=files,
        )
        for unit_id, code, self_points, appraised, reason, files in rows
    ]


def _plain(value):
    from .criteria import canonical

    return canonical(value)


def gather(organisation, start: dt.date, end: dt.date, *, period=None, now=None) -> PeriodFacts:
    """Every record emulation scores for `organisation` between `start` and `end`."""
    from parcomms.org.models import Staff, Unit

    now = now or timezone.now()
    units = list(Unit.objects.filter(organisation=organisation).order_by("pk"))
    staff = {
        pk: StaffFact(pk, name, unit_id, active)
        for pk, name, unit_id, active in Staff.objects.filter(
            organisation=organisation, is_active=True
        ).values_list("pk", "full_name", "unit_id", "is_active")
    }
    articles = _articles(organisation, start, end)
    sessions = _sessions(organisation, start, end, now)
    rounds, attempts = _contests(organisation, start, end)
    referenced = (
        {a for article in articles for a in article.author_ids}
        | {s for session in sessions for s, _status in session.attendance}
        | {a.staff_id for a in attempts}
    )
    missing = referenced - staff.keys()
    if missing:
        for pk, name, unit_id, active in Staff.objects.filter(pk__in=missing).values_list(
            "pk", "full_name", "unit_id", "is_active"
        ):
            staff[pk] = StaffFact(pk, name, unit_id, active)
    return PeriodFacts(
        start=start,
        end=end,
        units=tuple(UnitFact(u.pk, u.name) for u in units),
        staff=tuple(staff[pk] for pk in sorted(staff)),
        articles=tuple(articles),
        sessions=tuple(sessions),
        obligations=tuple(_obligations(organisation, start, end, units)),
        rounds=tuple(rounds),
        attempts=tuple(attempts),
        manual=tuple(_manual(period)),
    )


def gather_for_period(period, *, now=None) -> PeriodFacts:
    return gather(period.organisation, period.start, period.end, period=period, now=now)


def signer_for(organisation, year: int):
    """Who signs the council report: the signer of the organisation's plan for the year (or
    the latest plan before it); None when no plan names one."""
    from parcomms.plans.models import Plan
    from parcomms.vn.nd30 import Signature

    plan = (
        Plan.objects.filter(organisation=organisation, year__lte=year)
        .exclude(signer_name="")
        .order_by("-year", "-pk")
        .first()
    )
    if plan is None:
        return None
    return Signature(
        title=plan.signer_title or "Thủ trưởng cơ quan",
        name=plan.signer_name,
        prefix=plan.signer_prefix or None,
    )
