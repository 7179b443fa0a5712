"""Period keys: parsing, dates, names, previous period; pure functions, no database."""

import datetime as dt

import pytest

from parcomms.vn.periods import HALF_YEAR, QUARTER, YEAR, Period, PeriodError


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
