"""Period parsing: a pure function, no database."""

import datetime as dt

import pytest

from parcomms.reports.periods import HALF_YEAR, QUARTER, YEAR, Period, PeriodError, parse_period


@pytest.mark.parametrize(
    "text,kind,start,end,label",
    [
        ("2023-Q2", QUARTER, dt.date(2023, 4, 1), dt.date(2023, 6, 30), "quý II năm 2023"),
        (" 2023-q4 ", QUARTER, dt.date(2023, 10, 1), dt.date(2023, 12, 31), "quý IV năm 2023"),
        ("2024-H1", HALF_YEAR, dt.date(2024, 1, 1), dt.date(2024, 6, 30), "6 tháng đầu năm 2024"),
        ("2023-H2", HALF_YEAR, dt.date(2023, 7, 1), dt.date(2023, 12, 31), "6 tháng cuối năm 2023"),
        ("2023", YEAR, dt.date(2023, 1, 1), dt.date(2023, 12, 31), "năm 2023"),
    ],
)
def test_parse(text, kind, start, end, label):
    p = parse_period(text)
    assert (p.kind, p.start, p.end, p.label) == (kind, start, end, label)
    assert parse_period(p.key) == p


def test_previous():
    assert parse_period("2023-Q1").previous().key == "2022-Q4"
    assert parse_period("2023-Q3").previous().key == "2023-Q2"
    assert parse_period("2023-H1").previous().key == "2022-H2"
    assert parse_period("2023").previous().key == "2022"


@pytest.mark.parametrize("bad", ["", "2023-Q5", "2023-H3", "23-Q1", "2023Q1", "1999", "quý 2"])
def test_bad_period_has_vietnamese_message(bad):
    with pytest.raises(PeriodError) as exc:
        parse_period(bad)
    assert "báo cáo" in str(exc.value)


def test_invalid_number():
    with pytest.raises(PeriodError):
        Period(QUARTER, 2023, 0)
