"""Counting published articles (and their deliveries) for emulation scoring and reports.

An article counts once for each of its authors, once for each unit that has at least one of
its authors (an article written by two people of one unit counts once for that unit), once
for each content area it is tagged with, and once in the period of its first publication
(Vietnam time). Deliveries count per channel when the channels app records them as sent.

    counter = ArticleCounter(organisation, start=date(2023, 1, 1), end=date(2023, 12, 31))
    counter.per_person()   → [Row(key=staff_id, label="Đặng Thị Hà", count=3), …]
    counter.per_unit()     → [Row(key=unit_id, label="Phòng Hành chính - Tổ chức", count=5), …]
    counter.per_topic()    → [Row(key=topic_id, label="c) Tuyên truyền về cải cách …", count=2), …]
    counter.per_period("quarter") → [Row(key="2023-Q1", label="Quý I/2023", count=4), …]
    counter.per_channel()  → [Row(key="zalo", label="Zalo OA", count=7), …]
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.apps import apps
from django.db.models import Count
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

from parcomms.vn.collation import sort_key

from .models import ArticlePage

PERIODS = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Row:
    key: object
    label: str
    count: int


def published_articles(organisation=None, start: date | None = None, end: date | None = None):
    """Live articles, by first publication date (inclusive bounds, Vietnam time)."""
    articles = ArticlePage.objects.published().filter(first_published_at__isnull=False)
    if organisation is not None:
        articles = articles.filter(organisation=organisation)
    tz = timezone.get_current_timezone()
    if start is not None:
        articles = articles.filter(
            first_published_at__gte=datetime.combine(start, time.min, tzinfo=tz)
        )
    if end is not None:
        articles = articles.filter(
            first_published_at__lte=datetime.combine(end, time.max, tzinfo=tz)
        )
    return articles


def period_key(moment: date, period: str) -> tuple[str, str]:
    """("2023-03", "Tháng 3/2023"), ("2023-Q1", "Quý I/2023"), ("2023", "Năm 2023")."""
    if period == "month":
        return f"{moment.year}-{moment.month:02d}", f"Tháng {moment.month}/{moment.year}"
    if period == "quarter":
        q = (moment.month - 1) // 3 + 1
        return f"{moment.year}-Q{q}", f"Quý {ROMAN_QUARTERS[q]}/{moment.year}"
    if period == "year":
        return str(moment.year), f"Năm {moment.year}"
    raise ValueError(f"unknown period {period!r}: use month, quarter or year")


def count_deliveries(deliveries) -> list[Row]:
    """Sent deliveries per channel code, from any queryset with `channel` and `status` fields
    (the channels app's Delivery)."""
    labels = dict(ArticlePage.Channel.choices)
    rows = (
        deliveries.filter(status="sent")
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by("channel")
    )
    return sorted(
        (Row(r["channel"], str(labels.get(r["channel"], r["channel"])), r["n"]) for r in rows),
        key=lambda r: (-r.count, r.key),
    )


class ArticleCounter:
    def __init__(self, organisation=None, *, start: date | None = None, end: date | None = None):
        self.organisation = organisation
        self.articles = published_articles(organisation, start, end)

    def _ids(self):
        return self.articles.values("pk")

    def total(self) -> int:
        return self.articles.count()

    def per_person(self) -> list[Row]:
        through = ArticlePage.authors.through.objects.filter(articlepage_id__in=self._ids())
        rows = through.values("staff_id", "staff__full_name").annotate(n=Count("articlepage_id"))
        return _ranked(Row(r["staff_id"], r["staff__full_name"], r["n"]) for r in rows)

    def per_unit(self) -> list[Row]:
        through = ArticlePage.authors.through.objects.filter(articlepage_id__in=self._ids())
        rows = through.values("staff__unit_id", "staff__unit__name").annotate(
            n=Count("articlepage_id", distinct=True)
        )
        return _ranked(Row(r["staff__unit_id"], r["staff__unit__name"], r["n"]) for r in rows)

    def per_topic(self) -> list[Row]:
        through = ArticlePage.topics.through.objects.filter(articlepage_id__in=self._ids())
        rows = through.values("topic_id", "topic__label", "topic__title").annotate(
            n=Count("articlepage_id")
        )
        return _ranked(
            Row(r["topic_id"], f"{r['topic__label']}) {r['topic__title']}", r["n"]) for r in rows
        )

    def per_period(self, period: str = "month") -> list[Row]:
        if period not in PERIODS:
            raise ValueError(f"unknown period {period!r}: use month, quarter or year")
        trunc = PERIODS[period]("first_published_at", tzinfo=timezone.get_current_timezone())
        rows = self.articles.annotate(p=trunc).values("p").annotate(n=Count("pk")).order_by("p")
        out = []
        for r in rows:
            key, label = period_key(
                timezone.localtime(r["p"]) if isinstance(r["p"], datetime) else r["p"], period
            )
            out.append(Row(key, label, r["n"]))
        return out

    def per_channel(self) -> list[Row]:
        """Sent deliveries of these articles per channel; empty until the channels app has a
        Delivery model."""
        try:
            delivery = apps.get_model("channels", "Delivery")
        except LookupError:
            return []
        return count_deliveries(delivery.objects.filter(article_id__in=self._ids()))


def _ranked(rows) -> list[Row]:
    return sorted(rows, key=lambda r: (-r.count, sort_key(r.label or "")))
