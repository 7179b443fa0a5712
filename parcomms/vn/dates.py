"""Dates as Vietnamese officials write them (pure Python).

Long form per Decree 30/2020/NĐ-CP (Appendix I): "ngày 05 tháng 02 năm 2023" — days
below 10 and the months 1 and 2 take a leading zero, other months do not
("ngày 15 tháng 7 năm 2021"). Short form: "23/12/2022".
"""

import datetime as dt
import re
from dataclasses import dataclass

from parcomms.vn.text import nfc


@dataclass(frozen=True)
class VnDate:
    """A written date; any part may be blank (drafts write "ngày   tháng 02 năm 2023")."""

    day: int | None
    month: int | None
    year: int | None

    @classmethod
    def from_date(cls, date: dt.date) -> "VnDate":
        return cls(date.day, date.month, date.year)

    def to_date(self) -> dt.date | None:
        """The calendar date, or None when a part is blank or the date does not exist."""
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
DATE_WORDS = r"ngày\s*(?P<d1>\d{1,2})?\s*tháng\s*(?P<m1>\d{1,2})?\s*năm\s*(?P<y1>\d{4})(?!\d)"
DATE_NUMERIC = (
    r"(?<![\d/.-])(?P<d2>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m2>\d{1,2})"
    r"\s*(?P=sep)\s*(?P<y2>\d{4})(?!\d)"
)
DATE_RE = re.compile(rf"{DATE_WORDS}|(?:ngày\s+)?{DATE_NUMERIC}", re.IGNORECASE)

# "Ninh Thuận, ngày 05 tháng 02 năm 2023": the place is the text before the comma.
PLACE_DATE_RE = re.compile(rf"(?P<place>[^\W\d_][^,\n]*?)\s*,\s*(?:{DATE_WORDS})", re.IGNORECASE)


def parse_date(text: str) -> VnDate | None:
    """Parse the first written date in `text` (NFC or NFD); None if there is none."""
    m = DATE_RE.search(nfc(text))
    return date_from_match(m) if m else None


def date_from_match(m: re.Match) -> VnDate:
    g = m.groupdict()
    if g.get("y1"):
        d, mo, y = g["d1"], g["m1"], g["y1"]
    else:
        d, mo, y = g["d2"], g["m2"], g["y2"]
    return VnDate(int(d) if d else None, int(mo) if mo else None, int(y))


def parse_place_date(text: str) -> tuple[str, VnDate] | None:
    """Parse "Ninh Thuận, ngày 05 tháng 02 năm 2023" into ("Ninh Thuận", VnDate(5, 2, 2023))."""
    m = PLACE_DATE_RE.search(nfc(text))
    if not m:
        return None
    return m.group("place").strip(), date_from_match(m)


def _as_vn_date(date: dt.date | VnDate) -> VnDate:
    return date if isinstance(date, VnDate) else VnDate.from_date(date)


def _long_day(day: int) -> str:
    return f"{day:02d}"


def _long_month(month: int) -> str:
    # Decree 30 pads only January and February: "tháng 01", "tháng 02", but "tháng 7".
    return f"{month:02d}" if month < 3 else str(month)


def format_date_long(date: dt.date | VnDate, *, blank: str = " ") -> str:
    """ "ngày 05 tháng 02 năm 2023"; blank parts are written as `blank`."""
    d = _as_vn_date(date)
    day = _long_day(d.day) if d.day else blank
    month = _long_month(d.month) if d.month else blank
    year = str(d.year) if d.year else blank
    return f"ngày {day} tháng {month} năm {year}"


def format_date_short(date: dt.date | VnDate, *, blank: str = "  ") -> str:
    """ "23/12/2022" (dd/mm/yyyy); blank parts are written as `blank`."""
    d = _as_vn_date(date)
    day = f"{d.day:02d}" if d.day else blank
    month = f"{d.month:02d}" if d.month else blank
    year = str(d.year) if d.year else blank
    return f"{day}/{month}/{year}"


def format_place_date(place: str, date: dt.date | VnDate, *, blank: str = " ") -> str:
    """ "Ninh Thuận, ngày 05 tháng 02 năm 2023" — the line under a document's number."""
    return f"{nfc(place).strip()}, {format_date_long(date, blank=blank)}"
