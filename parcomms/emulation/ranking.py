"""Rankings with ties (pure Python, no Django).

Standard competition ranking: equal scores share a rank and the next rank skips as many
places as were shared (100, 90, 90, 80 → 1, 2, 2, 4). Within a tie, units are listed in
Vietnamese alphabetical order of their names and people in the order Vietnamese rosters use
(given name first, then the whole name); an id settles the order of two identical names so
the list never depends on the order the records came in.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from parcomms.vn.collation import person_sort_key, sort_key

T = TypeVar("T")


@dataclass(frozen=True)
class Ranked(Generic[T]):
    rank: int
    item: T
    tied: bool  # another item shares this rank


def rank(
    items: Iterable[T],
    *,
    score: Callable[[T], Decimal],
    name: Callable[[T], str],
    ident: Callable[[T], Hashable] = lambda item: 0,
    person: bool = False,
) -> list[Ranked[T]]:
    """Items from the highest score, ties sharing a rank, then in Vietnamese name order."""
    by_name = person_sort_key if person else sort_key
    ordered = sorted(items, key=lambda item: (-score(item), by_name(name(item)), ident(item)))
    scores = [score(item) for item in ordered]
    counts: dict[Decimal, int] = {}
    for value in scores:
        counts[value] = counts.get(value, 0) + 1
    out: list[Ranked[T]] = []
    for position, (item, value) in enumerate(zip(ordered, scores, strict=True), start=1):
        place = out[-1].rank if out and scores[position - 2] == value else position
        out.append(Ranked(place, item, counts[value] > 1))
    return out


def rank_scores(scores, *, person: bool = False):
    """Rank `scoring.Score`s (units, or people when `person`) by their total."""
    return rank(
        scores,
        score=lambda s: s.total,
        name=lambda s: s.name,
        ident=lambda s: s.id,
        person=person,
    )


def rank_within_units(people) -> dict[int, list[Ranked]]:
    """People ranked inside their own unit: {unit id: ranking}."""
    groups: dict[int, list] = {}
    for person in people:
        groups.setdefault(person.unit_id, []).append(person)
    return {unit_id: rank_scores(members, person=True) for unit_id, members in groups.items()}
