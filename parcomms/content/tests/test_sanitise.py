"""Rich text sanitising: known XSS payloads come out harmless, Wagtail's own format survives."""

import re

import pytest

from parcomms.content.sanitise import clean_rich_text

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<p onclick="alert(1)">x</p>',
    '<p onmouseover="alert(1)" style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<embed embedtype="image" id="1" onerror="alert(1)"/>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<base href="javascript:alert(1)//">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<marquee onstart="alert(1)">x</marquee>',
    "<!--<script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a linktype="page" id="1 onmouseover=alert(1)">x</a>',
    '<a linktype="javascript" id="1">x</a>',
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]
DANGEROUS = re.compile(
    r"<\s*(script|iframe|object|style|svg|math|img|form|input|meta|link|base|details|video|"
    r"marquee|body|div)\b|\son\w+\s*=|javascript:|vbscript:|data:|expression\(|srcdoc",
    re.IGNORECASE,
)


def test_payload_list_is_long_enough():
    assert len(PAYLOADS) >= 25


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload):
    cleaned = clean_rich_text(f"<p>Tin.</p>{payload}<p>Hết.</p>")
    assert not DANGEROUS.search(cleaned), cleaned
    assert cleaned.startswith("<p>Tin.</p>")  # what comes before a payload is kept


def test_wagtail_format_survives():
    html = (
        "<h2>Tiêu đề</h2><p><b>Đậm</b> <i>nghiêng</i> "
        '<a href="https://ninhthuan.gov.vn/">cổng</a> '
        '<a linktype="page" id="12">trang</a> <a linktype="document" id="7">văn bản</a></p>'
        '<embed alt="Hội nghị" embedtype="image" format="left" id="3"/>'
        "<ul><li>một</li></ul><ol><li>hai</li></ol><blockquote>trích</blockquote><hr>"
    )
    cleaned = clean_rich_text(html)
    for part in (
        "<h2>Tiêu đề</h2>",
        "<b>Đậm</b>",
        "<i>nghiêng</i>",
        '<a href="https://ninhthuan.gov.vn/">cổng</a>',
        '<a linktype="page" id="12">trang</a>',
        '<a linktype="document" id="7">văn bản</a>',
        "<li>một</li>",
        "<blockquote>trích</blockquote>",
    ):
        assert part in cleaned
    embed = re.search(r"<embed[^>]*/>", cleaned).group(0)
    for attribute in ('embedtype="image"', 'id="3"', 'format="left"', 'alt="Hội nghị"'):
        assert attribute in embed


def test_wagtail_renders_the_cleaned_image_embed(db):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.rich_text import expand_db_html

    image = Image.objects.create(title="Ảnh", file=get_test_image_file())
    cleaned = clean_rich_text(
        f'<p>x</p><embed embedtype="image" id="{image.pk}" format="left" alt="Ảnh hội nghị"/>'
    )
    assert '<img alt="Ảnh hội nghị"' in expand_db_html(cleaned)


def test_empty_and_plain_text():
    assert clean_rich_text("") == ""
    assert clean_rich_text("Chỉ có chữ & dấu") == "Chỉ có chữ &amp; dấu"
