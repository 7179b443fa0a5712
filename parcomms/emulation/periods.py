"""Emulation periods: quarter, half-year, year (pure Python, no Django).

The implementation is parcomms.vn.periods, shared with report periods; a Span is its Period
(label "Quý II/2023", "6 tháng đầu năm 2023", "Năm 2023").
"""

from parcomms.vn.periods import (
    COUNT,
    HALF_YEAR,
    KEY_RE,
    KINDS,
    QUARTER,
    ROMAN,
    YEAR,
    PeriodError,
)
from parcomms.vn.periods import Period as Span

__all__ = [
    "COUNT",
    "HALF_YEAR",
    "KEY_RE",
    "KINDS",
    "QUARTER",
    "ROMAN",
    "YEAR",
    "PeriodError",
    "Span",
    "parse_key",
]


def parse_key(text: str) -> Span:
    """ "2023-Q2", "2023-H1", "2023" → Span; anything else raises PeriodError."""
    return Span.parse(text)
