"""The public news site: what each page shows, that only published public articles appear
anywhere, access and methods per view, and bounded query counts."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from parcomms.content.models import HomePage
from parcomms.content.public import ARCHIVE_CACHE_KEY, count_by_month
from parcomms.legal.models import LegalDocument
from parcomms.plans.models import Plan, Topic

from .public_helpers import (
    build_news_tree,
    import_reference_plan,
    local,
    make_article,
    make_image,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(cast):
    return build_news_tree(cast)


@pytest.fixture
def plan(cast):
    return import_reference_plan(cast)


@pytest.fixture
def news(cast, tree, plan):
    """Two published articles of cast.org and one of the other organisation, all in February
    2023 under content area c), citing Quyết định 1894; and one of each kind of hidden
    article with the same topic, document, month and words."""
    topic_c = plan.topics.get(label="c")
    document = LegalDocument.objects.get(key="1894/QĐ-UBND")
    common = dict(topics=[topic_c], documents=[document], unit=cast.unit)
    first = make_article(
        tree.index,
        title="Một cửa liên thông rút ngắn thời gian giải quyết thủ tục",
        summary="Bộ phận một cửa của Văn phòng giảm một nửa thời gian giải quyết thủ tục hành chính.",
        body="<p>Năm 2023, Văn phòng tiếp tục <b>cải cách thủ tục hành chính</b>.</p>",
        authors=[cast.staff.staff, cast.head.staff],
        published_at=local(2023, 2, 5, 8, 30),
        kind="bai",
        **common,
    )
    second = make_article(
        tree.index,
        title="Hội nghị phổ biến Kế hoạch tuyên truyền cải cách hành chính",
        summary="Văn phòng phổ biến kế hoạch tuyên truyền năm 2023 đến các phòng.",
        published_at=local(2023, 2, 20, 14, 0),
        **common,
    )
    other_org = make_article(
        tree.other_index,
        title="Sở Nội vụ số hóa hồ sơ thủ tục hành chính",
        summary="Sở Nội vụ số hóa toàn bộ hồ sơ thủ tục năm 2023.",
        unit=cast.other_org_unit,
        published_at=local(2023, 2, 10),
    )
    hidden = {
        "draft": make_article(tree.index, title="Bản nháp bí mật về thủ tục", live=False, **common),
        "unpublished": make_article(
            tree.index,
            title="Tin đã gỡ về thủ tục",
            published_at=local(2023, 2, 12),
            **common,
        ),
        "private": make_article(
            tree.index,
            title="Tin nội bộ về thủ tục",
            published_at=local(2023, 2, 13),
            **common,
        ),
        "expired": make_article(
            tree.index,
            title="Tin hết hạn về thủ tục",
            published_at=local(2023, 2, 14),
            expire_at=timezone.now() - dt.timedelta(minutes=5),
            **common,
        ),
    }
    hidden["unpublished"].unpublish()
    PageViewRestriction.objects.create(page=hidden["private"], restriction_type="login")
    return {
        "first": first,
        "second": second,
        "other_org": other_org,
        "hidden": hidden,
        "topic": topic_c,
        "document": document,
    }


class Outline(HTMLParser):
    """Headings, landmarks and images of a page."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.images = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs))


def outline(response):
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


def text(response):
    return response.content.decode()


def public_urls(news):
    document = news["document"]
    return [
        reverse("home"),
        "/vpub/",
        news["first"].url,
        reverse("news:topic", args=["vpub", "c"]),
        reverse("news:topic_rss", args=["vpub", "c"]),
        reverse("news:topic_atom", args=["vpub", "c"]),
        reverse("news:archive"),
        reverse("news:archive_month", args=[2023, 2]),
        reverse("news:search") + "?q=thu+tuc",
        reverse("news:rss"),
        reverse("news:atom"),
        reverse("news:document", args=[document.pk]),
        reverse("news:print", args=[news["first"].pk]),
    ]


