"""Counting published articles per person, unit, content area, period and channel."""

from datetime import date, datetime

import pytest
from django.apps import apps
from django.utils import timezone

from parcomms.content.counting import ArticleCounter, count_deliveries, period_key
from parcomms.content.models import ArticlePage
from parcomms.content.testing import make_article, make_topics

pytestmark = pytest.mark.django_db
VN = timezone.get_fixed_timezone(7 * 60)


def publish(article, when):
    article = ArticlePage.objects.get(pk=article.pk)
    article.get_latest_revision().publish(skip_permission_checks=True)
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=when)
    return ArticlePage.objects.get(pk=article.pk)


@pytest.fixture
def published(cast):
    topics = make_topics(cast.org)
    a = publish(
        make_article(cast.staff, title="A", topics=[topics[0], topics[1]]),
        datetime(2023, 3, 31, 23, 30, tzinfo=VN),  # still March and Q1 in Vietnam (16:30 UTC)
    )
    b = publish(
        make_article(
            cast.staff, title="B", authors=[cast.staff.staff, cast.head.staff], topics=[topics[1]]
        ),
        datetime(2023, 4, 2, 9, 0, tzinfo=VN),
    )
    c = publish(make_article(cast.other_staff, title="C"), datetime(2023, 11, 5, 9, 0, tzinfo=VN))
    make_article(cast.staff, title="Nháp")  # a draft does not count
    publish(make_article(cast.other_org_staff, title="Khác"), datetime(2023, 5, 1, tzinfo=VN))
    return topics, a, b, c


def as_dict(rows):
    return {r.key: r.count for r in rows}


def test_per_person_and_unit(cast, published):
    counter = ArticleCounter(cast.org)
    assert counter.total() == 3
    assert as_dict(counter.per_person()) == {
        cast.staff.staff.pk: 2,
        cast.head.staff.pk: 1,
        cast.other_staff.staff.pk: 1,
    }
    # B has two authors of one unit: it counts once for that unit.
    assert as_dict(counter.per_unit()) == {cast.unit.pk: 2, cast.other_unit.pk: 1}
    assert counter.per_person()[0].label == "Đặng Thị Hà"


def test_per_topic(cast, published):
    topics, *_ = published
    assert as_dict(ArticleCounter(cast.org).per_topic()) == {topics[0].pk: 1, topics[1].pk: 2}


def test_per_period_in_vietnam_time(cast, published):
    counter = ArticleCounter(cast.org)
    assert [(r.key, r.count) for r in counter.per_period("month")] == [
        ("2023-03", 1), ("2023-04", 1), ("2023-11", 1)
    ]  # fmt: skip
    assert [(r.label, r.count) for r in counter.per_period("quarter")] == [
        ("Quý I/2023", 1), ("Quý II/2023", 1), ("Quý IV/2023", 1)
    ]  # fmt: skip
    assert [(r.key, r.count) for r in counter.per_period("year")] == [("2023", 3)]
    with pytest.raises(ValueError):
        counter.per_period("week")


def test_date_bounds(cast, published):
    q1 = ArticleCounter(cast.org, start=date(2023, 1, 1), end=date(2023, 3, 31))
    assert q1.total() == 1
    assert ArticleCounter(cast.org, start=date(2023, 4, 1)).total() == 2


def test_period_key_labels():
    assert period_key(date(2023, 2, 1), "month") == ("2023-02", "Tháng 2/2023")
    assert period_key(date(2023, 8, 1), "quarter") == ("2023-Q3", "Quý III/2023")
    with pytest.raises(ValueError):
        period_key(date(2023, 8, 1), "day")


def test_per_channel_counts_sent_deliveries(cast, published):
    _, a, b, c = published
    try:
        delivery = apps.get_model("channels", "Delivery")
    except LookupError:
        pytest.skip("the channels app has no Delivery model yet")

    def make(article, channel, status):
        delivery.objects.create(
            article=article, organisation=article.organisation, channel=channel, status=status
        )

    make(a, "zalo", "sent")
    make(b, "zalo", "sent")
    make(a, "portal", "sent")
    make(c, "email", "failed")
    assert as_dict(ArticleCounter(cast.org).per_channel()) == {"zalo": 2, "portal": 1}
    rows = count_deliveries(delivery.objects.all())
    assert rows[0].key == "zalo" and rows[0].label == "Zalo OA"
