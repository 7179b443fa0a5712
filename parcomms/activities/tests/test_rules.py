"""The obligation evaluator and period arithmetic (pure, no database)."""

import datetime as dt

import pytest

from parcomms.activities.rules import (
    PeriodKind,
    Record,
    RuleSpec,
    Status,
    evaluate,
    evaluate_periods,
    needs_reminder,
    period_containing,
    periods_between,
    suggest_rule,
)

D = dt.date
MONTHLY_SESSION = RuleSpec(
    counts="session",
    period=PeriodKind.MONTH,
    required=1,
    active_from=D(2023, 1, 1),
    active_until=D(2023, 12, 31),
    noun="buổi sinh hoạt có nội dung CCHC",
)


@pytest.mark.parametrize(
    ("kind", "day", "start", "end", "label", "key"),
    [
        ("month", D(2023, 2, 14), D(2023, 2, 1), D(2023, 2, 28), "Tháng 02/2023", "2023-02"),
        ("month", D(2024, 2, 29), D(2024, 2, 1), D(2024, 2, 29), "Tháng 02/2024", "2024-02"),
        ("quarter", D(2023, 5, 31), D(2023, 4, 1), D(2023, 6, 30), "Quý II/2023", "2023-Q2"),
        ("quarter", D(2023, 12, 31), D(2023, 10, 1), D(2023, 12, 31), "Quý IV/2023", "2023-Q4"),
        (
            "half_year",
            D(2023, 6, 30),
            D(2023, 1, 1),
            D(2023, 6, 30),
            "6 tháng đầu năm 2023",
            "2023-H1",
        ),
        (
            "half_year",
            D(2023, 7, 1),
            D(2023, 7, 1),
            D(2023, 12, 31),
            "6 tháng cuối năm 2023",
            "2023-H2",
        ),
        ("year", D(2023, 7, 1), D(2023, 1, 1), D(2023, 12, 31), "Năm 2023", "2023"),
    ],
)
def test_period_containing(kind, day, start, end, label, key):
    period = period_containing(kind, day)
    assert (period.start, period.end, period.label, period.key) == (start, end, label, key)


def test_periods_between_cross_the_year():
    periods = periods_between("quarter", D(2022, 11, 15), D(2023, 4, 2))
    assert [p.key for p in periods] == ["2022-Q4", "2023-Q1", "2023-Q2"]
    assert periods_between("month", D(2023, 3, 1), D(2023, 2, 1)) == []


def test_rule_periods_are_clipped_to_when_the_rule_is_active():
    spec = RuleSpec("session", PeriodKind.MONTH, 1, D(2023, 3, 10), D(2023, 5, 2))
    assert [p.key for p in spec.periods(D(2023, 1, 1), D(2023, 12, 31))] == [
        "2023-03",
        "2023-04",
        "2023-05",
    ]


def test_done_when_the_count_reaches_the_requirement():
    march = period_containing("month", D(2023, 3, 1))
    verdict = evaluate(MONTHLY_SESSION, march, D(2023, 3, 20), [Record(D(2023, 3, 15))])
    assert verdict.status == Status.DONE
    assert verdict.count == 1
    assert verdict.explanation == (
        "Tháng 03/2023: 1/1 buổi sinh hoạt có nội dung CCHC — đã hoàn thành."
    )


def test_due_while_the_period_runs_and_records_outside_it_do_not_count():
    march = period_containing("month", D(2023, 3, 1))
    records = [Record(D(2023, 2, 28)), Record(D(2023, 4, 1))]
    verdict = evaluate(MONTHLY_SESSION, march, D(2023, 3, 20), records)
    assert verdict.status == Status.DUE
    assert verdict.count == 0
    assert verdict.missing == 1
    assert "còn 11 ngày, đến hết 31/03/2023" in verdict.explanation


def test_last_day_of_the_period_is_still_due_and_the_next_day_overdue():
    march = period_containing("month", D(2023, 3, 1))
    assert evaluate(MONTHLY_SESSION, march, D(2023, 3, 31), []).status == Status.DUE
    assert (
        "hôm nay là ngày cuối kỳ"
        in evaluate(MONTHLY_SESSION, march, D(2023, 3, 31), []).explanation
    )
    overdue = evaluate(MONTHLY_SESSION, march, D(2023, 4, 1), [])
    assert overdue.status == Status.OVERDUE
    assert overdue.explanation == (
        "Tháng 03/2023: 0/1 buổi sinh hoạt có nội dung CCHC — quá hạn "
        "(kỳ đã kết thúc ngày 31/03/2023)."
    )


def test_a_future_period_is_due_and_says_when_it_starts():
    may = period_containing("month", D(2023, 5, 1))
    verdict = evaluate(MONTHLY_SESSION, may, D(2023, 4, 20), [])
    assert verdict.status == Status.DUE
    assert "kỳ bắt đầu ngày 01/05/2023" in verdict.explanation


