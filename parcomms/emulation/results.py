"""Reading a period's emulation results: the frozen scores of a closed period, or the scores
computed now from the records for an open one. Pages, exports and the reports app read
results through `period_result` only.

    result = period_result(period)
    result.units   → (Row(rank=1, tied=False, name="Phòng Kinh tế", total=Decimal("42"),
                           groups={...}, lines=(Line(...), ...)), ...)
    result.people  → the same for people (name, unit_name)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from .criteria import Criteria, Group
from .facts import PeriodFacts
from .models import Closing, CriteriaSet, CriteriaVersion, Period
from .periods import parse_key
from .ranking import rank_scores
from .records import gather_for_period
from .scoring import Line, score


class NoCriteria(LookupError):
    """The organisation has no criteria for the period's year yet."""

    def __init__(self, period):
        super().__init__(
            f"Chưa có bộ tiêu chí thi đua năm {period.year}; chuyên viên CCHC cần lập tiêu chí "
            "trước khi tính điểm."
        )


@dataclass(frozen=True)
class Row:
    rank: int
    tied: bool
    id: int | None
    name: str
    unit_id: int | None
    unit_name: str
    total: Decimal
    groups: dict[str, Decimal]
    lines: tuple[Line, ...]

    def as_json(self) -> dict:
        return {
            "rank": self.rank,
            "tied": self.tied,
            "id": self.id,
            "name": self.name,
            "unit_id": self.unit_id,
            "unit_name": self.unit_name,
            "total": str(self.total),
            "lines": [line.as_json() for line in self.lines],
        }


@dataclass(frozen=True)
class PeriodResult:
    period_id: int
    period_label: str
    period_key: str
    start: dt.date
    end: dt.date
    organisation_name: str
    parent_authority: str
    symbol: str
    place: str
    criteria: Criteria
    criteria_version: int
    closed: bool
    closed_at: dt.datetime | None
    closing_number: int | None
    fingerprint: str
    digest: str
    units: tuple[Row, ...]
    people: tuple[Row, ...]
    groups: tuple[str, ...] = field(default_factory=lambda: Group.ORDER)

    def unit_row(self, unit_id: int) -> Row | None:
        return next((r for r in self.units if r.id == unit_id), None)

    def people_of(self, unit_id: int) -> list[Row]:
        return [r for r in self.people if r.unit_id == unit_id]

    @property
    def used_groups(self) -> tuple[str, ...]:
        """Groups the criteria award points for (the columns worth showing)."""
        c = self.criteria
        used = {
            Group.ARTICLES: bool(c.articles),
            Group.SESSIONS: bool(c.session_points or c.attended_points),
            Group.ATTENDANCE: bool(c.attendance_bands),
            Group.OBLIGATIONS: bool(c.obligation_points),
            Group.PARTICIPATION: bool(c.participation_bands),
            Group.CONTEST_SCORE: bool(c.score_bands),
            Group.MANUAL: bool(c.manual),
        }
        return tuple(g for g in Group.ORDER if used[g])


def digest(units: tuple[Row, ...], people: tuple[Row, ...]) -> str:
    """SHA-256 of the ranked scores, line by line: equal exactly when the results are."""
    text = json.dumps(
        {"units": [r.as_json() for r in units], "people": [r.as_json() for r in people]},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def latest_version(period) -> CriteriaVersion | None:
    criteria_set = CriteriaSet.objects.filter(
        organisation_id=period.organisation_id, year=period.year
    ).first()
    return criteria_set.latest() if criteria_set else None


@dataclass(frozen=True)
class Computed:
    facts: PeriodFacts
    units: tuple[Row, ...]
    people: tuple[Row, ...]
    digest: str


def compute(period, criteria: Criteria, *, now=None) -> Computed:
    """Scores and ranks of a period from its records, as they are now."""
    facts = gather_for_period(period, now=now)
    scores = score(facts, criteria)
    units = tuple(
        Row(r.rank, r.tied, s.id, s.name, s.unit_id, s.unit_name, s.total, s.groups, s.lines)
        for r in rank_scores(scores.units)
        for s in [r.item]
    )
    people = tuple(
        Row(r.rank, r.tied, s.id, s.name, s.unit_id, s.unit_name, s.total, s.groups, s.lines)
        for r in rank_scores(scores.people, person=True)
        for s in [r.item]
    )
    return Computed(facts, units, people, digest(units, people))


def _stored_rows(scores, *, person: bool) -> tuple[Row, ...]:
    return tuple(
        Row(
            rank=s.rank,
            tied=s.tied,
            id=(s.staff_id if person else s.unit_id),
            name=(s.full_name if person else s.unit_name),
            unit_id=s.unit_id,
            unit_name=s.unit_name,
            total=Decimal(s.total),
            groups={g: Decimal(v) for g, v in s.groups.items()},
            lines=tuple(Line.from_json(line) for line in s.lines),
        )
        for s in scores
    )


def closed_rows(closing: Closing) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
    return (
        _stored_rows(closing.unit_scores.order_by("position"), person=False),
        _stored_rows(closing.person_scores.order_by("position"), person=True),
    )


def period_for_key(organisation, key: str) -> Period:
    """The organisation's period "2023-Q2" / "2023-H1" / "2023"; when none was created, an
    unsaved one (its results are computed, never frozen). Raises periods.PeriodError."""
    span = parse_key(key)
    found = Period.objects.filter(
        organisation=organisation, kind=span.kind, year=span.year, number=span.number
    ).first()
    if found is not None:
        return found
    period = Period(organisation=organisation, kind=span.kind, year=span.year, number=span.number)
    period.start, period.end = span.start, span.end
    return period


def period_result(period: Period, *, now=None) -> PeriodResult:
    """The period's results: frozen when closed, computed from the records when open.
    Raises NoCriteria when an open period's year has no criteria yet."""
    organisation = period.organisation
    common = {
        "period_id": period.pk,
        "period_label": period.label,
        "period_key": period.key,
        "start": period.start,
        "end": period.end,
        "organisation_name": organisation.name,
        "parent_authority": organisation.parent_authority,
        "symbol": organisation.symbol,
        "place": organisation.place,
    }
    # Read from the database: the caller's object may predate a close or a reopen.
    closing = (
        Closing.objects.filter(current_for__pk=period.pk).select_related("criteria_version").first()
        if period.pk is not None
        else None
    )
    if closing is not None:
        units, people = closed_rows(closing)
        return PeriodResult(
            **common,
            criteria=closing.criteria_version.criteria(),
            criteria_version=closing.criteria_version.number,
            closed=True,
            closed_at=closing.closed_at,
            closing_number=closing.number,
            fingerprint=closing.fingerprint,
            digest=closing.digest,
            units=units,
            people=people,
        )
    version = latest_version(period)
    if version is None:
        raise NoCriteria(period)
    criteria = version.criteria()
    computed = compute(period, criteria, now=now)
    return PeriodResult(
        **common,
        criteria=criteria,
        criteria_version=version.number,
        closed=False,
        closed_at=None,
        closing_number=None,
        fingerprint=computed.facts.fingerprint(),
        digest=computed.digest,
        units=computed.units,
        people=computed.people,
    )
