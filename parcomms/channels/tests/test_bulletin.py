"""The printed bulletin: an A4/A3 PDF poster with Vietnamese text and a QR code per article."""

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from django.test import Client
from pypdf import PdfReader

from parcomms.audit.models import AuditEntry
from parcomms.channels.bulletin import (
    BulletinError,
    BulletinHeader,
    BulletinItem,
    QRCode,
    pack_columns,
    qr_matrix,
    render_bulletin,
    shorten,
)
from parcomms.channels.models import Delivery
from parcomms.channels.testing.articles import make_article
from parcomms.org.testing import admin_login, is_refused

HEADER = BulletinHeader(
    office="Văn phòng UBND tỉnh Ninh Thuận",
    parent="Ủy ban nhân dân tỉnh Ninh Thuận",
    place="Ninh Thuận",
    issued=dt.date(2023, 2, 5),
    footer="cchc.ninhthuan.example",
)
TITLES = [
    "Đẩy mạnh cải cách thủ tục hành chính năm 2023",
    "Hội nghị phổ biến Nghị quyết số 76/NQ-CP của Chính phủ",
    "Ứng dụng dịch vụ công trực tuyến toàn trình",
]
ITEMS = [
    BulletinItem(
        title=title,
        summary="Các phòng, ban, đơn vị quán triệt đến từng công chức, viên chức; kết quả được "
        "đánh giá hằng quý theo Chỉ số PAR INDEX.",
        url=f"https://cchc.ninhthuan.example/vpub/bai-{i}/",
        meta=f"Tin · Phòng Hành chính - Tổ chức · 0{i + 1}/02/2023",
    )
    for i, title in enumerate(TITLES)
]
A4_POINTS = (595.28, 841.89)
A3_POINTS = (841.89, 1190.55)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squash(text: str) -> str:
    return " ".join(text.split())


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]


def require_pdftoppm():
    if shutil.which("pdftoppm"):
        return
    if os.environ.get("CI"):
        pytest.fail("pdftoppm (poppler-utils) is required in CI.")
    pytest.skip("pdftoppm is not installed here; .ci/run installs poppler-utils.")


def qr_codes_in(pdf: bytes, tmp_path, dpi=150) -> list[str]:
    """Render each page with poppler and read every QR code on it, as a phone would."""
    import zxingcpp
    from PIL import Image

    require_pdftoppm()
    source = tmp_path / "bulletin.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(source), str(tmp_path / "page")], check=True
    )
    found = []
    for png in sorted(tmp_path.glob("page-*.png")):
        found += [
            r.text for r in zxingcpp.read_barcodes(Image.open(png)) if r.format.name == "QRCode"
        ]
    return found


# --- layout (pure) ----------------------------------------------------------------------------


def test_a4_pdf_has_the_masthead_titles_and_summaries():
    pdf = render_bulletin(HEADER, ITEMS, size="A4")
    assert pdf.startswith(b"%PDF")
    assert page_sizes(pdf)[0] == A4_POINTS
    text = squash(text_of(pdf))
    assert "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN" in text
    assert "VĂN PHÒNG UBND TỈNH NINH THUẬN" in text
    assert "BẢNG TIN CẢI CÁCH HÀNH CHÍNH" in text
    assert "Ninh Thuận, ngày 05 tháng 02 năm 2023" in text
    for title in TITLES:
        assert title in text
    assert "quán triệt đến từng công chức, viên chức" in text
    assert "Quét mã để đọc toàn văn" in text


def test_a3_pdf_is_a3():
    pdf = render_bulletin(HEADER, ITEMS, size="A3")
    assert set(page_sizes(pdf)) == {A3_POINTS}
    for title in TITLES:
        assert title in squash(text_of(pdf))


def test_the_font_is_embedded_truetype_not_a_base14_font():
    reader = PdfReader(io.BytesIO(render_bulletin(HEADER, ITEMS[:1], size="A4")))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(("Liberation" in f or "DejaVu" in f) for f in fonts), fonts


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_each_qr_code_reads_back_as_its_articles_url(tmp_path, size):
    pdf = render_bulletin(HEADER, ITEMS, size=size)
    assert sorted(qr_codes_in(pdf, tmp_path, dpi=100 if size == "A3" else 150)) == sorted(
        i.url for i in ITEMS
    )


def test_the_qr_flowable_encodes_the_url_it_was_given():
    url = "https://cchc.ninhthuan.example/vpub/bai-0/"
    flowable = QRCode(url, 80)
    assert flowable.url == url
    assert flowable.matrix == qr_matrix(url)
    assert flowable.matrix != qr_matrix(url + "khac")