# --- what the pages show ------------------------------------------------------------------


def test_home_lists_latest_articles_of_every_organisation(client, news):
    response = client.get("/")
    assert response.status_code == 200
    html = text(response)
    titles = [news["second"].title, news["other_org"].title, news["first"].title]
    positions = [html.index(t) for t in titles]
    assert positions == sorted(positions)  # newest first
    assert "20/02/2023" in html
    assert 'href="/chu-de/vpub/c/"' in html  # content areas of the current plan
    assert outline(response).tags.count("h1") == 1


def test_home_works_on_a_fresh_database_without_home_page(client, db):
    for home in HomePage.objects.all():
        home.delete()
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có tin, bài nào được đăng." in text(response)
    assert outline(response).tags.count("h1") == 1


def test_article_page(client, cast, news):
    article = news["first"]
    response = client.get(article.url)
    assert response.status_code == 200
    html = text(response)
    assert "<h1>Một cửa liên thông rút ngắn thời gian giải quyết thủ tục</h1>" in html
    assert "Ngày 05 tháng 02 năm 2023" in html
    assert "Đặng Thị Hà" in html and "Lê Văn Cường" in html
    assert "Phòng Hành chính - Tổ chức" in html
    assert "<b>cải cách thủ tục hành chính</b>" in html
    # Related legal document: full citation, linked to its public registry entry.
    document = news["document"]
    assert document.citation in html
    assert "Quyết định số 1894/QĐ-UBND ngày 23/12/2022 của Chủ tịch Ủy ban nhân dân tỉnh" in html
    assert f'href="{reverse("news:document", args=[document.pk])}"' in html
    assert 'href="/chu-de/vpub/c/"' in html
    assert f'href="{reverse("news:print", args=[article.pk])}"' in html
    # The other article of the same area is suggested; itself is not.
    assert news["second"].title in html
    assert html.count(article.title) >= 1
    page = outline(response)
    assert page.tags.count("h1") == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in page.tags


def test_article_page_meta_tags(client, news):
    article = news["first"]
    article.cover_image = make_image(description="Bộ phận một cửa của Văn phòng")
    article.save()
    html = text(client.get(article.url))
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    assert f'<meta property="og:url" content="http://testserver{article.url}">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/[^"]+\.jpg">', html)
    assert '<meta property="article:published_time" content="2023-02-05T08:30:00+07:00">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<link rel="canonical" href="http://testserver{article.url}">' in html
    images = outline(client.get(article.url)).images
    assert images and all(img.get("alt") is not None for img in images)
    assert any(img.get("alt") == "Bộ phận một cửa của Văn phòng" for img in images)


def test_every_image_has_alt_text_in_lists(client, news):
    news["second"].cover_image = make_image(title="IMG_2023.jpg")  # no description
    news["second"].save()
    for url in ("/", "/vpub/", reverse("news:topic", args=["vpub", "c"])):
        images = [i for i in outline(client.get(url)).images if "logo" not in i.get("src", "")]
        assert images, url
        assert all(img.get("alt") for img in images), url  # falls back to the article title


def test_topic_page_groups_the_label_across_the_organisations_plans(client, cast, news, plan):
    newer = Plan.objects.create(
        organisation=cast.org, title="Tuyên truyền CCHC năm 2024", year=2024
    )
    topic_2024 = Topic.objects.create(
        plan=newer, label="c", title="Tuyên truyền cải cách TTHC năm 2024", order=3
    )
    article_2024 = make_article(
        cast_index(cast), title="Tin năm 2024 về TTHC", unit=cast.unit, topics=[topic_2024]
    )
    response = client.get(reverse("news:topic", args=["vpub", "c"]))
    html = text(response)
    assert "Tuyên truyền cải cách TTHC năm 2024" in html  # the newest plan's title
    for article in (article_2024, news["first"], news["second"]):
        assert article.title in html
    assert news["other_org"].title not in html  # other organisation
    assert response.context["page_obj"].paginator.count == 3
    assert 'href="/chu-de/vpub/c/rss/"' in html


