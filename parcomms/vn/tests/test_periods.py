"""Period keys: parsing, dates, names, previous period; pure functions, no database."""

import datetime as dt

import pytest

from parcomms.vn.periods import HALF_YEAR, MONTH, QUARTER, YEAR, MonthPeriod, Period, PeriodError


@pytest.mark.parametrize(
    "text,kind,start,end,phrase",
    [
        ("2023-Q2", QUARTER, dt.date(2023, 4, 1), dt.date(2023, 6, 30), "quý II năm 2023"),
        (" 2023-q4 ", QUARTER, dt.date(2023, 10, 1), dt.date(2023, 12, 31), "quý IV năm 2023"),
        ("2024-H1", HALF_YEAR, dt.date(2024, 1, 1), dt.date(2024, 6, 30), "6 tháng đầu năm 2024"),
        ("2023-H2", HALF_YEAR, dt.date(2023, 7, 1), dt.date(2023, 12, 31), "6 tháng cuối năm 2023"),
        ("2023", YEAR, dt.date(2023, 1, 1), dt.date(2023, 12, 31), "năm 2023"),
    ],
)
def test_parse(text, kind, start, end, phrase):
    p = Period.parse(text)
    assert (p.kind, p.start, p.end, p.phrase) == (kind, start, end, phrase)
    assert Period.parse(p.key) == p
    assert str(p) == p.key


def test_span_dates_labels_and_keys():
    q2 = Period("quarter", 2023, 2)
    assert (q2.start.isoformat(), q2.end.isoformat(), q2.label, q2.key) == (
        "2023-04-01",
        "2023-06-30",
        "Quý II/2023",
        "2023-Q2",
    )
    h2 = Period("half_year", 2024, 2)
    assert (h2.start.isoformat(), h2.end.isoformat(), h2.label) == (
        "2024-07-01",
        "2024-12-31",
        "6 tháng cuối năm 2024",
    )
    assert Period("year", 2023, 1).label == "Năm 2023"
    assert Period("quarter", 2024, 1).end.isoformat() == "2024-03-31"
    assert Period("quarter", 2024, 1).months == (1, 3)
    assert Period.parse("2023-q2") == q2
    assert Period.parse("2023") == Period("year", 2023, 1)
    assert Period.parse("2023-H1") == Period("half_year", 2023, 1)


@pytest.mark.parametrize(
    "key,short_label",
    [("2023-Q2", "Quý II/2023"), ("2023-H1", "6 tháng đầu/2023"), ("2023", "Năm 2023")],
)
def test_short_label(key, short_label):
    assert Period.parse(key).short_label == short_label


def test_previous():
    assert Period.parse("2023-Q1").previous().key == "2022-Q4"
    assert Period.parse("2023-Q3").previous().key == "2023-Q2"
    assert Period.parse("2023-H1").previous().key == "2022-H2"
    assert Period.parse("2023").previous().key == "2022"


@pytest.mark.parametrize(
    "bad", ["", "2023-Q5", "2023-H3", "23-Q1", "2023Q1", "1999", "quý 2", "Q2/2023"]
)
def test_bad_key_has_vietnamese_message(bad):
    with pytest.raises(PeriodError) as exc:
        Period.parse(bad)
    assert "kỳ" in str(exc.value)


def test_bad_key_message_names_the_text():
    with pytest.raises(PeriodError, match="“Q2/2023” không phải là một kỳ"):
        Period.parse("Q2/2023")


def test_invalid_number():
    with pytest.raises(PeriodError, match="từ 1 đến 4"):
        Period("quarter", 2023, 5)
    with pytest.raises(PeriodError):
        Period(QUARTER, 2023, 0)


def test_subclass_sets_the_noun_and_keeps_its_type():
    class ReportPeriod(Period):
        what = "kỳ báo cáo"

    with pytest.raises(PeriodError, match="Năm của kỳ báo cáo"):
        ReportPeriod.parse("1999")
    assert type(ReportPeriod.parse("2023-Q1").previous()) is ReportPeriod


# Months: MonthPeriod (activities' obligation rules); Period itself still refuses them.


