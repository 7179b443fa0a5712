"""Period keys "2023-Q2", "2023-H1", "2023" and how Vietnamese documents name them
(pure Python, no Django).

Period.parse("2023-Q2") → Period(kind="quarter", year=2023, number=2)
.start / .end (dates, both included), .key "2023-Q2", .previous() → 2023-Q1, and three names:
.label "Quý II/2023" (lists), .phrase "quý II năm 2023" (inside a sentence or a title),
.short_label "Quý II/2023", "6 tháng đầu/2023" (narrow table headers).

It lives in vn/ because it is pure and is shared by two apps (emulation periods and report
periods), and because the names are the toolkit's business: how official documents write a
period, like vn.dates for days. An app that needs its own wording subclasses Period and sets
`what` (the noun the error messages use) or overrides `label`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar

QUARTER, HALF_YEAR, YEAR = "quarter", "half_year", "year"
KINDS = {QUARTER: "Quý", HALF_YEAR: "6 tháng", YEAR: "Năm"}
COUNT = {QUARTER: 4, HALF_YEAR: 2, YEAR: 1}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
KEY_RE = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")


class PeriodError(ValueError):
    """The message is Vietnamese."""


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int = 1

    what: ClassVar[str] = "kỳ"  # the noun error messages use ("kỳ báo cáo" for reports)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise PeriodError(f"Loại {self.what} phải là quý, 6 tháng hoặc năm.")
        if not 2000 <= self.year <= 2100:
            raise PeriodError(f"Năm của {self.what} phải trong khoảng 2000–2100.")
        if not 1 <= self.number <= COUNT[self.kind]:
            raise PeriodError(f"{KINDS[self.kind]} chỉ có số thứ tự từ 1 đến {COUNT[self.kind]}.")

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2023-Q2", "2023-h1", " 2023 " → the period; anything else raises PeriodError."""
        m = KEY_RE.match((text or "").strip().upper())
        if not m:
            raise PeriodError(
                f"“{text}” không phải là một {cls.what} (ví dụ: 2023-Q2, 2023-H1, 2023)."
            )
        year, part = int(m.group(1)), m.group(2)
        if part is None:
            return cls(YEAR, year)
        return cls(QUARTER if part[0] == "Q" else HALF_YEAR, year, int(part[1]))

    @property
    def months(self) -> tuple[int, int]:
        """First and last month, both included."""
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
    def key(self) -> str:
        """ "2023-Q2", "2023-H1", "2023" (the form parse() and the CLIs take)."""
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == HALF_YEAR:
            return f"{self.year}-H{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        """ "Quý II/2023", "6 tháng đầu năm 2023", "Năm 2023"."""
        if self.kind == QUARTER:
            return f"Quý {ROMAN[self.number]}/{self.year}"
        if self.kind == HALF_YEAR:
            return f"6 tháng {self._half} năm {self.year}"
        return f"Năm {self.year}"

    @property
    def phrase(self) -> str:
        """ "quý II năm 2023", "6 tháng đầu năm 2023", "năm 2023" (inside a sentence)."""
        if self.kind == QUARTER:
            return f"quý {ROMAN[self.number]} năm {self.year}"
        if self.kind == HALF_YEAR:
            return f"6 tháng {self._half} năm {self.year}"
        return f"năm {self.year}"

    @property
    def short_label(self) -> str:
        """ "Quý II/2023", "6 tháng đầu/2023", "Năm 2023" (table headers)."""
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
        return type(self)(self.kind, self.year - 1, COUNT[self.kind])

    def __str__(self) -> str:
        return self.key
