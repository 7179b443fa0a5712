"""Rich text → Zalo article blocks: pure functions, no database."""

from parcomms.channels.zalo_article import article_payload, body_blocks


def test_blocks_from_rich_text():
    html = (
        "<h2>Mục tiêu</h2><p>Nâng cao <b>nhận thức</b> &amp; trách nhiệm.<br/>Dòng hai</p>"
        "<ul><li>Một</li><li>Hai</li></ul>"
        '<p><img src="/media/images/anh.jpg" alt="Hội nghị"></p>'
        "<blockquote>Trích dẫn</blockquote>"
    )
    assert body_blocks(html, base_url="https://tin.example.gov.vn/") == [
        {"type": "text", "content": "<b>Mục tiêu</b>"},
        {"type": "text", "content": "Nâng cao <b>nhận thức</b> &amp; trách nhiệm.<br>Dòng hai"},
        {"type": "text", "content": "• Một"},
        {"type": "text", "content": "• Hai"},
        {
            "type": "image",
            "url": "https://tin.example.gov.vn/media/images/anh.jpg",
            "caption": "Hội nghị",
        },
        {"type": "text", "content": "Trích dẫn"},
    ]


def test_scripts_and_event_handlers_do_not_survive():
    blocks = body_blocks(
        '<p onclick="alert(1)">An toàn<script>alert("x")</script></p><style>p{}</style>'
        "<p>&lt;script&gt;</p>"
    )
    assert blocks == [
        {"type": "text", "content": "An toàn"},
        {"type": "text", "content": "&lt;script&gt;"},
    ]


def test_empty_paragraphs_are_dropped():
    assert body_blocks("<p> </p><p></p>") == []
    assert body_blocks("") == []


def test_payload():
    payload = article_payload(
        title="Cải cách hành chính",
        author="Đặng Thị Hà",
        summary="Tóm tắt",
        body_html="<p>Nội dung</p>",
        link_url="https://tin.example.gov.vn/bai/1/",
        cover_url="/media/cover.jpg",
        base_url="https://tin.example.gov.vn",
    )
    assert payload["type"] == "normal" and payload["status"] == "show"
    assert payload["cover"] == {
        "cover_type": "photo",
        "photo_url": "https://tin.example.gov.vn/media/cover.jpg",
        "status": "show",
    }
    assert payload["body"][0] == {"type": "text", "content": "Nội dung"}
    assert "https://tin.example.gov.vn/bai/1/" in payload["body"][-1]["content"]
    assert "cover" not in article_payload(
        title="t", author="a", summary="s", body_html="<p>x</p>", link_url=""
    )
