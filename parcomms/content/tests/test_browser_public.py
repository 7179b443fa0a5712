"""The public site in Chromium at desktop and phone widths: home, an article, search.
Screenshots go to test-output/; each page is checked for one h1, landmarks, alt text, a
working skip link, text contrast and no sideways scrolling on a 390 px phone."""

import pytest

from parcomms.legal.models import LegalDocument

from .public_helpers import build_news_tree, import_reference_plan, local, make_article, make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# WCAG 2.1 contrast of every visible text node against the first opaque background behind it.
CONTRAST_JS = """() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return { rgb: m.slice(0, 3), a: m.length > 3 ? m[3] : 1 }; };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.a > 0.5) return c.rgb;
    }
    return [255, 255, 255];
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || box.width < 2 || box.height < 2) continue;
    if (el.closest('.visually-hidden, .skip-link, [aria-hidden=true], .wagtail-userbar')) continue;
    const fg = lum(parse(style.color).rgb), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) failures.push(`${el.tagName}.${el.className} "${node.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return failures;
}"""


def populate(cast):
    tree = build_news_tree(cast)
    plan = import_reference_plan(cast)
    topics = {t.label: t for t in plan.topics.all()}
    decision = LegalDocument.objects.get(key="1894/QĐ-UBND")
    resolution = LegalDocument.objects.get(key="76/NQ-CP")
    staff, head = cast.staff.staff, cast.head.staff
    common = {"unit": cast.unit, "authors": [staff]}
    make_article(
        tree.index,
        title="Hội nghị triển khai Kế hoạch tuyên truyền cải cách hành chính năm 2023",
        summary="Văn phòng UBND tỉnh phổ biến kế hoạch tuyên truyền đến toàn thể công chức, "
        "viên chức; các phòng cam kết đưa nội dung cải cách hành chính vào sinh hoạt hằng tháng.",
        topics=[topics["a"]],
        documents=[decision],
        cover_image=make_image(colour=(40, 96, 150), description="Quang cảnh hội nghị"),
        published_at=local(2023, 2, 6, 8, 0),
        **common,
    )
    make_article(
        tree.index,
        title="Chỉ số PAR INDEX 2022: tỉnh tăng 8 bậc",
        summary="Chỉ số cải cách hành chính năm 2022 của tỉnh đạt 84,6 điểm, tăng 8 bậc so với "
        "năm trước.",
        topics=[topics["a"]],
        kind="tin",
        published_at=local(2023, 2, 3, 15, 0),
        unit=cast.other_unit,
        authors=[cast.other_staff.staff],
    )
    article = make_article(
        tree.index,
        title="Cải cách thủ tục hành chính: một cửa liên thông rút ngắn thời gian giải quyết",
        summary="Bộ phận một cửa giảm một nửa thời gian giải quyết thủ tục hành chính nhờ tiếp "
        "nhận hồ sơ trực tuyến và trả kết quả qua bưu chính công ích.",
        body=(
            "<p>Thực hiện <a href='https://example.invalid/'>Quyết định số 1894/QĐ-UBND</a>, "
            "năm 2023 Văn phòng tiếp tục rà soát, đơn giản hóa thủ tục hành chính.</p>"
            "<h2>Kết quả bước đầu</h2><ul><li>100% hồ sơ được tiếp nhận trực tuyến;</li>"
            "<li>thời gian giải quyết trung bình giảm từ 10 ngày xuống 5 ngày.</li></ul>"
            "<blockquote>Người dân không phải đi lại nhiều lần.</blockquote>"
        ),
        topics=[topics["c"], topics["g"]],
        documents=[decision, resolution],
        cover_image=make_image(colour=(165, 14, 14), description="Bộ phận một cửa"),
        published_at=local(2023, 2, 5, 9, 30),
        kind="bai",
        unit=cast.unit,
        authors=[staff, head],
    )
    make_article(
        tree.index,
        title="Ứng dụng chữ ký số trong xử lý văn bản",
        summary="Toàn bộ lãnh đạo phòng đã dùng chữ ký số; văn bản điện tử chiếm 95%.",
        topics=[topics["g"]],
        published_at=local(2023, 1, 20, 10, 0),
        kind="anh",
        cover_image=make_image(colour=(31, 107, 58), description="Ký số văn bản"),
        **common,
    )
    make_article(
        tree.other_index,
        title="Sở Nội vụ tập huấn cải cách chế độ công vụ",
        summary="Hơn 200 công chức tham dự tập huấn về đánh giá, xếp loại công chức.",
        unit=cast.other_org_unit,
        published_at=local(2023, 1, 15, 8, 0),
    )
    return article


def check_page(page, name, output_dir, size):
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.locator("h1").count() == 1, name
    for landmark in ("header", "nav", "main", "footer"):
        assert page.locator(landmark).count() >= 1, (name, landmark)
    no_alt = page.evaluate("[...document.images].filter(i => !i.hasAttribute('alt')).length")
    assert no_alt == 0, name
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load
    page.wait_for_function("[...document.images].every(i => i.complete)")
    page.evaluate("window.scrollTo(0, 0)")
    broken = page.evaluate("[...document.images].filter(i => !i.naturalWidth).length")
    assert broken == 0, name
    assert page.evaluate(CONTRAST_JS) == [], name
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    page.screenshot(path=str(output_dir / f"public-{name}-{size}.png"), full_page=True)


def serve_media(page):
    """The test settings keep uploads in memory and the live server does not serve media:
    answer the browser's image requests from the storage itself."""
    from django.conf import settings
    from django.core.files.storage import default_storage

    def fulfil(route):
        name = route.request.url.split(settings.MEDIA_URL, 1)[1]
        with default_storage.open(name) as f:
            route.fulfill(status=200, body=f.read(), content_type="image/jpeg")

    page.route(f"**{settings.MEDIA_URL}**", fulfil)


def test_public_site_desktop_and_phone(page, live_server, cast, output_dir):
    article = populate(cast)
    serve_media(page)
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/")
        # The skip link is the first stop of the keyboard and leads to the main content.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert page.locator(".skip-link").is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "noi-dung"
        assert page.locator(".item").count() == 5
        assert page.locator(".item-lead h3").inner_text().startswith("Hội nghị triển khai")
        check_page(page, "home", output_dir, size)

        page.click(f"text={article.title}")
        page.wait_for_url(f"**{article.url}")
        assert page.locator(".article-docs li").count() == 2
        assert page.locator(".chips li").count() == 2
        assert "Ngày 05 tháng 02 năm 2023" in page.locator(".article-meta").inner_text()
        check_page(page, "article", output_dir, size)

        page.fill("#q-header", "cai cach thu tuc")
        page.locator("#q-header").press("Enter")
        page.wait_for_url("**/tim-kiem/?q=cai+cach+thu+tuc")
        assert page.locator(".item").count() == 1
        assert page.locator(".item-title mark").first.inner_text() == "Cải cách thủ tục"
        check_page(page, "search", output_dir, size)

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/chu-de/vpub/c/")
    check_page(page, "topic", output_dir, "desktop")
    page.goto(f"{live_server.url}/luu-tru/")
    check_page(page, "archive", output_dir, "desktop")
    page.goto(f"{live_server.url}/in/{article.pk}/")
    page.screenshot(path=str(output_dir / "public-print-screen.png"), full_page=True)
    page.emulate_media(media="print")
    page.pdf(path=str(output_dir / "public-print.pdf"), format="A4")
    page.emulate_media(media="screen")
