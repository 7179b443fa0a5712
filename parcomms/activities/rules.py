"""Obligations as data, evaluated by pure functions (no Django).

A rule says what counts (sessions with CCHC content, articles submitted or published, contest
participation, other communication), how often (month, quarter, half-year, year) and how much
(a count, or a percentage of the unit's staff). For one unit and one period the evaluator
counts the matching records and decides:

- done    — the count (or percentage) reached what the rule requires;
- due     — not reached yet, and the period is not over;
- overdue — not reached, and the period is over;
- no_data — the rule cannot be measured (nobody registered a source for what it counts, or
            a percentage rule for a unit with no staff).

Every verdict carries one Vietnamese sentence that says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from parcomms.vn import periods as vn_periods
from parcomms.vn.text import fold


class PeriodKind(StrEnum):
    MONTH = vn_periods.MONTH
    QUARTER = vn_periods.QUARTER
    HALF_YEAR = vn_periods.HALF_YEAR
    YEAR = vn_periods.YEAR


class Status(StrEnum):
    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DONE: "Đã hoàn thành",
    Status.DUE: "Đang thực hiện",
    Status.OVERDUE: "Quá hạn",
    Status.NO_DATA: "Chưa có dữ liệu",
}


# A rule's period is the shared one (parcomms.vn.periods), months included: .start and .end
# (its last day, inclusive), .key "2023-05", "2023-Q2", "2023-H1", "2023", .label
# "Tháng 05/2023", "Quý II/2023", "6 tháng đầu năm 2023", "Năm 2023"; .contains(day), .next().
Period = vn_periods.MonthPeriod


def period_containing(kind: PeriodKind | str, day: dt.date) -> Period:
    return Period.containing(PeriodKind(kind), day)


def periods_between(kind: PeriodKind | str, first: dt.date, last: dt.date) -> list[Period]:
    """Every period of `kind` that overlaps [first, last], in order."""
    if last < first:
        return []
    periods = [period_containing(kind, first)]
    while periods[-1].end < last:
        periods.append(periods[-1].next())
    return periods


def format_day(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass(frozen=True)
class RuleSpec:
    """What the evaluator needs from an obligation rule."""

    counts: str  # the provider code: session, article_submitted, …
    period: PeriodKind
    required: int  # a count, or a percentage for per-person rules
    active_from: dt.date
    active_until: dt.date | None = None
    per_person: bool = False  # required is a percentage of the unit's staff
    noun: str = "hoạt động"  # what is counted, as the explanation names it

    def periods(self, first: dt.date, last: dt.date) -> list[Period]:
        """The rule's periods overlapping [first, last] while the rule is active."""
        first = max(first, self.active_from)
        if self.active_until is not None:
            last = min(last, self.active_until)
        return periods_between(self.period, first, last)


@dataclass(frozen=True)
class Record:
    """One thing that counts: its day and, for per-person rules, who did it."""

    day: dt.date
    who: int | None = None


@dataclass(frozen=True)
class Verdict:
    period: Period
    status: Status
    count: int  # records (or distinct people) in the period
    required: int
    percent: float | None  # per-person rules: count / population × 100
    explanation: str

    @property
    def missing(self) -> int:
        return max(self.required - self.count, 0) if self.percent is None else 0


def count_in_period(records: Iterable[Record], period: Period, *, per_person: bool) -> int:
    inside = [r for r in records if period.contains(r.day)]
    if per_person:
        return len({r.who for r in inside if r.who is not None})
    return len(inside)


