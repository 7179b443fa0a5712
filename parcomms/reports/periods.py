"""Report periods "2023-Q2", "2023-H1", "2023" (pure Python, no Django).

parse_period("2023-Q2") → Period(kind="quarter", year=2023, number=2)
.start / .end (dates, both included), .label "quý II năm 2023" (as a report title says it),
.short_label "Quý II/2023" (table headers), .list_label "Quý II/2023", "6 tháng đầu năm 2023"
(lists), .previous() → 2023-Q1

The implementation is parcomms.vn.periods, shared with emulation periods; this subclass only
sets the report wording.
"""

from __future__ import annotations

from parcomms.vn import periods
from parcomms.vn.periods import COUNT, HALF_YEAR, QUARTER, ROMAN, YEAR, PeriodError

PATTERN = periods.KEY_RE

__all__ = [
    "COUNT",
    "HALF_YEAR",
    "PATTERN",
    "QUARTER",
    "ROMAN",
    "YEAR",
    "Period",
    "PeriodError",
    "parse_period",
]


class Period(periods.Period):
    what = "kỳ báo cáo"

    @property
    def label(self) -> str:
        """ "quý II năm 2023", "6 tháng đầu năm 2023", "năm 2023" (as used in a title)."""
        return self.phrase

    @property
    def list_label(self) -> str:
        """ "Quý II/2023", "6 tháng đầu năm 2023", "Năm 2023" (lists): the shared wording."""
        return self._shared.label

    @property
    def short_label(self) -> str:
        """ "Quý II/2023", "6 tháng đầu/2023", "Năm 2023" (table headers). The shared
        short_label falls back on `label`, which reports turn into the title form."""
        return self._shared.short_label

    @property
    def _shared(self) -> periods.Period:
        return periods.Period(self.kind, self.year, self.number)


def parse_period(text: str) -> Period:
    return Period.parse(text)
