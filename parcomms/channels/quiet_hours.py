"""Quiet hours: when a channel may not send (pure Python, no Django).

Zalo refuses broadcasts between 22:00 and 06:00 (error -234); we do not even try then, and
queue the broadcast until the window opens. Times are local to Vietnam (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class QuietHours:
    start: time  # first quiet minute, e.g. 22:00
    end: time  # first minute sends are allowed again, e.g. 06:00
    tz: ZoneInfo = VIETNAM

    @classmethod
    def parse(cls, text: str, tz: ZoneInfo = VIETNAM) -> QuietHours:
        """ "22:00-06:00" → QuietHours(22:00, 06:00). Raises ValueError on anything else."""
        try:
            start_text, end_text = (part.strip() for part in text.split("-"))
            start, end = time.fromisoformat(start_text), time.fromisoformat(end_text)
        except ValueError:
            raise ValueError(f"{text!r} is not a quiet-hours window like 22:00-06:00") from None
        if start == end:
            raise ValueError(f"{text!r}: start and end are the same")
        return cls(start, end, tz)

    def is_quiet(self, now: datetime) -> bool:
        local = now.astimezone(self.tz).time()
        if self.start < self.end:  # a window inside one day, e.g. 12:00-13:00
            return self.start <= local < self.end
        return local >= self.start or local < self.end  # across midnight

    def next_allowed(self, now: datetime) -> datetime | None:
        """None if sending is allowed at `now`, else the aware moment the window ends."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        if not self.is_quiet(now):
            return None
        local = now.astimezone(self.tz)
        end_today = datetime.combine(local.date(), self.end, tzinfo=self.tz)
        return end_today if end_today > local else end_today + timedelta(days=1)