def _percent_text(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def evaluate(
    rule: RuleSpec,
    period: Period,
    today: dt.date,
    records: Sequence[Record] | None,
    population: int | None = None,
) -> Verdict:
    """The status of one unit's obligation in one period.

    `records` are the unit's matching records (any dates: those outside the period are
    ignored); None means nothing can measure this rule. `population` is the number of the
    unit's staff, for per-person rules.
    """
    head = f"{period.label}: "
    if records is None:
        return Verdict(
            period,
            Status.NO_DATA,
            0,
            rule.required,
            None,
            head + f"chưa có nguồn dữ liệu để đếm {rule.noun}.",
        )
    count = count_in_period(records, period, per_person=rule.per_person)
    percent = None
    if rule.per_person:
        if not population:
            return Verdict(
                period,
                Status.NO_DATA,
                count,
                rule.required,
                None,
                head + "đơn vị chưa có cán bộ nào trong danh sách.",
            )
        percent = count * 100 / population
        done = percent >= rule.required
        amount = (
            f"{count}/{population} {rule.noun} ({_percent_text(percent)}), "
            f"yêu cầu {_percent_text(rule.required)}"
        )
    else:
        done = count >= rule.required
        amount = f"{count}/{rule.required} {rule.noun}"

    if done:
        return Verdict(
            period, Status.DONE, count, rule.required, percent, head + amount + " — đã hoàn thành."
        )
    if today <= period.end:
        left = (period.end - today).days
        if today < period.start:
            when = f"kỳ bắt đầu ngày {format_day(period.start)}"
        elif left == 0:
            when = "hôm nay là ngày cuối kỳ"
        else:
            when = f"còn {left} ngày, đến hết {format_day(period.end)}"
        return Verdict(
            period,
            Status.DUE,
            count,
            rule.required,
            percent,
            head + amount + f" — đang thực hiện ({when}).",
        )
    return Verdict(
        period,
        Status.OVERDUE,
        count,
        rule.required,
        percent,
        head + amount + f" — quá hạn (kỳ đã kết thúc ngày {format_day(period.end)}).",
    )


def evaluate_periods(
    rule: RuleSpec,
    first: dt.date,
    last: dt.date,
    today: dt.date,
    records: Sequence[Record] | None,
    population: int | None = None,
) -> list[Verdict]:
    """One verdict per active period of the rule between `first` and `last`."""
    return [
        evaluate(rule, period, today, records, population) for period in rule.periods(first, last)
    ]


def needs_reminder(verdict: Verdict, today: dt.date, days_before: int) -> bool:
    """A unit is reminded when its obligation is still due and at most `days_before` days
    of the period are left."""
    if verdict.status != Status.DUE:
        return False
    return verdict.period.start <= today <= verdict.period.end and (
        (verdict.period.end - today).days <= days_before
    )


@dataclass(frozen=True)
class Suggestion:
    counts: str
    period: PeriodKind
    required: int


def suggest_rule(duty_text: str) -> Suggestion:
    """A first guess of a rule from a duty of the plan, for the officer to correct.

    "lồng ghép … trong buổi phổ biến giáo dục pháp luật" → a session every month;
    "khuyến khích … viết tin, bài" → an article submitted every quarter;
    "… tham gia cuộc thi" → every staff member takes part, once a year.
    """
    text = fold(duty_text)
    if "cuoc thi" in text:
        counts, period, required = "contest_participation", PeriodKind.YEAR, 100
    elif any(w in text for w in ("phap luat", "hoi nghi", "buoi hop", "sinh hoat")):
        counts, period, required = "session", PeriodKind.MONTH, 1
    elif any(w in text for w in ("tin, bai", "tin bai", "viet bai", "bai viet")):
        counts, period, required = "article_submitted", PeriodKind.QUARTER, 1
    elif any(w in text for w in ("bang tin", "zalo", "to roi", "pano", "hinh thuc")):
        counts, period, required = "other_communication", PeriodKind.QUARTER, 1
    else:
        counts, period, required = "session", PeriodKind.QUARTER, 1
    for words, kind in (
        (("hang thang", "moi thang"), PeriodKind.MONTH),
        (("hang quy", "moi quy"), PeriodKind.QUARTER),
        (("6 thang", "sau thang"), PeriodKind.HALF_YEAR),
        (("hang nam", "moi nam"), PeriodKind.YEAR),
    ):
        if any(w in text for w in words):
            period = kind
            break
    return Suggestion(counts, period, required)
