"""The coverage matrix (pure Python): content areas and policy documents × months, with how
many articles, sessions and other communication touched each, and the gaps — an area with
nothing in the last quarter.

The database side (`queries.coverage_counts`) aggregates; this module only lays the rows out.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

SOURCES = ("articles", "sessions", "other")
HEAT_LEVELS = 4
GAP_MONTHS = 3


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @property
    def label(self) -> str:
        return f"{self.month:02d}/{self.year}"

    @property
    def short_label(self) -> str:
        return f"T{self.month}"

    @classmethod
    def of(cls, day: dt.date) -> "Month":
        return cls(day.year, day.month)

    def next(self) -> "Month":
        return Month(self.year + self.month // 12, self.month % 12 + 1)


def month_range(first: dt.date, last: dt.date) -> list[Month]:
    months, month, end = [], Month.of(first), Month.of(last)
    while month <= end:
        months.append(month)
        month = month.next()
    return months


@dataclass(frozen=True)
class Subject:
    """A row of the matrix: a content area ("topic", label "a") or a document."""

    kind: str  # "topic" | "document"
    pk: int
    label: str
    title: str


@dataclass(frozen=True)
class Count:
    """One aggregated row from the database."""

    kind: str  # "topic" | "document"
    pk: int
    year: int
    month: int
    source: str  # "articles" | "sessions" | "other"
    count: int


@dataclass
class Cell:
    articles: int = 0
    sessions: int = 0
    other: int = 0
    level: int = 0  # 0 (nothing) … HEAT_LEVELS (the busiest cell)

    @property
    def total(self) -> int:
        return self.articles + self.sessions + self.other

    def add(self, source: str, count: int) -> None:
        setattr(self, source, getattr(self, source) + count)

    @property
    def title(self) -> str:
        return (
            f"{self.articles} tin bài, {self.sessions} buổi sinh hoạt, {self.other} hình thức khác"
        )


@dataclass
class Row:
    subject: Subject
    cells: list[Cell]
    total: Cell = field(default_factory=Cell)
    gap: bool = False  # nothing in the last quarter


@dataclass
class Matrix:
    months: list[Month]
    topics: list[Row]
    documents: list[Row]
    gap_months: list[Month]  # the "last quarter" the gaps are judged on
    totals: list[Cell]  # per month, content areas only

    @property
    def gap_index(self) -> list[int]:
        return [i for i, m in enumerate(self.months) if m in self.gap_months]

    @property
    def gaps(self) -> list[Row]:
        return [row for row in self.topics + self.documents if row.gap]


def last_quarter(months: list[Month], today: dt.date) -> list[Month]:
    """The three months up to today's (within the matrix); none if the matrix is all in the
    future."""
    now = Month.of(today)
    past = [m for m in months if m <= now]
    return past[-GAP_MONTHS:]


def _heat(total: int, busiest: int) -> int:
    if total <= 0 or busiest <= 0:
        return 0
    return max(1, -(-total * HEAT_LEVELS // busiest))  # ceiling


def build_matrix(
    topics: Iterable[Subject],
    documents: Iterable[Subject],
    months: list[Month],
    counts: Iterable[Count],
    today: dt.date,
) -> Matrix:
    index = {m: i for i, m in enumerate(months)}
    rows: dict[tuple[str, int], Row] = {}
    ordered: dict[str, list[Row]] = {"topic": [], "document": []}
    for subject in [*topics, *documents]:
        row = Row(subject, [Cell() for _ in months])
        rows[(subject.kind, subject.pk)] = row
        ordered[subject.kind].append(row)
    for count in counts:
        row = rows.get((count.kind, count.pk))
        i = index.get(Month(count.year, count.month))
        if row is None or i is None or count.source not in SOURCES:
            continue
        row.cells[i].add(count.source, count.count)
        row.total.add(count.source, count.count)

    gap_months = last_quarter(months, today)
    gap_index = [index[m] for m in gap_months]
    totals = [Cell() for _ in months]
    for row in ordered["topic"]:
        for i, cell in enumerate(row.cells):
            for source in SOURCES:
                totals[i].add(source, getattr(cell, source))
    for group in ordered.values():
        busiest = max((c.total for row in group for c in row.cells), default=0)
        for row in group:
            for cell in row.cells:
                cell.level = _heat(cell.total, busiest)
            row.gap = bool(gap_index) and all(row.cells[i].total == 0 for i in gap_index)
    return Matrix(months, ordered["topic"], ordered["document"], gap_months, totals)
