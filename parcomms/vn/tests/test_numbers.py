from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcomms.vn.numbers import format_decimal, format_percent, parse_decimal, parse_percent


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("68,9", "68.9"),
        ("83,0", "83.0"),
        ("45,5054", "45.5054"),
        ("43.83", "43.83"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("12.345.678", "12345678"),
        ("1,234,567", "1234567"),
        ("1.234", "1234"),
        ("0.123", "0.123"),
        ("1234.567", "1234.567"),
        ("1,234", "1.234"),
        ("-2,5", "-2.5"),
        ("\u22122,5", "-2.5"),
        ("+7", "7"),
        (" 1 234,5 ", "1234.5"),
        ("1\u00a0234,5", "1234.5"),
        (",5", "0.5"),
        ("30", "30"),
    ],
)
def test_parse_decimal(text, value):
    assert parse_decimal(text) == Decimal(value)


def test_three_decimals_after_a_dot_read_as_thousands_unless_told():
    assert parse_decimal("43.830") == 43830
    assert parse_decimal("43.830", decimal=".") == Decimal("43.83")
    assert parse_decimal("1.234,5", decimal=",") == Decimal("1234.5")


@pytest.mark.parametrize(
    "text", ["", " ", "abc", "12a", "1.2.3", "1,2,3.4,5", "1.23.456", "--1", "%", "1,2,3"]
)
def test_parse_decimal_rejects_garbage(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_parse_decimal_rejects_unknown_separator():
    with pytest.raises(ValueError):
        parse_decimal("1", decimal=";")


def test_parse_percent():
    assert parse_percent("89,64%") == (Decimal("89.64"), True)
    assert parse_percent("95 %") == (Decimal("95"), True)
    assert parse_percent("68,9") == (Decimal("68.9"), False)


@pytest.mark.parametrize(
    ("value", "places", "written"),
    [
        (Decimal("68.9"), None, "68,9"),
        (68.9, None, "68,9"),
        (Decimal("83.0"), None, "83,0"),
        (12345, None, "12.345"),
        (1234567.891, 2, "1.234.567,89"),
        (Decimal("2.345"), 2, "2,35"),
        (2.675, 2, "2,68"),
        (Decimal("0.5"), 0, "1"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("-0.001"), 2, "0,00"),
        (Decimal("1E+3"), None, "1.000"),
        (Decimal("1E+30"), 2, "1" + ".000" * 10 + ",00"),
        (7, 1, "7,0"),
        (100, None, "100"),
    ],
)
def test_format_decimal(value, places, written):
    assert format_decimal(value, places) == written


def test_format_decimal_without_grouping():
    assert format_decimal(12345.5, grouping=False) == "12345,5"


def test_format_percent():
    assert format_percent(Decimal("89.64")) == "89,64%"
    assert format_percent(95) == "95%"
    assert format_percent(89.6449, 2) == "89,64%"


@pytest.mark.parametrize("value", [Decimal("NaN"), float("inf"), Decimal("-Infinity")])
def test_format_decimal_rejects_non_numbers(value):
    with pytest.raises(ValueError):
        format_decimal(value)


finite_decimals = st.decimals(allow_nan=False, allow_infinity=False)


@given(finite_decimals)
def test_decimal_round_trip(value):
    assert parse_decimal(format_decimal(value)) == value


@given(finite_decimals, st.integers(0, 6))
def test_rounded_decimal_round_trip(value, places):
    written = format_decimal(value, places)
    assert parse_decimal(written) == parse_decimal(format_decimal(parse_decimal(written), places))
    assert abs(parse_decimal(written) - value) <= Decimal(1).scaleb(-places) / 2


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_round_trip(value):
    assert parse_decimal(format_decimal(value)) == Decimal(str(value))


@given(finite_decimals)
def test_percent_round_trip(value):
    assert parse_percent(format_percent(value)) == (value, True)
