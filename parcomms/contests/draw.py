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

    Every area gets floor(n / areas); the remainder goes to areas picked at random; an area
    with too few questions gives its share to the others (largest spare capacity first).
    """
    total = sum(sizes.values())
    if n > total:
        raise NotEnoughQuestions(n, total)
    areas = sorted(a for a, size in sizes.items() if size > 0)
    quotas = dict.fromkeys(areas, 0)
    remaining = n
    open_areas = list(areas)
    while remaining and open_areas:
        share, extra = divmod(remaining, len(open_areas))
        lucky = set(rng.sample(open_areas, extra)) if extra else set()
        for area in open_areas:
            want = share + (1 if area in lucky else 0)
            take = min(want, sizes[area] - quotas[area])
            quotas[area] += take
            remaining -= take
        open_areas = [a for a in open_areas if quotas[a] < sizes[a]]
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
