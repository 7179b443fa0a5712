"""RSS 2.0 and Atom feeds, overall and per content area: valid XML, absolute links, the
publication dates, only published public articles."""

import datetime as dt
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from .public_helpers import build_news_tree, import_reference_plan, local, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(cast):
    return build_news_tree(cast)


@pytest.fixture
def plan(cast):
    return import_reference_plan(cast)


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles(cast, tree, plan):
    topic_c = plan.topics.get(label="c")
    topic_g = plan.topics.get(label="g")
    tthc = make_article(
        tree.index,
        title="Rút ngắn thời gian giải quyết thủ tục",
        summary="Bộ phận một cửa giảm một nửa thời gian.",
        unit=cast.unit,
        topics=[topic_c],
        published_at=local(2023, 2, 5, 8, 30),
    )
    digital = make_article(
        tree.index,
        title="Chữ ký số cho lãnh đạo phòng",
        summary="Toàn bộ lãnh đạo phòng đã có chữ ký số.",
        unit=cast.other_unit,
        topics=[topic_g],
        published_at=local(2023, 3, 1, 10, 0),
    )
    draft = make_article(
        tree.index, title="Bản nháp chưa duyệt", unit=cast.unit, topics=[topic_c], live=False
    )
    expired = make_article(
        tree.index,
        title="Tin đã hết hạn",
        unit=cast.unit,
        topics=[topic_c],
        expire_at=timezone.now() - dt.timedelta(minutes=1),
    )
    return {"tthc": tthc, "digital": digital, "draft": draft, "expired": expired}


def rss_items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def atom_entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_rss(client, articles):
    channel, items = rss_items(client.get(reverse("news:rss")))
    assert channel.findtext("language") == "vi"
    assert channel.findtext("link") == "http://testserver/"
    assert [i.findtext("title") for i in items] == [
        "Chữ ký số cho lãnh đạo phòng",
        "Rút ngắn thời gian giải quyết thủ tục",
    ]
    item = items[1]
    assert item.findtext("link") == f"http://testserver{articles['tthc'].url}"
    assert item.findtext("guid") == item.findtext("link")
    assert item.findtext("description") == "Bộ phận một cửa giảm một nửa thời gian."
    assert parsedate_to_datetime(item.findtext("pubDate")) == local(2023, 2, 5, 8, 30)
    assert "c) Tuyên truyền về cải cách thủ tục hành chính" in [
        c.text for c in item.findall("category")
    ]


def test_atom(client, articles):
    feed, entries = atom_entries(client.get(reverse("news:atom")))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"][0]
    assert self_link.get("href") == "http://testserver/atom/"
    assert len(entries) == 2
    entry = entries[1]
    assert entry.findtext(f"{ATOM}title") == "Rút ngắn thời gian giải quyết thủ tục"
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://testserver{articles['tthc'].url}"
    published = dt.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    assert published == local(2023, 2, 5, 8, 30)
    assert entry.findtext(f"{ATOM}updated")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Phòng Hành chính - Tổ chức"
    updated = dt.datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    assert updated == local(2023, 3, 1, 10, 0)  # the newest item


def test_area_feeds_hold_only_their_area(client, articles):
    _, items = rss_items(client.get(reverse("news:topic_rss", args=["vpub", "c"])))
    assert [i.findtext("title") for i in items] == ["Rút ngắn thời gian giải quyết thủ tục"]
    feed, entries = atom_entries(client.get(reverse("news:topic_atom", args=["vpub", "g"])))
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Chữ ký số cho lãnh đạo phòng"]
    assert "Chính phủ số" in feed.findtext(f"{ATOM}title")


def test_area_feed_of_unknown_area_is_404(client, articles):
    assert client.get(reverse("news:topic_rss", args=["vpub", "z"])).status_code == 404
    assert client.get(reverse("news:topic_atom", args=["khong-co", "c"])).status_code == 404


def test_hidden_articles_are_not_in_feeds(client, articles):
    for url in (
        reverse("news:rss"),
        reverse("news:atom"),
        reverse("news:topic_rss", args=["vpub", "c"]),
        reverse("news:topic_atom", args=["vpub", "c"]),
    ):
        body = client.get(url).content.decode()
        assert "Bản nháp chưa duyệt" not in body and "Tin đã hết hạn" not in body, url


def test_feed_of_an_empty_site(client, tree):
    _, items = rss_items(client.get(reverse("news:rss")))
    assert items == []


def test_feeds_are_advertised_in_pages(client, articles):
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/atom/"' in html
    html = client.get(reverse("news:topic", args=["vpub", "c"])).content.decode()
    assert 'href="/chu-de/vpub/c/atom/"' in html
