"""A year of demo activity, as data (pure Python, no Django).

`plan_year(units, topics, documents, seed)` describes every session, other communication and
article of the demo year; the `load_demo_activity` command applies the description through the
other apps' services. The same seed and inputs give the same description, so the command can
run again and only add what is missing (and re-link content areas after the plan is imported
again). Every title starts with DEMO_MARK: nobody mistakes it for real work.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

DEMO_MARK = "[DEMO]"
YEAR = 2023

SESSION_KINDS = ("sinh_hoat", "pbgdpl", "buoi_hop")
PHRASES = (
    "những điểm mới cần nắm",
    "triển khai tại cơ quan",
    "kết quả sau 6 tháng thực hiện",
    "hỏi – đáp cho cán bộ, công chức",
    "kinh nghiệm từ các địa phương",
    "những việc cần làm ngay",
    "góc nhìn từ bộ phận một cửa",
    "lợi ích cho người dân, doanh nghiệp",
)
PLACES = ("Phòng họp số 1", "Phòng họp số 2", "Hội trường Văn phòng", "Phòng họp trực tuyến")
MINUTES = (
    "Quán triệt nội dung kế hoạch tuyên truyền cải cách hành chính; trao đổi, thảo luận và "
    "thống nhất các việc cần làm của đơn vị trong tháng."
)


@dataclass(frozen=True)
class SessionSpec:
    key: str  # the title, unique in the demo
    unit: str
    kind: str
    starts_at: dt.datetime  # local time, naive
    topics: tuple[str, ...]  # content-area labels
    documents: tuple[int, ...]  # indexes into the plan's documents
    place: str
    invite_all: bool = False
    present_share: float = 0.85


@dataclass(frozen=True)
class OtherSpec:
    key: str
    unit: str
    kind: str  # bang_tin | zalo | to_roi | ap_phich
    starts_at: dt.datetime
    count: int
    topics: tuple[str, ...]


@dataclass(frozen=True)
class ArticleSpec:
    slug: str
    title: str
    unit: str
    author_index: int  # among the unit's staff who are not its head, modulo their number
    kind: str  # tin | bai | anh
    topics: tuple[str, ...]
    documents: tuple[int, ...]
    state: str  # draft | returned | submitted | approved | published
    day: dt.date  # written; published on this day when published
    summary: str
    paragraphs: tuple[str, ...] = field(default=())


@dataclass
class DemoYear:
    sessions: list[SessionSpec]
    other: list[OtherSpec]
    articles: list[ArticleSpec]


def _about(subject: str) -> str:
    """The words 'về <subject>', without doubling the 'về' of an area titled 'Về …'."""
    subject = subject.lower()
    return subject if subject.startswith("về ") else f"về {subject}"


def _working_day(rng: random.Random, year: int, month: int, first=1, last=28) -> dt.date:
    for _ in range(40):
        day = dt.date(year, month, rng.randint(first, last))
        if day.weekday() < 5:
            return day
    return dt.date(year, month, first)


def _topics(rng: random.Random, labels: Sequence[str], month: int, weights) -> tuple[str, ...]:
    if not labels:
        return ()
    first = rng.choices(labels, weights=weights)[0]
    picked = [first]
    if rng.random() < 0.35:
        second = rng.choices(labels, weights=weights)[0]
        if second != first:
            picked.append(second)
    return tuple(picked)


def plan_year(
    units: Sequence[str],
    topics: Sequence[tuple[str, str]],
    documents: int,
    *,
    seed: int = YEAR,
    year: int = YEAR,
    behind: Sequence[str] = (),
    articles_per_month: tuple[int, int] = (6, 10),
) -> DemoYear:
    """`units`: unit names with staff; `topics`: (label, title) of the plan's content areas;
    `documents`: how many documents the plan cites; `behind`: units that skip December's
    session (so the dashboard shows overdue obligations)."""
    rng = random.Random(seed)
    labels = [label for label, _ in topics]
    titles = dict(topics)
    # Some content areas get more attention than others; the last one gets none after
    # September, so the dashboard shows a coverage gap.
    weights = [5, 3, 6, 2, 3, 2, 4][: len(labels)] + [2] * max(0, len(labels) - 7)
    quiet = labels[-1] if labels else None

    def area_weights(month: int):
        if month >= 10 and quiet is not None:
            return [0 if label == quiet else w for label, w in zip(labels, weights, strict=False)]
        return weights

    def docs() -> tuple[int, ...]:
        if not documents or rng.random() < 0.4:
            return ()
        return tuple(sorted({rng.randrange(documents) for _ in range(rng.randint(1, 2))}))

    sessions: list[SessionSpec] = []
    other: list[OtherSpec] = []
    articles: list[ArticleSpec] = []
    for month in range(1, 13):
        for unit in units:
            # A unit now and then misses a month; in December only the units "behind".
            skip = unit in behind if month == 12 else rng.random() < 0.06
            if skip:
                continue
            day = _working_day(rng, year, month, 5, 25)
            area = _topics(rng, labels, month, area_weights(month))
            sessions.append(
                SessionSpec(
                    key=f"{DEMO_MARK} Sinh hoạt chuyên đề tháng {month:02d}/{year} — {unit}",
                    unit=unit,
                    kind=rng.choice(SESSION_KINDS),
                    starts_at=dt.datetime.combine(day, dt.time(14, 0)),
                    topics=area,
                    documents=docs(),
                    place=rng.choice(PLACES),
                    present_share=rng.uniform(0.7, 0.97),
                )
            )
        # One conference a quarter for every unit; the fourth in November, so that a unit
        # that skips its December session is overdue.
        if month in (3, 6, 9, 11) and units:
            day = _working_day(rng, year, month, 10, 20)
            sessions.append(
                SessionSpec(
                    key=f"{DEMO_MARK} Hội nghị quán triệt công tác CCHC quý {(month - 1) // 3 + 1}/{year}",
                    unit=units[0],
                    kind="hoi_nghi",
                    starts_at=dt.datetime.combine(day, dt.time(8, 0)),
                    topics=tuple(labels[:3]),
                    documents=docs(),
                    place="Hội trường Văn phòng",
                    invite_all=True,
                    present_share=0.9,
                )
            )
        if units:
            day = _working_day(rng, year, month)
            other.append(
                OtherSpec(
                    key=f"{DEMO_MARK} Bảng tin CCHC tháng {month:02d}/{year}",
                    unit=units[0],
                    kind="bang_tin",
                    starts_at=dt.datetime.combine(day, dt.time(9, 0)),
                    count=rng.randint(2, 5),
                    topics=_topics(rng, labels, month, area_weights(month)),
                )
            )
            day = _working_day(rng, year, month)
            other.append(
                OtherSpec(
                    key=f"{DEMO_MARK} Bài đăng Zalo tháng {month:02d}/{year}",
                    unit=units[min(1, len(units) - 1)],
                    kind="zalo",
                    starts_at=dt.datetime.combine(day, dt.time(10, 0)),
                    count=rng.randint(3, 9),
                    topics=_topics(rng, labels, month, area_weights(month)),
                )
            )
        if month in (2, 5, 8, 11) and units:
            day = _working_day(rng, year, month)
            other.append(
                OtherSpec(
                    key=f"{DEMO_MARK} Tờ gấp tuyên truyền CCHC đợt {month // 3 + 1}/{year}",
                    unit=units[0],
                    kind="to_roi",
                    starts_at=dt.datetime.combine(day, dt.time(9, 0)),
                    count=rng.choice((200, 300, 500)),
                    topics=_topics(rng, labels, month, area_weights(month)),
                )
            )
        per_month = rng.randint(*articles_per_month)
        for n in range(1, per_month + 1):
            # Units take turns, so each writes every quarter.
            unit = units[len(articles) % len(units)] if units else ""
            area = _topics(rng, labels, month, area_weights(month))
            topic_title = (
                titles.get(area[0], "Cải cách hành chính") if area else "Cải cách hành chính"
            )
            subject = topic_title.removeprefix("Tuyên truyền ").strip()
            subject = subject[:1].upper() + subject[1:]
            phrase = rng.choice(PHRASES)
            draw = rng.random()
            if month == 12:
                state = "published" if draw < 0.45 else ("draft" if draw < 0.8 else "returned")
            else:
                state = "published" if draw < 0.86 else ("draft" if draw < 0.95 else "returned")
            day = _working_day(rng, year, month)
            articles.append(
                ArticleSpec(
                    slug=f"demo-{year}-{month:02d}-{n:02d}",
                    title=f"{DEMO_MARK} {subject}: {phrase}",
                    unit=unit,
                    author_index=rng.randrange(50),
                    kind=rng.choices(("tin", "bai", "anh"), weights=(6, 3, 1))[0],
                    topics=area,
                    documents=docs(),
                    state=state,
                    day=day,
                    summary=f"Bài viết minh họa {_about(subject)}: {phrase}.",
                    paragraphs=(
                        f"Đây là tin, bài minh họa (DỮ LIỆU MINH HỌA) {_about(subject)}.",
                        "Nội dung được tạo tự động để người dùng mới thấy trang tổng quan "
                        "khi có số liệu.",
                    ),
                )
            )
    # Every state at least once, whatever the draw: the last articles of the year.
    for state, spec in zip(("returned", "draft"), reversed(articles), strict=False):
        if not any(a.state == state for a in articles):
            articles[articles.index(spec)] = replace(spec, state=state)
    return DemoYear(sessions, other, articles)


def waiting_articles(units: Sequence[str], topics: Sequence[tuple[str, str]], today: dt.date):
    """Articles waiting for review now (the approval queue is about today, not the demo
    year): at the unit head's step and at the editor's step, waiting 1 to 12 days."""
    rng = random.Random(f"waiting-{YEAR}")
    labels = [label for label, _ in topics]
    out = []
    for n, (state, days) in enumerate(
        [("submitted", 1), ("submitted", 3), ("submitted", 9), ("approved", 2), ("approved", 12)],
        start=1,
    ):
        area = (rng.choice(labels),) if labels else ()
        title = dict(topics).get(area[0], "Cải cách hành chính") if area else "Cải cách hành chính"
        subject = title.removeprefix("Tuyên truyền ").strip()
        out.append(
            ArticleSpec(
                slug=f"demo-cho-duyet-{n:02d}",
                title=f"{DEMO_MARK} Bài chờ duyệt số {n}: {subject}",
                unit=units[n % len(units)] if units else "",
                author_index=rng.randrange(50),
                kind="bai",
                topics=area,
                documents=(),
                state=state,
                day=today - dt.timedelta(days=days),
                summary=f"Bài minh họa đang chờ duyệt {_about(subject)}.",
                paragraphs=("Đây là tin, bài minh họa (DỮ LIỆU MINH HỌA) đang chờ duyệt.",),
            )
        )
    return out
