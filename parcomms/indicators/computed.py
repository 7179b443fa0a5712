"""Indicators the organisation tracks itself, computed from its own records.

UNIT_MEETINGS — "Tỷ lệ cơ quan, đơn vị tổ chức hội nghị tuyên truyền cải cách hành chính".
The plan's target reads "100% cơ quan, đơn vị tổ chức ít nhất 01 hội nghị tuyên truyền cải
cách hành chính" (plans/targets.py), so the year's value is the share of the organisation's
units (those with active staff) that held at least one session with CCHC content in the year:
a conference, meeting, thematic or legal-dissemination session, not cancelled, with somebody
present, organised by the unit or attended by it as an invited unit — the same sessions
that count towards the monthly session obligation (`activities.providers.SessionProvider`).
The unit × month share (months so far with a session) is kept in the note.

`unit_meetings` is pure; `record_unit_meetings` (services) reads the records and stores the
value as the year's `Result`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

UNIT_MEETINGS = "UNIT_MEETINGS"
COMPUTED = (UNIT_MEETINGS,)  # codes whose results come from the records, not from a publisher


class ComputeError(ValueError):
    """The message is Vietnamese and says what to do."""


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class UnitMeetings:
    year: int
    through: dt.date  # last day counted (31/12, or today in the current year)
    units: int
    units_held: int
    unit_months: int  # units × months so far
    unit_months_held: int
    missing: tuple[str, ...]  # names of the units without a session

    @property
    def percent(self) -> Decimal:
        """The indicator's value: units with at least one session, over all units."""
        return _percent(self.units_held, self.units)

    @property
    def monthly_percent(self) -> Decimal:
        return _percent(self.unit_months_held, self.unit_months)

    def note(self) -> str:
        months = self.unit_months // self.units
        text = (
            f"Tự tính từ hoạt động đã ghi nhận đến ngày {self.through:%d/%m/%Y}: "
            f"{self.units_held}/{self.units} đơn vị tổ chức hoặc dự ít nhất 01 buổi sinh hoạt, "
            f"hội nghị có nội dung cải cách hành chính; tính theo tháng: "
            f"{self.unit_months_held}/{self.unit_months} lượt đơn vị × tháng "
            f"({_text(self.monthly_percent)}%, {months} tháng)."
        )
        if self.missing:
            text += " Chưa có: " + ", ".join(self.missing) + "."
        return text


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def unit_meetings(
    units: Mapping[int, str],
    session_days: Mapping[int, Iterable[dt.date]],
    year: int,
    *,
    today: dt.date,
) -> UnitMeetings:
    """The UNIT_MEETINGS value for `year` from each unit's session days ({unit id: name},
    {unit id: [day, ...]}); days outside the year, or after `today`, do not count."""
    first = dt.date(year, 1, 1)
    if today < first:
        raise ComputeError(f"Năm {year} chưa bắt đầu; chưa có gì để tính.")
    if not units:
        raise ComputeError("Cơ quan chưa có đơn vị nào có cán bộ; chưa tính được tỷ lệ.")
    through = min(today, dt.date(year, 12, 31))
    held_months = {
        unit_id: {d.month for d in session_days.get(unit_id, ()) if first <= d <= through}
        for unit_id in units
    }
    missing = tuple(name for unit_id, name in units.items() if not held_months[unit_id])
    return UnitMeetings(
        year=year,
        through=through,
        units=len(units),
        units_held=len(units) - len(missing),
        unit_months=len(units) * through.month,
        unit_months_held=sum(len(months) for months in held_months.values()),
        missing=missing,
    )
