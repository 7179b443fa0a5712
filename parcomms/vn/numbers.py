"""Numbers as Vietnamese documents write them (pure Python).

Vietnamese writes a comma for the decimal point and a dot between thousands:
"68,9 điểm", "89,64%", "1.234,5". Sources also carry English-style numbers
("43.83" copied from PAPI or PCI reports), so parsing accepts both.

Reading rules, applied in order:

1. Both "," and "." present: the one written last is the decimal separator
   ("1.234,5" and "1,234.5" are both 1234.5).
2. Several of the same separator: they group thousands ("1.234.567", "1,234,567").
3. One ",": decimal comma ("68,9", "45,5054", even "1,234" — the Vietnamese reading).
4. One ".": decimal point ("43.83"), except when exactly three digits follow it and
   the integer part is 1–3 digits not starting with 0 ("1.234" is 1234).

Rule 4 is the ambiguous one. Counts written the Vietnamese way ("1.234 lượt truy cập",
"12.500 hồ sơ") are common in the documents we read; index scores with a dot come from
English-language reports, which print two or four decimals (PAPI 43.83, PCI 65.13), so a
score written "43.830" is rare. Callers that know the source convention pass `decimal=`.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

_MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, and the en dash Word substitutes
_GROUPED = {
    ".": re.compile(r"\d{1,3}(?:\.\d{3})+"),
    ",": re.compile(r"\d{1,3}(?:,\d{3})+"),
}
_SPACES_RE = re.compile(r"[\s\u00a0\u202f]+")


def _split_sign(text: str) -> tuple[str, str]:
    if text[:1] in _MINUS:
        return "-", text[1:]
    if text[:1] == "+":
        return "", text[1:]
    return "", text


def _guess_decimal_separator(digits: str) -> str | None:
    """Which of "," and "." is the decimal separator in `digits` (rules 1–4), or None."""
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        return "," if digits.rfind(",") > digits.rfind(".") else "."
    if commas > 1 or dots > 1:
        return "." if commas else ","
    if commas:
        return ","
    if dots and re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", digits):
        return ","
    return "." if dots else None


def _to_plain(digits: str, decimal: str) -> str:
    """Drop thousands separators and turn the decimal separator into "."."""
    thousands = "." if decimal == "," else ","
    whole, _, fraction = digits.partition(decimal)
    if thousands in whole:
        if not _GROUPED[thousands].fullmatch(whole):
            raise ValueError("misplaced thousands separator")
        whole = whole.replace(thousands, "")
    if thousands in fraction or decimal in fraction:
        raise ValueError("separator after the decimal separator")
    return f"{whole}.{fraction}" if fraction or digits.endswith(decimal) else whole


def parse_decimal(text: str, *, decimal: str | None = None) -> Decimal:
    """Read "68,9", "43.83", "1.234,5", "-2,5" as a Decimal; see the module docstring.

    `decimal` ("," or ".") forces the decimal separator. Raises ValueError on
    anything that is not a plain number.
    """
    if decimal not in (None, ",", "."):
        raise ValueError(f"decimal separator must be ',' or '.', not {decimal!r}")
    sign, digits = _split_sign(_SPACES_RE.sub("", text))
    if not re.fullmatch(r"\d[\d.,]*|[.,]\d+", digits):
        raise ValueError(f"not a number: {text!r}")
    separator = decimal or _guess_decimal_separator(digits) or "."
    try:
        plain = _to_plain(digits, separator)
        return Decimal(sign + plain)
    except (ValueError, InvalidOperation) as exc:
        raise ValueError(f"not a number: {text!r} ({exc})") from None


def parse_percent(text: str, *, decimal: str | None = None) -> tuple[Decimal, bool]:
    """Read "89,64%" as (Decimal("89.64"), True) and "68,9" as (Decimal("68.9"), False)."""
    stripped = text.strip()
    is_percent = stripped.endswith(("%", "\uff05"))
    number = stripped[:-1] if is_percent else stripped
    return parse_decimal(number, decimal=decimal), is_percent


def _to_decimal(value: Decimal | float | int) -> Decimal:
    if isinstance(value, float):
        # str() gives the shortest repr: 2.675 stays 2.675 instead of 2.67499999...
        value = Decimal(str(value))
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"cannot write {value} as a number")
    return value


def _round_half_up(number: Decimal, places: int) -> Decimal:
    with localcontext() as context:
        # quantize() fails when the result has more digits than the context allows.
        context.prec = max(context.prec, number.adjusted() + places + 2)
        return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _group_thousands(whole: str) -> str:
    head = len(whole) % 3 or 3
    groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return ".".join(groups)


def format_decimal(
    value: Decimal | float | int, places: int | None = None, *, grouping: bool = True
) -> str:
    """Write a number the Vietnamese way: "68,9", "12.345", "1.234,50".

    `places` rounds half up to that many decimals ("2,35" for 2.345 and 2 places);
    None keeps the digits the value has (Decimal("83.0") gives "83,0").
    """
    number = _to_decimal(value)
    if places is not None:
        number = _round_half_up(number, places)
    text = format(number, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    if sign and not whole.strip("0") and not fraction.strip("0"):
        sign = ""  # never "-0"
    if grouping:
        whole = _group_thousands(whole)
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def format_percent(
    value: Decimal | float | int, places: int | None = None, *, grouping: bool = True
) -> str:
    """ "89,64%": the number as format_decimal writes it, with "%" and no space."""
    return format_decimal(value, places, grouping=grouping) + "%"
