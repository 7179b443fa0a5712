"""The read-only JSON API for the provincial portal, and its OpenAPI description."""

import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate as validate_spec
from PIL import Image as PILImage
from wagtail.images import get_image_model

from parcomms.channels import openapi
from parcomms.channels.portal import clean_body_html
from parcomms.channels.testing.articles import make_article
from parcomms.channels.tokens import create_token, revoke_token
from parcomms.content.models import ArticlePage
from parcomms.content.testing import make_topics
from parcomms.legal.models import LegalDocument

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def detail(pk):
    return f"/api/v1/articles/{pk}/"


@pytest.fixture
def token(cast):
    return create_token(organisation=cast.org, name="Cổng tỉnh", acting_user=cast.officer)


@pytest.fixture
def api(token):
    return Client(HTTP_AUTHORIZATION=f"Bearer {token[1]}")


def schema_validator(name: str) -> OAS30Validator:
    schema = {"$ref": f"#/components/schemas/{name}", "components": openapi.DOCUMENT["components"]}
    return OAS30Validator(schema, format_checker=oas30_format_checker)


def assert_matches_schema(data, name):
    errors = sorted(schema_validator(name).iter_errors(data), key=str)
    assert not errors, [e.message for e in errors]


def cover_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (155, 28, 28)).save(buffer, "PNG")
    from django.core.files.images import ImageFile

    return get_image_model().objects.create(
        title="Ảnh hội nghị", file=ImageFile(buffer, name="hoi-nghi.png")
    )


def set_published(article, when):
    ArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=when, last_published_at=when
    )


@pytest.fixture
def full_article(cast):
    """A published article with every field filled."""
    topics = make_topics(cast.org)
    document = LegalDocument.objects.create(
        key="76/NQ-CP",
        type_name="Nghị quyết",
        number="76",
        symbol="NQ-CP",
        issued_on=dt.date(2021, 7, 15),
        issuer="Chính phủ",
        system=LegalDocument.System.STATE,
    )
    article = make_article(
        cast.staff, title="Cải cách thủ tục hành chính năm 2023", channels=("portal",)
    )
    article.topics.set([topics[1]])
    article.documents.set([document])
    article.cover_image = cover_image()
    article.save()
    return ArticlePage.objects.get(pk=article.pk), topics


# --- authentication ---------------------------------------------------------------------------


def test_missing_token_is_401(cast):
    response = Client().get(LIST)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization" in response.json()["error"]


@pytest.mark.parametrize(
    "header", ["Bearer pct_khong-dung", "Basic dXNlcjpwYXNz", "Bearer", "pct_abc", "Token pct_x"]
)
def test_invalid_token_is_401(cast, header):
    article = make_article(cast.staff)
    for url in (LIST, detail(article.pk)):
        response = Client(HTTP_AUTHORIZATION=header).get(url)
        assert response.status_code == 401
        assert "error" in response.json()


def test_revoked_token_is_401(cast, token, api):
    assert api.get(LIST).status_code == 200
    revoke_token(token[0], acting_user=cast.admin)
    response = api.get(LIST)
    assert response.status_code == 401
    assert "thu hồi" in response.json()["error"]


def test_session_login_is_not_a_token(cast):
    client = Client()
    client.force_login(cast.officer)
    assert client.get(LIST).status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(cast, api, method):
    article = make_article(cast.staff)
    for url in (LIST, detail(article.pk)):
        response = getattr(api, method)(url, data="{}", content_type="application/json")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
    assert ArticlePage.objects.filter(pk=article.pk, live=True).exists()


def test_a_request_marks_the_token_used(cast, token, api):
    assert token[0].last_used_at is None
    api.get(LIST)
    token[0].refresh_from_db()
    assert token[0].last_used_at is not None


# --- what the portal reads --------------------------------------------------------------------


def test_list_has_the_organisations_published_articles_newest_first(cast, api):
    older = make_article(cast.staff, title="Tin cũ hơn")
    newer = make_article(cast.other_staff, title="Tin mới hơn")
    make_article(cast.staff, title="Bản nháp chưa đăng", publish=False)
    make_article(cast.other_org_staff, title="Tin của Sở Nội vụ")
    now = timezone.now()
    set_published(older, now - dt.timedelta(days=2))
    set_published(newer, now - dt.timedelta(days=1))
    response = api.get(LIST)
    assert response.status_code == 200
    data = response.json()
    assert [a["title"] for a in data["results"]] == ["Tin mới hơn", "Tin cũ hơn"]
    assert data["count"] == 2 and data["next"] is None and data["previous"] is None
    assert_matches_schema(data, "ArticlePage")


