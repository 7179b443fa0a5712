"""Emulation periods: quarter, half-year, year (pure Python, no Django)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

QUARTER, HALF_YEAR, YEAR = "quarter", "half_year", "year"
KINDS = {QUARTER: "Quý", HALF_YEAR: "6 tháng", YEAR: "Năm"}
COUNT = {QUARTER: 4, HALF_YEAR: 2, YEAR: 1}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
KEY_RE = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")


class PeriodError(ValueError):
    """The message is Vietnamese."""


@dataclass(frozen=True)
class Span:
    kind: str
    year: int
    number: int

    def __post_init__(self):
        if self.kind not in KINDS:
            raise PeriodError("Loại kỳ phải là quý, 6 tháng hoặc năm.")
        if not 2000 <= self.year <= 2100:
            raise PeriodError("Năm phải trong khoảng 2000–2100.")
        if not 1 <= self.number <= COUNT[self.kind]:
            raise PeriodError(f"{KINDS[self.kind]} chỉ có số thứ tự từ 1 đến {COUNT[self.kind]}.")

    @property
    def months(self) -> tuple[int, int]:
        size = 12 // COUNT[self.kind]
        first = (self.number - 1) * size + 1
        return first, first + size - 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.months[0], 1)

    @property
    def end(self) -> dt.date:
        last = self.months[1]
        return dt.date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def label(self) -> str:
        """ "Quý II/2023", "6 tháng đầu năm 2023", "Năm 2023"."""
        if self.kind == QUARTER:
            return f"Quý {ROMAN[self.number]}/{self.year}"
        if self.kind == HALF_YEAR:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        return f"Năm {self.year}"

    @property
    def key(self) -> str:
        """ "2023-Q2", "2023-H1", "2023" (the form the CLI takes)."""
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == HALF_YEAR:
            return f"{self.year}-H{self.number}"
        return str(self.year)


def parse_key(text: str) -> Span:
    m = KEY_RE.match((text or "").strip().upper())
    if not m:
        raise PeriodError(f"“{text}” không phải là một kỳ (ví dụ: 2023-Q2, 2023-H1, 2023).")
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return Span(YEAR, year, 1)
    return Span(QUARTER if part[0] == "Q" else HALF_YEAR, year, int(part[1]))
