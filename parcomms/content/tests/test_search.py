"""Search that ignores diacritics, ranks exact matches first and sees only published public
articles; the index follows every change. Runs on SQLite (FTS5) and, with DATABASE_URL, on
PostgreSQL (tsvector)."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from parcomms.content import search
from parcomms.content.models import ArticlePage
from parcomms.content.public import visible_articles
from parcomms.content.search import SearchQuery, highlight_spans, search_articles

from .public_helpers import build_news_tree, local, make_article


@pytest.fixture
def tree(cast):
    return build_news_tree(cast)


# --- pure: query parsing and highlighting -------------------------------------------------


def test_query_folds_and_keeps_the_exact_words():
    q = SearchQuery.parse("  Cải cách THỦ tục ")
    assert q.text == "Cải cách THỦ tục"
    assert q.folded_terms == ("cai", "cach", "thu", "tuc")
    assert q.exact_terms == ("cải", "cách", "thủ", "tục")


def test_query_is_normalised_to_nfc():
    decomposed = "Đa\u0309ng"  # "Đảng" written with a combining hook above
    assert SearchQuery.parse(decomposed).exact_terms == ("đảng",)
    assert SearchQuery.parse(decomposed).folded_terms == ("dang",)


@pytest.mark.parametrize("raw", ["", "   ", None, "!!! --- ///", '"*()'])
def test_query_without_words_is_empty(raw):
    assert not SearchQuery.parse(raw)


def test_query_syntax_is_not_passed_through():
    q = SearchQuery.parse('thu tuc" OR NOT (cach* NEAR')
    assert q.fts5_match() == 'folded : ("thu" AND "tuc" AND "or" AND "not" AND "cach" AND "near"*)'
    assert q.tsquery() == "'thu' & 'tuc' & 'or' & 'not' & 'cach' & 'near':*"


def test_query_is_capped():
    q = SearchQuery.parse("cải " * 500)
    assert len(q.text) <= search.MAX_QUERY_LENGTH
    assert len(q.folded_terms) == search.MAX_TERMS


def test_highlight_marks_words_with_or_without_diacritics():
    q = SearchQuery.parse("cai cach thu tu")
    assert highlight_spans("Cải cách thủ tục hành chính; cải cách!", q) == [
        ("Cải cách thủ tục", True),
        (" hành chính; ", False),
        ("cải cách", True),
        ("!", False),
    ]
    assert highlight_spans("Không liên quan", q) == [("Không liên quan", False)]


# --- against the database -----------------------------------------------------------------

db = pytest.mark.django_db


def found(query, queryset=None):
    queryset = visible_articles() if queryset is None else queryset
    return [a.title for a in search_articles(queryset, SearchQuery.parse(query))]


@db
def test_search_ignores_diacritics(cast, tree):
    make_article(tree.index, title="Đẩy mạnh cải cách thủ tục hành chính", unit=cast.unit)
    make_article(tree.index, title="Hội nghị về chính phủ số", unit=cast.unit)
    assert found("cai cach thu tuc") == ["Đẩy mạnh cải cách thủ tục hành chính"]
    assert found("CẢI CÁCH thủ tục") == ["Đẩy mạnh cải cách thủ tục hành chính"]
    assert found("day manh") == ["Đẩy mạnh cải cách thủ tục hành chính"]  # đ is d
    assert found("chinh phu so") == ["Hội nghị về chính phủ số"]
    assert found("thue") == []


@db
def test_search_finds_words_in_summary_and_body(cast, tree):
    make_article(
        tree.index,
        title="Tin một",
        summary="Tiếp nhận hồ sơ trực tuyến.",
        body="<p>Ứng dụng <b>Zalo</b> trong tuyên truyền.</p>",
        unit=cast.unit,
    )
    assert found("ho so truc tuyen") == ["Tin một"]
    assert found("ung dung zalo") == ["Tin một"]
    assert found("b zalo") == []  # markup is not text


@db
def test_last_word_matches_as_a_prefix(cast, tree):
    make_article(tree.index, title="Tuyên truyền cải cách thủ tục", unit=cast.unit)
    assert found("cai cach thu tu") == ["Tuyên truyền cải cách thủ tục"]
    assert found("tu cai") == []  # only the last word is a prefix


@db
def test_exact_matches_rank_first(cast, tree):
    """ "đảng" and "đang" fold to the same word; the one written as typed comes first, even
    when the other is newer and mentions the word more often."""
    party = make_article(
        tree.index,
        title="Vai trò của Đảng trong cải cách hành chính",
        summary="Sự lãnh đạo của Đảng.",
        unit=cast.unit,
        published_at=local(2023, 1, 5),
    )
    busy = make_article(
        tree.index,
        title="Đang triển khai, đang hoàn thiện, đang đánh giá",
        summary="Các phòng đang làm, đang báo cáo.",
        unit=cast.unit,
        published_at=local(2023, 3, 5),
    )
    results = list(search_articles(visible_articles(), SearchQuery.parse("Đảng")))
    assert [a.pk for a in results] == [party.pk, busy.pk]
    assert results[0].is_exact and not results[1].is_exact
    # Typed without marks, "dang" is exactly neither: relevance decides (more mentions win).
    results = list(search_articles(visible_articles(), SearchQuery.parse("đang")))
    assert [a.pk for a in results] == [busy.pk, party.pk]


@db
def test_more_relevant_comes_before_newer(cast, tree):
    make_article(tree.index, title="Tin mới có nhắc chỉ số PAR INDEX", unit=cast.unit,
                 summary="Một lần.", published_at=local(2023, 5, 1))  # fmt: skip
    make_article(tree.index, title="Chỉ số PAR INDEX và PAR INDEX thành phần", unit=cast.unit,
                 summary="PAR INDEX năm 2022 của tỉnh.", published_at=local(2023, 1, 1))  # fmt: skip
    assert found("par index")[0] == "Chỉ số PAR INDEX và PAR INDEX thành phần"


@db
def test_only_published_public_unexpired_articles_are_found(cast, tree):
    make_article(tree.index, title="Cải cách công khai", unit=cast.unit)
    make_article(tree.index, title="Cải cách bản nháp", unit=cast.unit, live=False)
    gone = make_article(tree.index, title="Cải cách đã gỡ", unit=cast.unit)
    gone.unpublish()
    private = make_article(tree.index, title="Cải cách nội bộ", unit=cast.unit)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    make_article(tree.index, title="Cải cách hết hạn", unit=cast.unit,
                 expire_at=timezone.now() - dt.timedelta(seconds=1))  # fmt: skip
    assert found("cai cach") == ["Cải cách công khai"]
    # The index itself holds every article; the filter is what keeps the rest out.
    assert len(found("cai cach", ArticlePage.objects.all())) == 5


@db
def test_index_follows_edits_and_deletes(cast, tree):
    article = make_article(tree.index, title="Tiêu đề cũ về văn thư", unit=cast.unit)
    assert found("van thu") == ["Tiêu đề cũ về văn thư"]
    article.title = "Tiêu đề mới về lưu trữ"
    article.save()
    assert found("van thu") == []
    assert found("luu tru") == ["Tiêu đề mới về lưu trữ"]
    revision = article.save_revision()
    revision.publish()
    assert found("luu tru") == ["Tiêu đề mới về lưu trữ"]
    article.delete()
    assert found("luu tru") == []
    assert index_rows() == 0


def index_rows():
    table = search.SQLITE_TABLE if connection.vendor == "sqlite" else search.POSTGRES_TABLE
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


@db
def test_lost_triggers_are_restored_after_migrate(cast, tree):
    """A SQLite table rebuild drops the triggers; post_migrate puts them back and refills."""
    make_article(tree.index, title="Trước khi mất trigger", unit=cast.unit)
    search.drop_search_index(connection)
    assert not search.search_index_is_complete(connection)
    make_article(tree.index, title="Trong lúc mất trigger", unit=cast.unit)
    search.ensure_search_index(using=connection.alias)
    assert search.search_index_is_complete(connection)
    assert found("trigger") == ["Trong lúc mất trigger", "Trước khi mất trigger"]
    make_article(tree.index, title="Sau khi có lại trigger", unit=cast.unit)
    assert "Sau khi có lại trigger" in found("trigger")


@db
def test_symbols_and_numbers_are_searchable(cast, tree):
    make_article(tree.index, title="Triển khai Quyết định số 1894/QĐ-UBND", unit=cast.unit)
    assert found("1894/QĐ-UBND") == ["Triển khai Quyết định số 1894/QĐ-UBND"]
    assert found("1894 qd ubnd") == ["Triển khai Quyết định số 1894/QĐ-UBND"]


# --- the search page ----------------------------------------------------------------------


@db
def test_search_page_shows_matches_marked(client, cast, tree):
    make_article(tree.index, title="Cải cách thủ tục hành chính năm 2023", unit=cast.unit)
    response = client.get(reverse("news:search"), {"q": "cai cach thu tuc"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Cải cách thủ tục</mark> hành chính năm 2023" in html
    assert "Tìm thấy 1 tin, bài cho “cai cach thu tuc”." in html
    assert 'value="cai cach thu tuc"' in html


@db
def test_search_page_exact_badge(client, cast, tree):
    make_article(tree.index, title="Cải cách thủ tục", unit=cast.unit)
    html = client.get(reverse("news:search"), {"q": "cải cách"}).content.decode()
    assert "Khớp đúng dấu" in html
    html = client.get(reverse("news:search"), {"q": "cai cach"}).content.decode()
    assert "Khớp đúng dấu" not in html


@db
@pytest.mark.parametrize("q", ["", "   ", "!!!", '"', "*", "a" * 5000, "NOT", "(cải"])
def test_search_page_odd_input(client, cast, tree, q):
    make_article(tree.index, title="Cải cách", unit=cast.unit)
    response = client.get(reverse("news:search"), {"q": q})
    assert response.status_code == 200


@db
def test_search_page_asks_for_a_word(client, tree):
    html = client.get(reverse("news:search"), {"q": "!!!"}).content.decode()
    assert "Hãy nhập ít nhất một chữ hoặc số để tìm." in html
    html = client.get(reverse("news:search")).content.decode()
    assert "Hãy nhập" not in html  # nothing typed yet: just the form