def test_article_fields(cast, api, full_article):
    article, topics = full_article
    data = api.get(detail(article.pk)).json()
    assert_matches_schema(data, "Article")
    assert data["id"] == article.pk
    assert data["title"] == "Cải cách thủ tục hành chính năm 2023"
    assert data["summary"] == article.summary
    assert data["url"].startswith("http") and data["url"].endswith("/")
    assert data["published_at"].endswith("+07:00")
    assert dt.datetime.fromisoformat(data["published_at"]) == article.first_published_at
    assert data["authors"] == [
        {"name": "Đặng Thị Hà", "position": "Chuyên viên", "unit": "Phòng Hành chính - Tổ chức"}
    ]
    assert data["unit"] == {"id": cast.unit.pk, "name": "Phòng Hành chính - Tổ chức"}
    assert data["organisation"]["name"] == "Văn phòng UBND tỉnh Ninh Thuận"
    assert data["topics"] == [{"id": topics[1].pk, "label": "c", "title": topics[1].title}]
    assert data["documents"][0]["key"] == "76/NQ-CP"
    assert data["documents"][0]["issued_on"] == "2021-07-15"
    assert data["cover_image"]["url"].startswith("http")
    assert data["cover_image"]["width"] == 1200
    assert "<b>tuyên truyền</b>" in data["body_html"] and "<h2>Mục tiêu</h2>" in data["body_html"]
    assert data["channels"] == ["portal"]


def test_vietnamese_is_sent_as_utf8_not_escaped(cast, api):
    make_article(cast.staff, title="Đắk Lắk ưu tiên số hóa")
    response = api.get(LIST)
    assert "Đắk Lắk ưu tiên số hóa".encode() in response.content
    assert response["Content-Type"] == "application/json"


def test_other_organisations_article_is_404(cast, api):
    theirs = make_article(cast.other_org_staff, title="Tin của Sở Nội vụ")
    response = api.get(detail(theirs.pk))
    assert response.status_code == 404
    assert response.json() == {"error": "Không tìm thấy tin, bài."}


def test_unpublished_article_is_404(cast, api):
    draft = make_article(cast.staff, publish=False)
    assert api.get(detail(draft.pk)).status_code == 404
    live = make_article(cast.staff)
    live.unpublish()
    assert api.get(detail(live.pk)).status_code == 404
    assert api.get(detail(999999)).status_code == 404


def test_pagination(cast, api):
    for i in range(5):
        article = make_article(cast.staff, title=f"Tin số {i}")
        set_published(article, timezone.now() - dt.timedelta(hours=10 - i))
    first = api.get(LIST, {"page_size": 2}).json()
    assert [a["title"] for a in first["results"]] == ["Tin số 4", "Tin số 3"]
    assert first["count"] == 5 and first["previous"] is None
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    second = api.get(first["next"]).json()
    assert [a["title"] for a in second["results"]] == ["Tin số 2", "Tin số 1"]
    third = api.get(second["next"]).json()
    assert [a["title"] for a in third["results"]] == ["Tin số 0"] and third["next"] is None
    assert api.get(LIST, {"page_size": 2, "page": 4}).status_code == 404