def cast_index(cast):
    from parcomms.content.models import NewsIndexPage

    return NewsIndexPage.objects.get(organisation=cast.org)


@pytest.mark.parametrize(
    "args", [("vpub", "x"), ("khong-co", "c"), ("snv", "c")], ids=["label", "org", "no-plan"]
)
def test_topic_page_unknown_is_404(client, news, args):
    assert client.get(reverse("news:topic", args=args)).status_code == 404


def test_topic_label_with_d_stroke(client, news):
    url = reverse("news:topic", args=["vpub", "đ"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Tuyên truyền về cải cách chế độ công vụ" in text(response)


def test_archive_index_counts_visible_articles_per_month(client, news):
    cache.delete(ARCHIVE_CACHE_KEY)
    response = client.get(reverse("news:archive"))
    assert response.status_code == 200
    assert response.context["years"] == [(2023, [(2, 3)])]
    assert 'href="/luu-tru/2023/2/"' in text(response)
    # Counted once, then served from the cache for a few minutes.
    make_article(news["first"].get_parent(), title="Tin mới", unit=news["first"].unit,
                 published_at=local(2023, 2, 27))  # fmt: skip
    assert client.get(reverse("news:archive")).context["years"] == [(2023, [(2, 3)])]
    assert count_by_month() == [(2023, [(2, 4)])]


def test_archive_month_uses_local_time(client, cast, tree):
    # 23:30 on 28 February in Hà Nội is 16:30 UTC; 00:30 on 1 March is 17:30 UTC on 28 Feb.
    late_feb = make_article(tree.index, title="Cuối tháng Hai", unit=cast.unit,
                            published_at=local(2023, 2, 28, 23, 30))  # fmt: skip
    early_mar = make_article(tree.index, title="Đầu tháng Ba", unit=cast.unit,
                             published_at=local(2023, 3, 1, 0, 30))  # fmt: skip
    feb = client.get(reverse("news:archive_month", args=[2023, 2]))
    mar = client.get(reverse("news:archive_month", args=[2023, 3]))
    assert [a.pk for a in feb.context["page_obj"]] == [late_feb.pk]
    assert [a.pk for a in mar.context["page_obj"]] == [early_mar.pk]
    assert "Tin bài tháng 02/2023" in text(feb)


@pytest.mark.parametrize("args", [(2023, 13), (2023, 0), (99, 1)])
def test_archive_month_out_of_range_is_404(client, news, args):
    assert client.get(reverse("news:archive_month", args=args)).status_code == 404


def test_print_view(client, news):
    article = news["first"]
    response = client.get(reverse("news:print", args=[article.pk]))
    html = text(response)
    assert response.status_code == 200
    assert "@page { size: A4" in html
    assert article.title in html and "Ngày 05 tháng 02 năm 2023" in html
    assert news["document"].citation in html
    assert f"http://testserver{article.url}" in html  # where the paper came from
    assert 'class="site-header"' not in html


def test_legal_document_page_lists_citing_articles(client, news):
    response = client.get(reverse("news:document", args=[news["document"].pk]))
    html = text(response)
    assert response.status_code == 200
    assert "Quyết định số 1894/QĐ-UBND" in html
    assert news["first"].title in html and news["second"].title in html
    assert news["other_org"].title not in html  # cites nothing
    assert client.get(reverse("news:document", args=[999999])).status_code == 404


def test_news_index_lists_its_organisation_only(client, news):
    html = text(client.get("/vpub/"))
    assert news["first"].title in html and news["second"].title in html
    assert news["other_org"].title not in html
    html = text(client.get("/snv/"))
    assert news["other_org"].title in html and news["first"].title not in html


def test_pagination_keeps_the_query(client, cast, tree):
    for i in range(23):
        make_article(tree.index, title=f"Tin thủ tục số {i}", unit=cast.unit,
                     published_at=local(2023, 3, 1) + dt.timedelta(hours=i))  # fmt: skip
    first = client.get(reverse("news:search"), {"q": "thu tuc"})
    assert len(first.context["page_obj"]) == 20
    assert 'href="?q=thu+tuc&amp;trang=2"' in text(first)
    second = client.get(reverse("news:search"), {"q": "thu tuc", "trang": 2})
    assert len(second.context["page_obj"]) == 3


# --- only published public articles, anywhere -----------------------------------------


def test_hidden_articles_appear_nowhere(client, news):
    titles = [a.title for a in news["hidden"].values()]
    for url in public_urls(news):
        response = client.get(url)
        assert response.status_code == 200, url
        for title in titles:
            assert title not in text(response), (url, title)


@pytest.mark.parametrize("kind", ["draft", "unpublished", "expired"])
def test_hidden_article_pages_are_404(client, news, kind):
    article = news["hidden"][kind]
    assert client.get(article.url or f"/vpub/{article.slug}/").status_code == 404
    assert client.get(reverse("news:print", args=[article.pk])).status_code == 404


def test_private_article_asks_for_login(client, news):
    article = news["hidden"]["private"]
    response = client.get(article.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("news:print", args=[article.pk])).status_code == 404


def test_logged_in_staff_see_the_same_public_lists(client, cast, news):
    """Being signed in (even as the author) does not bring drafts into public lists."""
    client.force_login(cast.staff)
    html = text(client.get("/"))
    assert news["hidden"]["draft"].title not in html
    assert news["first"].title in html


# --- methods ------------------------------------------------------------------------------


def test_wrong_method_is_405(client, news):
    for url in public_urls(news):
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url)
            assert response.status_code == 405, (url, method)


def test_head_is_allowed(client, news):
    for url in public_urls(news):
        assert client.head(url).status_code == 200, url


# --- bounded queries ----------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_the_number_of_articles(client, cast, tree, plan):
    topic = plan.topics.get(label="c")
    document = LegalDocument.objects.get(key="1894/QĐ-UBND")

    def add(n, start):
        for i in range(n):
            make_article(
                tree.index,
                title=f"Tin thủ tục {start + i}",
                unit=cast.unit,
                authors=[cast.staff.staff],
                topics=[topic],
                documents=[document],
                cover_image=make_image() if i % 2 else None,
                published_at=local(2023, 2, 1) + dt.timedelta(hours=start + i),
            )

    add(2, 0)
    article = cast_index(cast).get_children().live().first().specific
    urls = [
        "/",
        "/vpub/",
        article.url,
        reverse("news:topic", args=["vpub", "c"]),
        reverse("news:archive"),
        reverse("news:archive_month", args=[2023, 2]),
        reverse("news:search") + "?q=thu+tuc",
        reverse("news:rss"),
        reverse("news:atom"),
        reverse("news:topic_atom", args=["vpub", "c"]),
        reverse("news:document", args=[document.pk]),
        reverse("news:print", args=[article.pk]),
    ]
    for url in urls:
        _queries(client, url)  # renditions are made on first sight
    few = {url: _queries(client, url) for url in urls}
    add(22, 2)
    for url in urls:
        _queries(client, url)
    many = {url: _queries(client, url) for url in urls}
    assert many == few


@pytest.mark.parametrize(
    "url, limit",
    [
        ("/", 12),
        ("/vpub/", 18),
        ("topic", 16),
        ("search", 9),
        ("/rss/", 7),
        ("/atom/", 7),
        ("article", 23),
    ],
)
def test_page_query_budget(client, news, django_assert_max_num_queries, url, limit):
    url = {
        "topic": reverse("news:topic", args=["vpub", "c"]),
        "search": reverse("news:search") + "?q=thu+tuc",
        "article": news["first"].url,
    }.get(url, url)
    client.get(url)  # warm the site-root cache as a running server has it
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
