"""The plain records emulation scoring reads (pure Python, no Django).

`records.gather` fills a `PeriodFacts` from the database; the scoring and ranking functions
work on these only, so they are tested without a database and a closed period can say
exactly which records it was computed from (`fingerprint`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

PRESENT, EXCUSED, ABSENT = "present", "excused", "absent"
DONE, DUE, OVERDUE, NO_DATA = "done", "due", "overdue", "no_data"


@dataclass(frozen=True)
class UnitFact:
    id: int
    name: str


@dataclass(frozen=True)
class StaffFact:
    id: int
    name: str
    unit_id: int
    active: bool = True


@dataclass(frozen=True)
class ArticleFact:
    """A published article: its kind, first publication day, authors (staff ids) and the
    channels it reached ("site" always; others when their delivery was sent)."""

    id: int
    title: str
    kind: str
    day: dt.date
    author_ids: tuple[int, ...]
    channels: tuple[str, ...]


@dataclass(frozen=True)
class SessionFact:
    """A session with reform content that started in the period and was not cancelled."""

    id: int
    title: str
    day: dt.date
    organiser_id: int
    invited_ids: tuple[int, ...]
    attendance: tuple[tuple[int, str], ...]  # (staff id, present/excused/absent)

    @property
    def held(self) -> bool:
        """A session nobody attended did not take place."""
        return any(status == PRESENT for _staff, status in self.attendance)

    def involves(self, unit_id: int) -> bool:
        return unit_id == self.organiser_id or unit_id in self.invited_ids


@dataclass(frozen=True)
class ObligationFact:
    """One obligation of one unit in one of the rule's own periods inside the period."""

    unit_id: int
    rule_id: int
    title: str
    period_label: str
    status: str  # done / due / overdue / no_data


@dataclass(frozen=True)
class RoundFact:
    id: int
    contest_id: int
    title: str


@dataclass(frozen=True)
class AttemptFact:
    """A submitted contest attempt of a staff member."""

    staff_id: int
    round_id: int
    correct: int
    questions: int


@dataclass(frozen=True)
class ManualFact:
    unit_id: int
    code: str
    self_points: Decimal | None
    appraised_points: Decimal | None = None
    reason: str = ""
    evidence: int = 0


@dataclass(frozen=True)
class PeriodFacts:
    start: dt.date
    end: dt.date
    units: tuple[UnitFact, ...] = ()
    staff: tuple[StaffFact, ...] = ()
    articles: tuple[ArticleFact, ...] = ()
    sessions: tuple[SessionFact, ...] = ()
    obligations: tuple[ObligationFact, ...] = ()
    rounds: tuple[RoundFact, ...] = ()
    attempts: tuple[AttemptFact, ...] = ()
    manual: tuple[ManualFact, ...] = ()

    def canonical(self) -> dict:
        """Every record, in a stable order, as JSON-ready values."""

        def plain(value):
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            return value

        out = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for f in dataclasses.fields(self):
            if f.name in ("start", "end"):
                continue
            rows = [plain(dataclasses.asdict(r)) for r in getattr(self, f.name)]
            out[f.name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
        return out

    def fingerprint(self) -> str:
        """SHA-256 of the canonical records: equal exactly when the records are."""
        text = json.dumps(self.canonical(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