def test_an_organisation_without_articles_gets_an_empty_page(cast, api):
    data = api.get(LIST).json()
    assert data["count"] == 0 and data["results"] == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page_size": "101"}, "tối đa là 100"),
        ({"page_size": "0"}, "số nguyên dương"),
        ({"page": "hai"}, "số nguyên dương"),
        ({"topic": "c"}, "topic"),
        ({"since": "hôm qua"}, "since không hợp lệ"),
        ({"since": "2025-13-01"}, "since không hợp lệ"),
    ],
)
def test_bad_parameters_are_400_with_a_vietnamese_message(cast, api, params, message):
    response = api.get(LIST, params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_since_filter(cast, api):
    old = make_article(cast.staff, title="Tin tháng 11")
    new = make_article(cast.staff, title="Tin tháng 12")
    vn = timezone.get_current_timezone()
    set_published(old, dt.datetime(2025, 11, 20, 9, 0, tzinfo=vn))
    set_published(new, dt.datetime(2025, 12, 2, 9, 0, tzinfo=vn))

    def titles(since):
        return [a["title"] for a in api.get(LIST, {"since": since}).json()["results"]]

    assert titles("2025-12-01") == ["Tin tháng 12"]
    assert titles("2025-11-01") == ["Tin tháng 12", "Tin tháng 11"]
    assert titles("2025-12-02T09:00:00+07:00") == ["Tin tháng 12"]
    assert titles("2025-12-02T09:00:01+07:00") == []
    assert titles("2025-12-02T02:00:00Z") == ["Tin tháng 12"]  # same instant in UTC
    assert titles("2025-12-02T08:59:00") == ["Tin tháng 12"]  # no offset: Vietnam time


def test_topic_filter(cast, api):
    topics = make_topics(cast.org)
    tagged = make_article(cast.staff, title="Tin về thủ tục hành chính")
    tagged.topics.set([topics[1]])
    tagged.save()
    make_article(cast.staff, title="Tin khác")
    data = api.get(LIST, {"topic": topics[1].pk}).json()
    assert [a["title"] for a in data["results"]] == ["Tin về thủ tục hành chính"]
    assert api.get(LIST, {"topic": topics[0].pk}).json()["count"] == 0


def test_list_queries_do_not_grow_with_the_page(cast, api, full_article):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(LIST, {"page_size": 50}).status_code == 200
        return len(ctx.captured_queries)

    api.get(LIST)  # renditions are made on first use
    few = count_queries()
    for i in range(6):
        make_article(cast.staff, title=f"Thêm tin {i}")
    assert count_queries() == few


# --- sanitising ---------------------------------------------------------------------------------

XSS = [
    '<script>alert("x")</script>',
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">bấm</a>',
    '<p onclick="alert(1)">đoạn</p>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<object data="x.swf"></object>',
    '<form action="https://evil.example"><input name="q"></form>',
]


@pytest.mark.parametrize("payload", XSS)
def test_body_html_carries_nothing_active(payload):
    cleaned = clean_body_html(f"<p>Trước</p>{payload}<p>Sau</p>").lower()
    for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "data:", "<iframe",
                "<svg", "<style", "style=", "<object", "<form", "<input"):  # fmt: skip
        assert bad not in cleaned
    assert "<p>trước</p>" in cleaned and "<p>sau</p>" in cleaned


def test_body_html_links_are_absolute(cast):
    article = make_article(cast.staff)
    html = clean_body_html(
        f'<p><a linktype="page" id="{article.pk}">bài</a> và <a href="/tai-lieu/">tài liệu</a></p>',
        "https://cchc.example.gov.vn/",
    )
    assert f'href="https://cchc.example.gov.vn{article.url}"' in html
    assert 'href="https://cchc.example.gov.vn/tai-lieu/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_article_url_and_links_use_the_site_address(cast, api):
    article = make_article(cast.staff, body='<p><a href="/tai-lieu/">tài liệu</a></p>')
    data = api.get(detail(article.pk)).json()
    site_root = article.get_site().root_url
    assert data["url"] == site_root + article.url
    assert f'href="{site_root}/tai-lieu/"' in data["body_html"]


def test_body_html_images_are_expanded_with_absolute_src(cast):
    image = cover_image()
    html = clean_body_html(
        f'<embed embedtype="image" id="{image.pk}" format="left" alt="Hội nghị"/>',
        "https://cchc.example.gov.vn/",
    )
    assert "<img" in html and 'alt="Hội nghị"' in html
    assert 'src="https://cchc.example.gov.vn/' in html
    assert "class=" not in html and "embed" not in html


# --- OpenAPI ----------------------------------------------------------------------------------


def test_openapi_document_is_valid_and_public(cast):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    validate_spec(doc)
    assert doc["openapi"].startswith("3.0")
    assert doc["servers"] == [{"url": "http://testserver/api/v1"}]
    assert set(doc["paths"]) == {"/articles/", "/articles/{id}/", "/openapi.json"}
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_openapi_error_schema_matches_real_errors(cast, api):
    assert_matches_schema(Client().get(LIST).json(), "Error")
    assert_matches_schema(api.get(LIST, {"page": "x"}).json(), "Error")
    assert_matches_schema(api.get(detail(999999)).json(), "Error")


def test_openapi_is_refused_for_writes(cast):
    assert Client().post("/api/v1/openapi.json").status_code == 405


def test_openapi_is_served_as_utf8_json(cast):
    body = Client().get("/api/v1/openapi.json").content.decode("utf-8")
    assert "Cổng thông tin" in body
    json.loads(body)
