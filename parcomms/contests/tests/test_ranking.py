"""The Vietnamese ranking order, with ties at every level (pure, no database)."""

from datetime import datetime, timedelta

from parcomms.contests import ranking
from parcomms.contests.ranking import Entry

T0 = datetime(2025, 10, 5, 9, 0, 0)


def entry(attempt_id, person, correct, prediction, duration_ms, seconds_after, count=10):
    return Entry(
        attempt_id=attempt_id,
        person=person,
        correct=correct,
        question_count=count,
        prediction=prediction,
        duration_ms=duration_ms,
        submitted_at=T0 + timedelta(seconds=seconds_after),
    )


def order(ranked):
    return [r.person for r in ranked]


def test_most_correct_first():
    entries = [entry(1, "an", 8, 3, 1000, 0), entry(2, "binh", 9, 99, 90000, 50)]
    assert order(ranking.rank_round(entries, actual=3)) == ["binh", "an"]


def test_tie_on_correct_broken_by_prediction_closest_to_perfect_count():
    # Perfect attempts: c and d -> actual = 2.
    entries = [
        entry(1, "a", 9, 10, 1000, 0),  # gap 8
        entry(2, "b", 9, 1, 9000, 9),  # gap 1
        entry(3, "c", 10, 50, 100, 1),
        entry(4, "d", 10, 2, 100, 2),  # gap 0
    ]
    ranked = ranking.rank_round(entries)
    assert ranking.perfect_count(entries) == 2
    assert order(ranked) == ["d", "c", "b", "a"]
    assert [r.prediction_gap for r in ranked] == [0, 48, 1, 8]


def test_gap_is_absolute_over_and_under():
    entries = [entry(1, "over", 5, 7, 500, 0), entry(2, "under", 5, 4, 100, 0)]
    # actual 5: over gap 2, under gap 1
    assert order(ranking.rank_round(entries, actual=5)) == ["under", "over"]


def test_no_prediction_ranks_after_any_prediction():
    entries = [entry(1, "none", 7, None, 10, 0), entry(2, "far", 7, 10**6, 99999, 99)]
    ranked = ranking.rank_round(entries, actual=0)
    assert order(ranked) == ["far", "none"]
    assert ranked[1].prediction_gap is None


def test_tie_on_correct_and_gap_broken_by_shortest_time():
    entries = [entry(1, "slow", 8, 3, 60000, 0), entry(2, "fast", 8, 5, 45000, 100)]
    # actual 4: both gaps are 1
    assert order(ranking.rank_round(entries, actual=4)) == ["fast", "slow"]


def test_tie_on_correct_gap_and_time_broken_by_earliest_submission():
    entries = [entry(1, "late", 8, 4, 45000, 30), entry(2, "early", 8, 4, 45000, 10)]
    assert order(ranking.rank_round(entries, actual=4)) == ["early", "late"]


def test_full_tie_broken_by_attempt_id_deterministically():
    entries = [entry(7, "x", 8, 4, 45000, 10), entry(3, "y", 8, 4, 45000, 10)]
    first = ranking.rank_round(entries, actual=4)
    again = ranking.rank_round(list(reversed(entries)), actual=4)
    assert order(first) == order(again) == ["y", "x"]
    assert [r.rank for r in first] == [1, 2]
    assert ranking.digest(first) == ranking.digest(again)


def test_best_attempt_per_person_counts():
    entries = [
        entry(1, "an", 6, 4, 1000, 0),
        entry(2, "an", 9, 4, 90000, 100),  # better: more correct despite slower
        entry(3, "binh", 8, 4, 1000, 50),
    ]
    ranked = ranking.rank_round(entries, actual=0)
    assert order(ranked) == ["an", "binh"]
    assert ranked[0].entry.attempt_id == 2


def test_best_attempt_uses_the_same_order_on_ties():
    entries = [entry(1, "an", 9, 1, 5000, 0), entry(2, "an", 9, 0, 8000, 100)]
    # actual 0: attempt 2 has gap 0 and wins despite being slower
    assert ranking.rank_round(entries, actual=0)[0].entry.attempt_id == 2


def test_input_order_does_not_matter():
    entries = [entry(i, f"p{i % 7}", i % 5, i % 3, 1000 + i * 37 % 500, i % 11) for i in range(60)]
    a = ranking.rank_round(entries)
    b = ranking.rank_round(list(reversed(entries)))
    assert [(r.person, r.entry.attempt_id) for r in a] == [
        (r.person, r.entry.attempt_id) for r in b
    ]
    assert [r.rank for r in a] == list(range(1, 8))


def test_overall_sums_rounds_with_ties_broken_at_each_level():
    r1 = ranking.rank_round(
        [
            entry(1, "a", 9, 1, 1000, 0),
            entry(2, "b", 10, 1, 2000, 1),
            entry(3, "c", 10, 1, 2000, 1),
            entry(4, "d", 10, 3, 500, 2),
        ]
    )  # actual 3
    r2 = ranking.rank_round(
        [
            entry(5, "a", 10, 0, 1000, 0),
            entry(6, "b", 9, 1, 1000, 5),
            entry(7, "c", 9, 1, 1000, 4),
            entry(8, "d", 7, 1, 1000, 3),
        ]
    )  # actual 1
    overall = ranking.rank_overall([r1, r2])
    # totals: a 19 (gaps 2+1=3), b 19 (gaps 2+0=2), c 19 (gaps 2+0=2, same time as b, earlier
    # last submission), d 17
    assert [o.person for o in overall] == ["c", "b", "a", "d"]
    assert [o.total_correct for o in overall] == [19, 19, 19, 17]
    assert overall[0].rounds_taken == 2


def test_overall_person_taking_fewer_rounds_ranks_by_total():
    r1 = ranking.rank_round([entry(1, "a", 5, 0, 1, 0), entry(2, "b", 10, 0, 1, 0)])
    r2 = ranking.rank_round([entry(3, "a", 6, 0, 1, 0)])
    overall = ranking.rank_overall([r1, r2])
    assert [(o.person, o.total_correct, o.rounds_taken) for o in overall] == [
        ("a", 11, 2),
        ("b", 10, 1),
    ]


def test_unit_summaries_participation_and_average():
    ranked = ranking.rank_round(
        [entry(1, "a", 8, 0, 1, 0), entry(2, "b", 6, 0, 1, 0), entry(3, "c", 10, 0, 1, 0)]
    )
    summaries = {
        s.unit: s
        for s in ranking.unit_summaries(
            ranked, {"a": 1, "b": 1, "c": 2}, {1: 4, 2: 1, 3: 5}, question_count=10
        )
    }
    assert summaries[1].participants == 2
    assert summaries[1].participation_rate == 0.5
    assert summaries[1].average_correct == 7
    assert summaries[2].participation_rate == 1.0
    assert summaries[3].participants == 0 and summaries[3].average_correct is None
