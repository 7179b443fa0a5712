"""Period keys "2023-Q2", "2023-H1", "2023" (and "2023-05" for months) and how Vietnamese
documents name them (pure Python, no Django).

Period.parse("2023-Q2") → Period(kind="quarter", year=2023, number=2)
.start / .end (dates, both included), .key "2023-Q2", .previous() → 2023-Q1, and three names:
.label "Quý II/2023" (lists), .phrase "quý II năm 2023" (inside a sentence or a title),
.short_label "Quý II/2023", "6 tháng đầu/2023" (narrow table headers).

It lives in vn/ because it is pure and is shared by two apps (emulation periods and report
periods), and because the names are the toolkit's business: how official documents write a
period, like vn.dates for days. An app that needs its own wording subclasses Period and sets
`what` (the noun the error messages use) or overrides `label`.

Period takes quarters, half-years and years only (what emulation and report periods are);
MonthPeriod also takes months: MonthPeriod.parse("2023-05") → .label "Tháng 05/2023",
.phrase "tháng 5 năm 2023" (activities' obligation rules run per month, quarter, half-year
or year). Both have .containing(kind, day) and .next() for walking a range of days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

MONTH, QUARTER, HALF_YEAR, YEAR = "month", "quarter", "half_year", "year"
# The kinds Period takes (emulation and report periods): names, and how many in a year.
KINDS = {QUARTER: "Quý", HALF_YEAR: "6 tháng", YEAR: "Năm"}
COUNT = {QUARTER: 4, HALF_YEAR: 2, YEAR: 1}
# Every kind, months included (MonthPeriod).
NAMES = {MONTH: "Tháng", **KINDS}
PER_YEAR = {MONTH: 12, **COUNT}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
KEY_RE = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")
MONTH_KEY_RE = re.compile(r"^(\d{4})-(0?[1-9]|1[0-2])$")


class PeriodError(ValueError):
    """The message is Vietnamese."""


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int = 1

    what: ClassVar[str] = "kỳ"  # the noun error messages use ("kỳ báo cáo" for reports)
    kinds: ClassVar[tuple[str, ...]] = (QUARTER, HALF_YEAR, YEAR)  # the kinds it takes
    examples: ClassVar[str] = "2023-Q2, 2023-H1, 2023"  # keys the parse error shows

    def __post_init__(self):
        if self.kind not in self.kinds:
            names = [NAMES[k].lower() for k in self.kinds]
            raise PeriodError(f"Loại {self.what} phải là {', '.join(names[:-1])} hoặc {names[-1]}.")
        if not 2000 <= self.year <= 2100:
            raise PeriodError(f"Năm của {self.what} phải trong khoảng 2000–2100.")
        if not 1 <= self.number <= PER_YEAR[self.kind]:
            raise PeriodError(
                f"{NAMES[self.kind]} chỉ có số thứ tự từ 1 đến {PER_YEAR[self.kind]}."
            )

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2023-Q2", "2023-h1", " 2023 " (and "2023-05" if the class takes months) → the
        period; anything else raises PeriodError."""
        cleaned = (text or "").strip().upper()
        if MONTH in cls.kinds and (m := MONTH_KEY_RE.match(cleaned)):
            return cls(MONTH, int(m.group(1)), int(m.group(2)))
        m = KEY_RE.match(cleaned)
        if not m:
            raise PeriodError(f"“{text}” không phải là một {cls.what} (ví dụ: {cls.examples}).")
        year, part = int(m.group(1)), m.group(2)
        if part is None:
            return cls(YEAR, year)
        return cls(QUARTER if part[0] == "Q" else HALF_YEAR, year, int(part[1]))

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        """The period of `kind` that `day` falls in (quarter, 2023-05-31 → 2023-Q2)."""
        number = (day.month - 1) * PER_YEAR.get(kind, 1) // 12 + 1
        return cls(kind, day.year, number)  # a kind the class does not take raises PeriodError

    @property
    def months(self) -> tuple[int, int]:
        """First and last month, both included."""
        size = 12 // PER_YEAR[self.kind]
        first = (self.number - 1) * size + 1
        return first, first + size - 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.months[0], 1)

    @property
    def end(self) -> dt.date:
        last = self.months[1]
        return dt.date(self.year, last, calendar.monthrange(self.year, last)[1])

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def key(self) -> str:
        """ "2023-Q2", "2023-H1", "2023", "2023-05" (the form parse() and the CLIs take)."""
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == HALF_YEAR:
            return f"{self.year}-H{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        """ "Quý II/2023", "6 tháng đầu năm 2023", "Năm 2023", "Tháng 05/2023"."""
        if self.kind == MONTH:
            return f"Tháng {self.number:02d}/{self.year}"
        if self.kind == QUARTER:
            return f"Quý {ROMAN[self.number]}/{self.year}"
        if self.kind == HALF_YEAR:
            return f"6 tháng {self._half} năm {self.year}"
        return f"Năm {self.year}"

    @property
    def phrase(self) -> str:
        """ "quý II năm 2023", "6 tháng đầu năm 2023", "năm 2023", "tháng 5 năm 2023"
        (inside a sentence)."""
        if self.kind == MONTH:
            return f"tháng {self.number} năm {self.year}"
        if self.kind == QUARTER:
            return f"quý {ROMAN[self.number]} năm {self.year}"
        if self.kind == HALF_YEAR:
            return f"6 tháng {self._half} năm {self.year}"
        return f"năm {self.year}"

    @property
    def short_label(self) -> str:
        """ "Quý II/2023", "6 tháng đầu/2023", "Năm 2023", "Tháng 05/2023" (table headers)."""
        if self.kind == HALF_YEAR:
            return f"6 tháng {self._half}/{self.year}"
        return self.label

    @property
    def _half(self) -> str:
        return "đầu" if self.number == 1 else "cuối"

    def previous(self) -> Period:
        """The period of the same kind just before (2023-Q1 → 2022-Q4)."""
        if self.number > 1:
            return type(self)(self.kind, self.year, self.number - 1)
        return type(self)(self.kind, self.year - 1, PER_YEAR[self.kind])

    def next(self) -> Period:
        """The period of the same kind just after (2023-Q4 → 2024-Q1)."""
        if self.number < PER_YEAR[self.kind]:
            return type(self)(self.kind, self.year, self.number + 1)
        return type(self)(self.kind, self.year + 1, 1)

    def __str__(self) -> str:
        return self.key


class MonthPeriod(Period):
    """A Period that may also be a month: "2023-05" → MonthPeriod("month", 2023, 5)."""

    kinds = (MONTH, QUARTER, HALF_YEAR, YEAR)
    examples = "2023-05, 2023-Q2, 2023-H1, 2023"
