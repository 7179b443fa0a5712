"""Drawing the questions of one attempt (pure Python, no Django).

Each attempt gets its own questions, drawn at random from the round's pool and balanced across
content areas (the plan's a, b, c, d, đ, e, g), with the order of the answer options shuffled.
The caller passes a seeded `random.Random`, so a draw can be replayed from the attempt's seed.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping, Sequence


class NotEnoughQuestions(ValueError):
    def __init__(self, wanted: int, available: int):
        super().__init__(f"wanted {wanted} questions, the pool has {available}")
        self.wanted = wanted
        self.available = available


def area_quotas(sizes: Mapping[str, int], n: int, rng: random.Random) -> dict[str, int]:
    """How many questions to take from each area: as even as the pool allows.

    Water-filling: each question slot goes to an area with the fewest questions so far that
    still has some left (ties broken at random), so an area gets fewer than the others only
    when it has run out.
    """
    total = sum(sizes.values())
    if n > total:
        raise NotEnoughQuestions(n, total)
    areas = sorted(a for a, size in sizes.items() if size > 0)
    quotas = dict.fromkeys(areas, 0)
    for _ in range(n):
        open_areas = [a for a in areas if quotas[a] < sizes[a]]
        lowest = min(quotas[a] for a in open_areas)
        quotas[rng.choice([a for a in open_areas if quotas[a] == lowest])] += 1
    return {a: q for a, q in quotas.items() if q}


def balanced_draw(
    pool: Mapping[str, Sequence[Hashable]], n: int, rng: random.Random
) -> list[Hashable]:
    """Draw `n` distinct questions from `pool` (area -> question ids), balanced across areas.

    The result is in a random order (areas interleaved), not grouped by area.
    """
    pools = {area: sorted(set(ids)) for area, ids in pool.items()}
    quotas = area_quotas({a: len(ids) for a, ids in pools.items()}, n, rng)
    drawn: list[Hashable] = []
    for area in sorted(quotas):
        drawn.extend(rng.sample(pools[area], quotas[area]))
    rng.shuffle(drawn)
    return drawn


def shuffled(items: Sequence, rng: random.Random) -> list:
    """A shuffled copy (the answer options of one question)."""
    result = list(items)
    rng.shuffle(result)
    return result
