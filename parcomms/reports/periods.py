"""Report periods "2023-Q2", "2023-H1", "2023" (pure Python, no Django).

parse_period("2023-Q2") → Period(kind="quarter", year=2023, number=2)
.start / .end (dates, both included), .label "Quý II/2023", .previous() → 2023-Q1
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

QUARTER, HALF_YEAR, YEAR = "quarter", "half_year", "year"
COUNT = {QUARTER: 4, HALF_YEAR: 2, YEAR: 1}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
PATTERN = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")


class PeriodError(ValueError):
    """The message is Vietnamese."""


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int = 1

    def __post_init__(self):
        if self.kind not in COUNT:
            raise PeriodError("Kỳ báo cáo phải là quý, 6 tháng hoặc năm.")
        if not 2000 <= self.year <= 2100:
            raise PeriodError("Năm báo cáo phải trong khoảng 2000–2100.")
        if not 1 <= self.number <= COUNT[self.kind]:
            raise PeriodError("Số thứ tự của kỳ báo cáo không hợp lệ.")

    @property
    def key(self) -> str:
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == HALF_YEAR:
            return f"{self.year}-H{self.number}"
        return str(self.year)

    @property
    def start(self) -> dt.date:
        size = 12 // COUNT[self.kind]
        return dt.date(self.year, (self.number - 1) * size + 1, 1)

    @property
    def end(self) -> dt.date:
        size = 12 // COUNT[self.kind]
        month = self.number * size
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        """ "quý II năm 2023", "6 tháng đầu năm 2023", "năm 2023" (as used in a title)."""
        if self.kind == QUARTER:
            return f"quý {ROMAN[self.number]} năm {self.year}"
        if self.kind == HALF_YEAR:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @property
    def short_label(self) -> str:
        """ "Quý II/2023", "6 tháng đầu/2023", "Năm 2023" (table headers)."""
        if self.kind == QUARTER:
            return f"Quý {ROMAN[self.number]}/{self.year}"
        if self.kind == HALF_YEAR:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'}/{self.year}"
        return f"Năm {self.year}"

    def previous(self) -> Period:
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, COUNT[self.kind])

    def __str__(self) -> str:
        return self.key


def parse_period(text: str) -> Period:
    m = PATTERN.match((text or "").strip().upper())
    if not m:
        raise PeriodError(f"«{text}» không phải là kỳ báo cáo (ví dụ: 2023-Q2, 2023-H1, 2023).")
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return Period(YEAR, year)
    return Period(QUARTER if part[0] == "Q" else HALF_YEAR, year, int(part[1]))
