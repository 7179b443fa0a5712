import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcomms.vn.dates import (
    DATE_RE,
    VnDate,
    date_from_match,
    format_date_long,
    format_date_short,
    format_place_date,
    parse_date,
    parse_place_date,
)
from parcomms.vn.tests import nfd, reference_plan


@pytest.mark.parametrize(
    ("date", "written"),
    [
        (dt.date(2023, 2, 5), "ngày 05 tháng 02 năm 2023"),
        (dt.date(2022, 12, 23), "ngày 23 tháng 12 năm 2022"),
        (dt.date(2021, 7, 15), "ngày 15 tháng 7 năm 2021"),
        (dt.date(2023, 1, 19), "ngày 19 tháng 01 năm 2023"),
        (dt.date(2020, 10, 1), "ngày 01 tháng 10 năm 2020"),
        (VnDate(None, 2, 2023), "ngày   tháng 02 năm 2023"),
        (VnDate(None, None, 2023), "ngày   tháng   năm 2023"),
    ],
)
def test_format_date_long_follows_decree_30(date, written):
    assert format_date_long(date) == written


def test_format_date_long_custom_blank():
    assert format_date_long(VnDate(None, 2, 2023), blank="…") == "ngày … tháng 02 năm 2023"


def test_format_date_short():
    assert format_date_short(dt.date(2022, 12, 23)) == "23/12/2022"
    assert format_date_short(VnDate(5, 7, 2021)) == "05/07/2021"
    assert format_date_short(VnDate(None, 2, 2023)) == "  /02/2023"


def test_format_place_date():
    line = format_place_date("Ninh Thuận", VnDate(5, 2, 2023))
    assert line == "Ninh Thuận, ngày 05 tháng 02 năm 2023"
    assert format_place_date(" Ninh Thuận ", VnDate(None, 2, 2023)) == (
        "Ninh Thuận, ngày   tháng 02 năm 2023"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 23 tháng 12 năm 2022", VnDate(23, 12, 2022)),
        ("ngày  23   tháng\u00a012  năm   2022", VnDate(23, 12, 2022)),
        ("Ngày 05 Tháng 02 Năm 2023", VnDate(5, 2, 2023)),
        ("ngày tháng 02 năm 2023", VnDate(None, 2, 2023)),
        ("ngày   tháng 02 năm 2023", VnDate(None, 2, 2023)),
        ("ngày 01-10-1997", VnDate(1, 10, 1997)),
        ("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ", VnDate(15, 7, 2021)),
        ("15/7/2021", VnDate(15, 7, 2021)),
        ("15 / 07 / 2021", VnDate(15, 7, 2021)),
        ("05.02.2023", VnDate(5, 2, 2023)),
        (nfd("ngày 23 tháng 12 năm 2022"), VnDate(23, 12, 2022)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định số 1894/QĐ-UBND",
        "giai đoạn 2021-2025",
        "Quyết định số 45/2016/QĐ-TTg",
        "TCVN ISO 9001:2015",
        "2021-01-10",
        "",
    ],
)
def test_parse_date_ignores_what_is_not_a_date(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["31/02/2023", "ngày 32 tháng 13 năm 2023", "00/00/2023"])
def test_impossible_dates_parse_without_a_calendar_date(text):
    date = parse_date(text)
    assert date is not None
    assert date.to_date() is None
    assert date.iso() is None


def test_to_date_and_iso():
    assert VnDate(19, 1, 2023).to_date() == dt.date(2023, 1, 19)
    assert VnDate(19, 1, 2023).iso() == "2023-01-19"
    assert VnDate(None, 2, 2023).to_date() is None
    assert VnDate.from_date(dt.date(2023, 2, 5)) == VnDate(5, 2, 2023)


def test_parse_place_date_of_the_reference_plan():
    assert parse_place_date(reference_plan()) == ("Ninh Thuận", VnDate(None, 2, 2023))
    assert parse_place_date("no date here") is None


def test_every_date_in_the_reference_plan():
    dates = [date_from_match(m) for m in DATE_RE.finditer(reference_plan())]
    assert VnDate(23, 12, 2022) in dates
    assert VnDate(27, 10, 2021) in dates
    assert VnDate(19, 1, 2023) in dates
    assert VnDate(1, 6, 2020) in dates
    assert all(d.to_date() for d in dates if d.day)
    cited = re.findall(r"ngày \d", reference_plan())
    assert len([d for d in dates if d.day]) == len(cited)


dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))


@given(dates)
def test_long_form_round_trips(date):
    assert parse_date(format_date_long(date)).to_date() == date


@given(dates)
def test_short_form_round_trips(date):
    assert parse_date(format_date_short(date)).to_date() == date


@given(
    st.builds(
        VnDate,
        st.none() | st.integers(1, 31),
        st.none() | st.integers(1, 12),
        st.integers(1000, 9999),
    )
)
def test_drafts_with_blanks_round_trip(date):
    assert parse_date(format_date_long(date)) == date
    assert parse_date(nfd(format_date_long(date))) == date


@given(st.sampled_from(["Ninh Thuận", "Hà Nội", "Đắk Lắk", "Thành phố Hồ Chí Minh"]), dates)
def test_place_date_round_trips(place, date):
    assert parse_place_date(format_place_date(place, date)) == (place, VnDate.from_date(date))