def test_many_articles_flow_onto_more_pages_with_page_numbers():
    items = [
        BulletinItem(
            title=f"Tin số {n}: cải cách hành chính",
            summary="Nội dung. " * 40,
            url=f"https://x.example/{n}",
        )
        for n in range(12)
    ]
    pdf = render_bulletin(HEADER, items, size="A4")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 3
    assert "Trang 2" in pages[1].extract_text()
    text = squash(text_of(pdf))
    assert all(f"Tin số {n}:" in text for n in range(12))


def test_long_titles_and_summaries_fit():
    item = BulletinItem(
        title=("Triển khai thực hiện Kế hoạch tuyên truyền cải cách hành chính " * 4)[:255],
        summary="Cán bộ, công chức, viên chức được quán triệt đầy đủ. " * 60,
        url="https://cchc.ninhthuan.example/" + "a" * 300,
    )
    pdf = render_bulletin(HEADER, [item], size="A4")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "…" in text_of(pdf)  # the summary was cut at a word, with an ellipsis


def test_pack_columns_balances_the_last_page():
    # Two blocks fit in one column, but a poster with an empty column looks broken.
    assert pack_columns([100, 100], first_page=800, other_pages=1000, columns=2) == [[[0], [1]]]
    # One long and two short: the split that makes the longest column shortest.
    assert pack_columns([300, 120, 150], first_page=800, other_pages=1000, columns=2) == [
        [[0], [1, 2]]
    ]
    assert pack_columns([500], first_page=800, other_pages=1000, columns=2) == [[[0], []]]


def test_pack_columns_fills_pages_in_reading_order():
    pages = pack_columns([300] * 9, first_page=650, other_pages=1000, columns=2)
    assert pages[0] == [[0, 1], [2, 3]]  # first page: 2 per column under the masthead
    assert [i for page in pages for col in page for i in col] == list(range(9))
    assert all(sum(300 for _ in col) <= 1000 for page in pages[1:] for col in page)


def test_pack_columns_gives_an_oversized_block_its_own_column():
    assert pack_columns([2000, 100], first_page=800, other_pages=1000, columns=2) == [[[0], [1]]]


def test_a3_with_two_articles_uses_both_columns():
    reader = PdfReader(io.BytesIO(render_bulletin(HEADER, ITEMS[:2], size="A3")))
    assert len(reader.pages) == 1
    positions = {}

    def visitor(text, cm, tm, font, size):
        for title in TITLES[:2]:
            if text.strip() and title.startswith(text.strip()[:12]) and title not in positions:
                positions[title] = cm[4] + tm[4] * cm[0]

    reader.pages[0].extract_text(visitor_text=visitor)
    assert len(positions) == 2
    left, right = sorted(positions.values())
    assert right - left > 300  # the second title starts in the right-hand column


def test_shorten_cuts_at_a_word():
    assert shorten("Cải cách hành chính", 100) == "Cải cách hành chính"
    assert shorten("Cải cách hành chính nhà nước", 16) == "Cải cách hành…"
    assert len(shorten("chữ " * 200, 50)) <= 50


def test_markup_in_titles_is_text_not_markup():
    item = BulletinItem(title="A < B & C > D <b>đậm</b>", summary="", url="https://x.example/")
    assert "A < B & C > D <b>đậm</b>" in squash(text_of(render_bulletin(HEADER, [item])))


def test_bad_requests_are_refused_in_vietnamese():
    with pytest.raises(BulletinError, match="A4 hoặc A3"):
        render_bulletin(HEADER, ITEMS, size="A5")
    with pytest.raises(BulletinError, match="Chưa chọn"):
        render_bulletin(HEADER, [], size="A4")


# --- the admin page ---------------------------------------------------------------------------

CHOOSE = "/admin/publishing/bulletin/"
PDF = "/admin/publishing/bulletin/pdf/"
POST = "/admin/publishing/bulletin/post/"


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def articles(cast):
    return [make_article(cast.staff, title=t, channels=()) for t in TITLES[:2]]


