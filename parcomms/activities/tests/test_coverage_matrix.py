"""The coverage matrix layout (pure)."""

import datetime as dt

from parcomms.activities.coverage import Count, Month, Subject, build_matrix, month_range

TOPICS = [Subject("topic", 1, "a", "Cải cách thể chế"), Subject("topic", 2, "b", "Cải cách TTHC")]
DOCS = [Subject("document", 9, "1894/QĐ-UBND", "Kế hoạch CCHC")]
YEAR = month_range(dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def test_month_range_crosses_years():
    months = month_range(dt.date(2022, 11, 20), dt.date(2023, 2, 1))
    assert [m.label for m in months] == ["11/2022", "12/2022", "01/2023", "02/2023"]
    assert Month(2022, 12).next() == Month(2023, 1)


def test_cells_add_up_by_source_and_month():
    counts = [
        Count("topic", 1, 2023, 3, "articles", 2),
        Count("topic", 1, 2023, 3, "sessions", 1),
        Count("topic", 1, 2023, 5, "other", 4),
        Count("document", 9, 2023, 5, "sessions", 1),
        Count("topic", 77, 2023, 5, "sessions", 1),  # not a subject of the plan: ignored
        Count("topic", 1, 2024, 1, "sessions", 1),  # outside the months: ignored
    ]
    matrix = build_matrix(TOPICS, DOCS, YEAR, counts, dt.date(2023, 6, 15))
    a = matrix.topics[0]
    assert (a.cells[2].articles, a.cells[2].sessions, a.cells[2].total) == (2, 1, 3)
    assert a.cells[4].other == 4
    assert a.total.total == 7
    assert matrix.totals[2].total == 3 and matrix.totals[4].total == 4
    assert matrix.documents[0].cells[4].sessions == 1
    assert a.cells[2].title == "2 tin bài, 1 buổi sinh hoạt, 0 hình thức khác"


def test_heat_levels_are_relative_to_the_busiest_cell():
    counts = [
        Count("topic", 1, 2023, 1, "articles", 8),
        Count("topic", 2, 2023, 1, "articles", 1),
        Count("topic", 2, 2023, 2, "articles", 4),
    ]
    matrix = build_matrix(TOPICS, [], YEAR, counts, dt.date(2023, 2, 10))
    assert matrix.topics[0].cells[0].level == 4
    assert matrix.topics[1].cells[0].level == 1
    assert matrix.topics[1].cells[1].level == 2
    assert matrix.topics[1].cells[5].level == 0


def test_gap_is_nothing_in_the_last_three_months_up_to_today():
    counts = [Count("topic", 1, 2023, 4, "sessions", 1), Count("topic", 2, 2023, 2, "articles", 5)]
    matrix = build_matrix(TOPICS, DOCS, YEAR, counts, dt.date(2023, 6, 15))
    assert [m.label for m in matrix.gap_months] == ["04/2023", "05/2023", "06/2023"]
    assert matrix.gap_index == [3, 4, 5]
    assert not matrix.topics[0].gap  # April
    assert matrix.topics[1].gap  # only February
    assert matrix.documents[0].gap
    assert [r.subject.label for r in matrix.gaps] == ["b", "1894/QĐ-UBND"]


def test_no_gaps_for_a_plan_year_that_has_not_started():
    matrix = build_matrix(TOPICS, DOCS, YEAR, [], dt.date(2022, 12, 1))
    assert matrix.gap_months == []
    assert matrix.gaps == []


def test_early_in_the_year_the_last_quarter_is_what_has_passed():
    matrix = build_matrix(TOPICS, [], YEAR, [], dt.date(2023, 2, 3))
    assert [m.label for m in matrix.gap_months] == ["01/2023", "02/2023"]