def test_required_count_above_one():
    spec = RuleSpec(
        "article_submitted", PeriodKind.QUARTER, 3, D(2023, 1, 1), noun="tin, bài gửi duyệt"
    )
    q1 = period_containing("quarter", D(2023, 1, 1))
    two = [Record(D(2023, 1, 5)), Record(D(2023, 3, 31))]
    assert evaluate(spec, q1, D(2023, 4, 1), two).status == Status.OVERDUE
    three = [*two, Record(D(2023, 2, 1))]
    verdict = evaluate(spec, q1, D(2023, 4, 1), three)
    assert verdict.status == Status.DONE
    assert "3/3 tin, bài gửi duyệt" in verdict.explanation


def test_percentage_of_staff_counts_distinct_people():
    spec = RuleSpec(
        "contest_participation",
        PeriodKind.YEAR,
        100,
        D(2023, 1, 1),
        per_person=True,
        noun="cán bộ tham gia cuộc thi",
    )
    year = period_containing("year", D(2023, 1, 1))
    records = [
        Record(D(2023, 5, 1), who=1),
        Record(D(2023, 6, 1), who=1),
        Record(D(2023, 6, 2), who=2),
    ]
    verdict = evaluate(spec, year, D(2023, 7, 1), records, population=3)
    assert verdict.status == Status.DUE
    assert verdict.count == 2
    assert verdict.percent == pytest.approx(66.666, rel=1e-3)
    assert "2/3 cán bộ tham gia cuộc thi (66,7%), yêu cầu 100%" in verdict.explanation
    records.append(Record(D(2023, 9, 9), who=3))
    assert evaluate(spec, year, D(2023, 12, 31), records, population=3).status == Status.DONE


def test_no_data_when_nothing_can_measure_the_rule_or_the_unit_has_no_staff():
    spec = RuleSpec("contest_participation", PeriodKind.YEAR, 80, D(2023, 1, 1), per_person=True)
    year = period_containing("year", D(2023, 1, 1))
    assert evaluate(spec, year, D(2023, 3, 1), None).status == Status.NO_DATA
    no_staff = evaluate(spec, year, D(2023, 3, 1), [], population=0)
    assert no_staff.status == Status.NO_DATA
    assert "chưa có cán bộ" in no_staff.explanation


def test_evaluate_periods_gives_one_verdict_per_month():
    records = [Record(D(2023, 1, 10)), Record(D(2023, 3, 3))]
    verdicts = evaluate_periods(
        MONTHLY_SESSION, D(2023, 1, 1), D(2023, 4, 15), D(2023, 4, 15), records
    )
    assert [(v.period.key, v.status) for v in verdicts] == [
        ("2023-01", Status.DONE),
        ("2023-02", Status.OVERDUE),
        ("2023-03", Status.DONE),
        ("2023-04", Status.DUE),
    ]


def test_reminder_only_for_due_obligations_in_the_last_days():
    march = period_containing("month", D(2023, 3, 1))
    due_early = evaluate(MONTHLY_SESSION, march, D(2023, 3, 20), [])
    assert not needs_reminder(due_early, D(2023, 3, 20), 5)
    due_late = evaluate(MONTHLY_SESSION, march, D(2023, 3, 26), [])
    assert needs_reminder(due_late, D(2023, 3, 26), 5)
    done = evaluate(MONTHLY_SESSION, march, D(2023, 3, 30), [Record(D(2023, 3, 2))])
    assert not needs_reminder(done, D(2023, 3, 30), 5)
    overdue = evaluate(MONTHLY_SESSION, march, D(2023, 4, 1), [])
    assert not needs_reminder(overdue, D(2023, 4, 1), 5)


@pytest.mark.parametrize(
    ("text", "counts", "period"),
    [
        (
            "Căn cứ vào tình hình thực tế của đơn vị, tổ chức tuyên truyền bằng nhiều hình thức; "
            "lồng ghép các nội dung cải cách hành chính trong buổi phổ biến giáo dục pháp luật.",
            "session",
            PeriodKind.MONTH,
        ),
        (
            "Khuyến khích công chức, viên chức tham gia viết tin, bài về cải cách hành chính "
            "trên Cổng thông tin điện tử của tỉnh.",
            "article_submitted",
            PeriodKind.QUARTER,
        ),
        (
            "Vận động 100% cán bộ tham gia Cuộc thi tìm hiểu CCHC.",
            "contest_participation",
            PeriodKind.YEAR,
        ),
        ("Đăng bảng tin hằng tháng về CCHC.", "other_communication", PeriodKind.MONTH),
    ],
)
def test_suggest_rule_from_the_plans_duties(text, counts, period):
    suggestion = suggest_rule(text)
    assert (suggestion.counts, suggestion.period) == (counts, period)
