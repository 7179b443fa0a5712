"""Report periods: the report wording on top of parcomms.vn.periods (tested there)."""

import pytest

from parcomms.reports.periods import Period, PeriodError, parse_period


@pytest.mark.parametrize(
    "text,label",
    [
        ("2023-Q2", "quý II năm 2023"),
        (" 2023-q4 ", "quý IV năm 2023"),
        ("2024-H1", "6 tháng đầu năm 2024"),
        ("2023-H2", "6 tháng cuối năm 2023"),
        ("2023", "năm 2023"),
    ],
)
def test_label_is_the_title_form(text, label):
    p = parse_period(text)
    assert isinstance(p, Period) and p.label == label
    assert parse_period(p.key) == p


@pytest.mark.parametrize(
    "text,short,listed",
    [
        ("2023-Q2", "Quý II/2023", "Quý II/2023"),
        ("2024-H1", "6 tháng đầu/2024", "6 tháng đầu năm 2024"),
        ("2023", "Năm 2023", "Năm 2023"),
    ],
)
def test_table_and_list_names_keep_the_shared_wording(text, short, listed):
    p = parse_period(text)
    assert (p.short_label, p.list_label) == (short, listed)


def test_previous_is_a_report_period():
    p = parse_period("2023-Q1").previous()
    assert isinstance(p, Period) and p.key == "2022-Q4" and p.label == "quý IV năm 2022"


@pytest.mark.parametrize("bad", ["", "2023-Q5", "2023-H3", "23-Q1", "2023Q1", "1999", "quý 2"])
def test_bad_period_has_vietnamese_message(bad):
    with pytest.raises(PeriodError) as exc:
        parse_period(bad)
    assert "báo cáo" in str(exc.value)
