"""Dates as Vietnamese officials write them (pure Python)."""

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class VnDate:
    """A written date; any part may be blank (drafts write "ngày   tháng 02 năm 2023")."""

    day: int | None
    month: int | None
    year: int | None

    def to_date(self) -> dt.date | None:
        if self.day and self.month and self.year:
            try:
                return dt.date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None

    def iso(self) -> str | None:
        d = self.to_date()
        return d.isoformat() if d else None


# "ngày 23 tháng 12 năm 2022", "ngày   tháng 02 năm 2023", "ngày 27/10/2021", "ngày 01-10-1997"
DATE_WORDS = r"ngày\s*(?P<d1>\d{1,2})?\s*tháng\s*(?P<m1>\d{1,2})?\s*năm\s*(?P<y1>\d{4})"
DATE_NUMERIC = r"(?P<d2>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<y2>\d{4})"
DATE_RE = re.compile(rf"{DATE_WORDS}|(?:ngày\s+)?{DATE_NUMERIC}", re.IGNORECASE)


def parse_date(text: str) -> VnDate | None:
    """Parse the first written date in `text`; None if there is none."""
    m = DATE_RE.search(text)
    return date_from_match(m) if m else None


def date_from_match(m: re.Match) -> VnDate:
    g = m.groupdict()
    if g.get("y1"):
        d, mo, y = g["d1"], g["m1"], g["y1"]
    else:
        d, mo, y = g["d2"], g["m2"], g["y2"]
    return VnDate(int(d) if d else None, int(mo) if mo else None, int(y))