@pytest.mark.parametrize(
    "text,start,end,label,phrase,key",
    [
        (
            "2023-05",
            dt.date(2023, 5, 1),
            dt.date(2023, 5, 31),
            "Tháng 05/2023",
            "tháng 5 năm 2023",
            "2023-05",
        ),
        (
            " 2024-2 ",
            dt.date(2024, 2, 1),
            dt.date(2024, 2, 29),
            "Tháng 02/2024",
            "tháng 2 năm 2024",
            "2024-02",
        ),
        (
            "2023-02",
            dt.date(2023, 2, 1),
            dt.date(2023, 2, 28),
            "Tháng 02/2023",
            "tháng 2 năm 2023",
            "2023-02",
        ),
        (
            "2023-12",
            dt.date(2023, 12, 1),
            dt.date(2023, 12, 31),
            "Tháng 12/2023",
            "tháng 12 năm 2023",
            "2023-12",
        ),
    ],
)
def test_month_parse_dates_and_names(text, start, end, label, phrase, key):
    p = MonthPeriod.parse(text)
    assert (p.kind, p.start, p.end, p.label, p.phrase, p.key) == (
        MONTH,
        start,
        end,
        label,
        phrase,
        key,
    )
    assert p.short_label == label
    assert MonthPeriod.parse(p.key) == p
    assert str(p) == key


def test_month_period_still_takes_quarters_halves_and_years():
    assert MonthPeriod.parse("2023-Q2").label == "Quý II/2023"
    assert MonthPeriod.parse("2023-H1").phrase == "6 tháng đầu năm 2023"
    assert MonthPeriod.parse("2023").key == "2023"


def test_month_previous_and_next_cross_the_year():
    assert MonthPeriod.parse("2023-01").previous().key == "2022-12"
    assert MonthPeriod.parse("2023-05").previous().key == "2023-04"
    assert MonthPeriod.parse("2023-12").next().key == "2024-01"
    assert MonthPeriod.parse("2023-05").next().key == "2023-06"
    assert Period.parse("2023-Q4").next().key == "2024-Q1"
    assert Period.parse("2023-H1").next().key == "2023-H2"
    assert Period.parse("2023").next().key == "2024"


@pytest.mark.parametrize(
    "kind,day,key",
    [
        (MONTH, dt.date(2024, 2, 29), "2024-02"),
        (QUARTER, dt.date(2023, 5, 31), "2023-Q2"),
        (QUARTER, dt.date(2023, 12, 31), "2023-Q4"),
        (HALF_YEAR, dt.date(2023, 7, 1), "2023-H2"),
        (YEAR, dt.date(2023, 7, 1), "2023"),
    ],
)
def test_containing(kind, day, key):
    p = MonthPeriod.containing(kind, day)
    assert p.key == key and p.contains(day)
    assert not p.contains(p.start - dt.timedelta(days=1))
    assert not p.contains(p.end + dt.timedelta(days=1))


def test_plain_period_refuses_months_as_before():
    with pytest.raises(PeriodError, match="“2023-05” không phải là một kỳ"):
        Period.parse("2023-05")
    with pytest.raises(PeriodError, match="Loại kỳ phải là quý, 6 tháng hoặc năm."):
        Period(MONTH, 2023, 5)
    with pytest.raises(PeriodError, match="Loại kỳ phải là quý, 6 tháng hoặc năm."):
        Period.containing(MONTH, dt.date(2023, 5, 1))


@pytest.mark.parametrize("bad", ["2023-13", "2023-00", "2023-005", "23-05", "05/2023", "2023-W1"])
def test_bad_month_key_has_vietnamese_message(bad):
    with pytest.raises(PeriodError, match=f"“{bad}” không phải là một kỳ .*2023-05"):
        MonthPeriod.parse(bad)


def test_month_number_and_kind_checks():
    with pytest.raises(PeriodError, match="Tháng chỉ có số thứ tự từ 1 đến 12."):
        MonthPeriod(MONTH, 2023, 13)
    with pytest.raises(PeriodError, match="Loại kỳ phải là tháng, quý, 6 tháng hoặc năm."):
        MonthPeriod("week", 2023, 1)
