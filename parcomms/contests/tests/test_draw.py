"""Drawing questions per attempt: random, balanced across content areas, reproducible."""

import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcomms.contests.draw import NotEnoughQuestions, area_quotas, balanced_draw, shuffled


def test_balanced_across_areas_when_the_pool_allows():
    pool = {"a": range(0, 10), "b": range(10, 20), "c": range(20, 30), "d": range(30, 40)}
    drawn = balanced_draw(pool, 8, random.Random(1))
    areas = Counter(q // 10 for q in drawn)
    assert sorted(areas.values()) == [2, 2, 2, 2]
    assert len(set(drawn)) == 8


def test_small_area_gives_its_share_to_the_others():
    pool = {"a": [1], "b": range(10, 20), "c": range(20, 30)}
    quotas = area_quotas({a: len(list(ids)) for a, ids in pool.items()}, 9, random.Random(3))
    assert quotas["a"] == 1
    assert quotas["b"] + quotas["c"] == 8
    assert abs(quotas["b"] - quotas["c"]) <= 1


def test_not_enough_questions_is_refused():
    with pytest.raises(NotEnoughQuestions):
        balanced_draw({"a": [1, 2], "b": [3]}, 4, random.Random(0))


def test_same_seed_same_draw_other_seed_other_draw():
    pool = {"a": range(100), "b": range(100, 200)}
    assert balanced_draw(pool, 10, random.Random(42)) == balanced_draw(pool, 10, random.Random(42))
    draws = {tuple(balanced_draw(pool, 10, random.Random(seed))) for seed in range(20)}
    assert len(draws) == 20


def test_order_is_interleaved_not_grouped_by_area():
    pool = {"a": range(0, 50), "b": range(50, 100)}
    grouped = 0
    for seed in range(30):
        drawn = balanced_draw(pool, 10, random.Random(seed))
        if [q < 50 for q in drawn] in ([True] * 5 + [False] * 5, [False] * 5 + [True] * 5):
            grouped += 1
    assert grouped < 5


def test_shuffled_options_are_a_permutation_and_vary():
    options = [11, 12, 13, 14]
    orders = {tuple(shuffled(options, random.Random(s))) for s in range(50)}
    assert all(sorted(o) == options for o in orders)
    assert len(orders) > 10
    assert options == [11, 12, 13, 14]  # the input is left alone


@given(
    sizes=st.dictionaries(st.sampled_from("abcdeg"), st.integers(0, 12), min_size=1),
    n=st.integers(1, 40),
    seed=st.integers(0, 2**32),
)
def test_quotas_are_as_even_as_possible(sizes, n, seed):
    total = sum(sizes.values())
    if n > total:
        with pytest.raises(NotEnoughQuestions):
            area_quotas(sizes, n, random.Random(seed))
        return
    quotas = area_quotas(sizes, n, random.Random(seed))
    assert sum(quotas.values()) == n
    assert all(quotas.get(a, 0) <= size for a, size in sizes.items())
    # An area below the largest quota by 2 or more must be exhausted.
    top = max(quotas.values())
    for area, size in sizes.items():
        if quotas.get(area, 0) <= top - 2:
            assert quotas.get(area, 0) == size