@pytest.mark.django_db
def test_editor_chooses_articles_and_downloads_the_pdf(cast, articles, tmp_path):
    other = make_article(cast.other_org_staff, title="Tin của Sở Nội vụ")
    client = login(cast.editor)
    page = client.get(CHOOSE).content.decode()
    assert all(a.title in page for a in articles) and other.title not in page

    response = client.post(PDF, {"article": [a.pk for a in articles], "size": "A4"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="bang-tin-')
    pdf = response.content
    assert page_sizes(pdf)[0] == A4_POINTS
    text = squash(text_of(pdf))
    assert all(a.title in text for a in articles)
    assert "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN" in text
    assert sorted(qr_codes_in(pdf, tmp_path)) == sorted(a.get_full_url() for a in articles)
    assert not Delivery.objects.filter(channel="bulletin").exists()  # downloading records nothing


@pytest.mark.django_db
def test_pdf_by_get_and_a3(cast, articles):
    response = login(cast.officer).get(PDF, {"article": [articles[0].pk], "size": "A3"})
    assert response.status_code == 200
    assert page_sizes(response.content)[0] == A3_POINTS


@pytest.mark.django_db
def test_recording_the_posting_counts_a_bulletin_delivery_once(
    cast, articles, django_capture_on_commit_callbacks
):
    client = login(cast.editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(POST, {"article": [a.pk for a in articles], "size": "A4"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    deliveries = Delivery.objects.filter(channel="bulletin")
    assert sorted(d.article_id for d in deliveries) == sorted(a.pk for a in articles)
    assert all(d.status == Delivery.Status.SENT for d in deliveries)
    assert AuditEntry.objects.filter(action="bulletin.post").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(POST, {"article": [articles[0].pk], "size": "A3"})
    assert Delivery.objects.filter(channel="bulletin").count() == 2


@pytest.mark.django_db
def test_another_organisations_article_is_404(cast, articles):
    theirs = make_article(cast.other_org_staff, title="Tin của Sở Nội vụ")
    client = login(cast.editor)
    assert client.post(PDF, {"article": [articles[0].pk, theirs.pk]}).status_code == 404
    assert client.post(POST, {"article": [theirs.pk]}).status_code == 404
    assert not Delivery.objects.filter(channel="bulletin").exists()


@pytest.mark.django_db
def test_unpublished_or_unknown_articles_are_404(cast):
    draft = make_article(cast.staff, publish=False)
    client = login(cast.editor)
    assert client.post(PDF, {"article": [draft.pk]}).status_code == 404
    assert client.post(PDF, {"article": ["abc"]}).status_code == 404
    assert client.post(PDF, {"article": [999999]}).status_code == 404


@pytest.mark.django_db
def test_nothing_chosen_or_bad_size_goes_back_with_a_message(cast, articles):
    client = login(cast.editor)
    response = client.post(PDF, {"size": "A4"}, follow=True)
    assert "Hãy chọn ít nhất một tin, bài." in response.content.decode()
    response = client.post(PDF, {"article": [articles[0].pk], "size": "A5"}, follow=True)
    assert "Khổ giấy không hợp lệ" in response.content.decode()
    assert not Delivery.objects.filter(channel="bulletin").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff", "head", "leader", "superuser"])
def test_wrong_roles_are_refused(cast, articles, who):
    client = login(getattr(cast, who))
    assert is_refused(client.get(CHOOSE))
    assert is_refused(client.post(PDF, {"article": [articles[0].pk]}))
    assert is_refused(client.post(POST, {"article": [articles[0].pk]}))
    assert not Delivery.objects.filter(channel="bulletin").exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(cast, articles):
    client = Client()
    for response in (
        client.get(CHOOSE),
        client.post(PDF, {"article": [articles[0].pk]}),
        client.post(POST, {"article": [articles[0].pk]}),
    ):
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_wrong_methods(cast, articles):
    client = login(cast.editor)
    assert client.post(CHOOSE).status_code == 405
    assert client.put(PDF).status_code == 405
    assert client.get(POST, {"article": [articles[0].pk]}).status_code == 405
    assert not Delivery.objects.filter(channel="bulletin").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_prints_a_bulletin_in_the_browser(page, live_server, cast, output_dir):

    for title in TITLES:
        make_article(cast.staff, title=title, channels=())
    admin_login(page, live_server.url, "bientap")
    page.click("text=In bảng tin")
    page.check(f"label:has-text('{TITLES[0]}') >> xpath=../.. >> input[type=checkbox]")
    page.check(f"label:has-text('{TITLES[2]}') >> xpath=../.. >> input[type=checkbox]")
    page.check("input[name=size][value=A3]")
    page.screenshot(path=str(output_dir / "channels-bulletin-choose.png"), full_page=True)
    with page.expect_download() as download:
        page.click("button:has-text('Tải PDF và ghi nhận đã niêm yết')")
    pdf_path = output_dir / "channels-bulletin-a3.pdf"
    download.value.save_as(str(pdf_path))
    pdf = pdf_path.read_bytes()
    assert page_sizes(pdf)[0] == A3_POINTS
    text = squash(text_of(pdf))
    assert TITLES[0] in text and TITLES[2] in text and TITLES[1] not in text
    assert Delivery.objects.filter(channel="bulletin", status="sent").count() == 2
