"""An article as the Zalo OA "create article" API wants it (pure Python, no Django).

Zalo's article body is a list of blocks (`text`, `image`, `video`), not HTML. We turn the
article's rich text (already expanded to plain HTML, images as <img src>) into one text block
per paragraph, heading, list item or quotation, and one image block per picture, and end with
a link back to the article on the public site.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin

BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "div", "pre"}
DROP_TAGS = {"script", "style", "template"}
INLINE_KEEP = {"b": "b", "strong": "b", "i": "i", "em": "i"}


class _Blocks(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.blocks: list[dict] = []
        self.parts: list[str] = []
        self.heading = False
        self.skipping = 0  # inside <script>/<style>: drop the text

    def _flush(self):
        text = " ".join("".join(self.parts).split())
        if text:
            if self.heading:
                text = f"<b>{text}</b>"
            self.blocks.append({"type": "text", "content": text})
        self.parts = []
        self.heading = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in DROP_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self._flush()
            self.heading = tag.startswith("h") and len(tag) == 2
            if tag == "li":
                self.parts.append("• ")
        elif tag == "br":
            self.parts.append("<br>")
        elif tag in INLINE_KEEP:
            self.parts.append(f"<{INLINE_KEEP[tag]}>")
        elif tag == "img" and attrs.get("src"):
            self._flush()
            self.blocks.append(
                {
                    "type": "image",
                    "url": urljoin(self.base_url, attrs["src"]),
                    "caption": attrs.get("alt") or "",
                }
            )

    def handle_endtag(self, tag):
        if tag in DROP_TAGS:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in BLOCK_TAGS:
            self._flush()
        elif tag in INLINE_KEEP:
            self.parts.append(f"</{INLINE_KEEP[tag]}>")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(escape(data, quote=False))

    def close(self):
        super().close()
        self._flush()


def body_blocks(html: str, *, base_url: str = "") -> list[dict]:
    """Rich-text HTML → Zalo body blocks. Unknown tags keep their text; scripts and styles go."""
    parser = _Blocks(base_url)
    parser.feed(html or "")
    parser.close()
    return parser.blocks


def article_payload(
    *,
    title: str,
    author: str,
    summary: str,
    body_html: str,
    link_url: str,
    cover_url: str = "",
    base_url: str = "",
) -> dict:
    """The JSON body of POST /v2.0/article/create for a normal article."""
    body = body_blocks(body_html, base_url=base_url)
    if link_url:
        body.append(
            {
                "type": "text",
                "content": f'Xem bài gốc: <a href="{escape(link_url)}">{escape(link_url)}</a>',
            }
        )
    payload = {
        "type": "normal",
        "title": title,
        "author": author,
        "description": summary,
        "body": body,
        "status": "show",
        "comment": "show",
    }
    if cover_url:
        payload["cover"] = {
            "cover_type": "photo",
            "photo_url": urljoin(base_url, cover_url),
            "status": "show",
        }
    return payload
