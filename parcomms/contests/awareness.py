"""Awareness measurement: the change between a quiz before and a quiz after a campaign
(pure Python, no Django).

Each answer is one `Answer` row: which phase (before/after), the entrant's unit, the content
area of the question, and whether it was answered correctly. The average score of a group is
the share of its answers that are correct (0..1). The report gives, for each content area
and unit, the average before, after and the change, with the number of answers behind each.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

PRE = "pre"
POST = "post"
ALL = None  # the "all units" / "all areas" rows


@dataclass(frozen=True)
class Answer:
    phase: str  # PRE or POST
    unit: Hashable
    area: str
    correct: bool


@dataclass(frozen=True)
class Change:
    area: str | None  # None = every area
    unit: Hashable | None  # None = every unit
    before: float | None
    after: float | None
    answers_before: int
    answers_after: int

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def _average(counts: list[int]) -> float | None:
    correct, total = counts
    return correct / total if total else None


def change_report(answers: Iterable[Answer]) -> list[Change]:
    """Rows for (area, unit), (area, all units), (all areas, unit) and (all, all).

    Ordered by area (all areas last), then unit (all units last); units and areas compare
    by their own order, so pass keys that sort the way the page should show them.
    """
    tally: dict[tuple, dict[str, list[int]]] = {}
    for a in answers:
        if a.phase not in (PRE, POST):
            raise ValueError(f"unknown phase {a.phase!r}")
        for key in ((a.area, a.unit), (a.area, ALL), (ALL, a.unit), (ALL, ALL)):
            counts = tally.setdefault(key, {PRE: [0, 0], POST: [0, 0]})[a.phase]
            counts[0] += int(a.correct)
            counts[1] += 1

    def order(key):
        area, unit = key
        return (area is None, area or "", unit is None, _sortable(unit))

    return [
        Change(
            area=area,
            unit=unit,
            before=_average(t[PRE]),
            after=_average(t[POST]),
            answers_before=t[PRE][1],
            answers_after=t[POST][1],
        )
        for (area, unit), t in sorted(tally.items(), key=lambda kv: order(kv[0]))
    ]


def _sortable(value) -> tuple:
    if value is None:
        return (0, "")
    if isinstance(value, tuple):
        return (1, value)
    return (1, (str(value),))
