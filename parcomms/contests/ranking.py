"""Ranking contest entries the way Vietnamese online contests do (pure Python, no Django).

Per round, each person's best attempt counts, and people are ordered by
1. the most correct answers,
2. the prediction closest to the real number of perfect entries in the round
   (*câu hỏi dự đoán*; no prediction ranks after every prediction),
3. the shortest time taken,
4. the earliest submission,
and, should all four be equal, the attempt submitted first to the database (its id), so the
order is total and the same on every run.

The "real number" is the count of submitted attempts (*lượt dự thi*) in the round whose
every answer is correct; it is known only once the round has closed.

Overall (all rounds of a contest): total correct over the rounds taken, then the total
prediction gap, then the total time, then the latest of the counted submissions (earlier
first), then the person key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

NO_PREDICTION_GAP = 10**12  # no prediction ranks after every real prediction


@dataclass(frozen=True)
class Entry:
    """One submitted attempt."""

    attempt_id: int
    person: Hashable
    correct: int
    question_count: int
    prediction: int | None
    duration_ms: int
    submitted_at: datetime

    @property
    def perfect(self) -> bool:
        return self.question_count > 0 and self.correct == self.question_count


@dataclass(frozen=True)
class Ranked:
    rank: int
    entry: Entry
    prediction_gap: int | None  # |prediction - actual|; None without a prediction

    @property
    def person(self) -> Hashable:
        return self.entry.person


@dataclass(frozen=True)
class OverallRanked:
    rank: int
    person: Hashable
    total_correct: int
    total_gap: (
        int  # sum of the counted prediction gaps (missing predictions count NO_PREDICTION_GAP)
    )
    total_duration_ms: int
    rounds_taken: int
    last_submitted_at: datetime


def perfect_count(entries: Iterable[Entry]) -> int:
    """The answer to the prediction question: submitted attempts with every answer correct."""
    return sum(1 for e in entries if e.perfect)


def prediction_gap(prediction: int | None, actual: int) -> int | None:
    return None if prediction is None else abs(prediction - actual)


def sort_key(entry: Entry, actual: int) -> tuple:
    gap = prediction_gap(entry.prediction, actual)
    return (
        -entry.correct,
        NO_PREDICTION_GAP if gap is None else gap,
        entry.duration_ms,
        entry.submitted_at,
        entry.attempt_id,
    )


def best_per_person(entries: Iterable[Entry], actual: int) -> list[Entry]:
    """Each person's best attempt, judged by the same order as the ranking."""
    best: dict[Hashable, Entry] = {}
    for entry in entries:
        current = best.get(entry.person)
        if current is None or sort_key(entry, actual) < sort_key(current, actual):
            best[entry.person] = entry
    return list(best.values())


def rank_round(entries: Sequence[Entry], actual: int | None = None) -> list[Ranked]:
    """The round's ranking: one row per person, ranks 1..N with no gaps and no ties.

    `actual` defaults to the number of perfect attempts among `entries`.
    """
    if actual is None:
        actual = perfect_count(entries)
    best = sorted(best_per_person(entries, actual), key=lambda e: sort_key(e, actual))
    return [
        Ranked(rank=i, entry=e, prediction_gap=prediction_gap(e.prediction, actual))
        for i, e in enumerate(best, start=1)
    ]


def rank_overall(rounds: Iterable[Sequence[Ranked]]) -> list[OverallRanked]:
    """Combine round rankings (each person's counted attempt per round) into one ranking."""
    totals: dict[Hashable, list] = {}
    for ranking in rounds:
        for row in ranking:
            t = totals.setdefault(row.person, [0, 0, 0, 0, None])
            t[0] += row.entry.correct
            t[1] += NO_PREDICTION_GAP if row.prediction_gap is None else row.prediction_gap
            t[2] += row.entry.duration_ms
            t[3] += 1
            if t[4] is None or row.entry.submitted_at > t[4]:
                t[4] = row.entry.submitted_at
    ordered = sorted(
        totals.items(),
        key=lambda kv: (-kv[1][0], kv[1][1], kv[1][2], kv[1][4], _person_order(kv[0])),
    )
    return [
        OverallRanked(
            rank=i,
            person=person,
            total_correct=t[0],
            total_gap=t[1],
            total_duration_ms=t[2],
            rounds_taken=t[3],
            last_submitted_at=t[4],
        )
        for i, (person, t) in enumerate(ordered, start=1)
    ]


def _person_order(person: Hashable) -> tuple:
    # Person keys are ids (ints) in practice; fall back to their text for anything else.
    return (0, person, "") if isinstance(person, int) else (1, 0, str(person))


def digest(ranking: Sequence[Ranked]) -> str:
    """A fingerprint of a round ranking: equal rankings give equal digests."""
    rows = [
        [r.rank, r.entry.attempt_id, str(r.entry.person), r.entry.correct, r.prediction_gap]
        for r in ranking
    ]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


@dataclass(frozen=True)
class UnitSummary:
    unit: Hashable
    participants: int
    staff_count: int | None  # None when the unit's headcount is not known (public entrants)
    average_correct: float | None
    question_count: int

    @property
    def participation_rate(self) -> float | None:
        if not self.staff_count:
            return None
        return min(1.0, self.participants / self.staff_count)


def unit_summaries(
    ranking: Sequence[Ranked],
    unit_of: dict[Hashable, Hashable],
    staff_counts: dict[Hashable, int],
    question_count: int,
) -> list[UnitSummary]:
    """Per unit: people who took part, the unit's headcount, the average of their counted scores.

    `unit_of` maps a person to a unit (people without one are left out); every unit in
    `staff_counts` gets a row, even with nobody taking part.
    """
    scores: dict[Hashable, list[int]] = {u: [] for u in staff_counts}
    for row in ranking:
        unit = unit_of.get(row.person)
        if unit is not None:
            scores.setdefault(unit, []).append(row.entry.correct)
    return [
        UnitSummary(
            unit=unit,
            participants=len(values),
            staff_count=staff_counts.get(unit),
            average_correct=(sum(values) / len(values)) if values else None,
            question_count=question_count,
        )
        for unit, values in scores.items()
    ]
