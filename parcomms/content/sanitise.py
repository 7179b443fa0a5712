"""Rich text sanitising (pure, no Django).

Wagtail's editor only produces its own database format, but articles also arrive from scripts,
imports and old revisions; every save goes through `clean_rich_text` so that what the public
site renders can never carry a script, an event handler or a `javascript:`/`data:` link.

The allow-list is Wagtail's rich text *database* format for the features articles use
(h2, h3, bold, italic, ol, ul, hr, link, document-link, image, blockquote): internal links are
`<a linktype="page" id="3">`, documents `<a linktype="document" id="7">`, images
`<embed embedtype="image" id="1" format="left" alt="…"/>`.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "b", "strong", "i", "em", "ol", "ul", "li", "hr", "a", "embed",
    "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "id"}, "embed": {"id", "alt"}}
ALLOWED_ATTRIBUTE_VALUES = {
    "a": {"linktype": {"page", "document"}},
    "embed": {"embedtype": {"image"}, "format": {"fullwidth", "left", "right"}},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Dropped with everything inside them (the rest keep their text when the tag is dropped).
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "template", "noscript", "svg", "math"}

# html5ever writes void elements as `<embed …>`; Wagtail's rewriter looks for `<embed …/>`.
_EMBED_WITHOUT_SLASH = re.compile(r"<embed(\b[^>]*?)\s*/?>")
_ID_VALUE = re.compile(r"^\d+$")


def _keep_numeric_ids(tag: str, attribute: str, value: str) -> str | None:
    # Wagtail's ids are primary keys; anything else is not ours.
    if attribute == "id" and not _ID_VALUE.match(value):
        return None
    return value


def clean_rich_text(html: str) -> str:
    """Return `html` reduced to Wagtail's rich text format for articles."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        attribute_filter=_keep_numeric_ids,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _EMBED_WITHOUT_SLASH.sub(_close_embed, cleaned)


def _close_embed(match: re.Match) -> str:
    attributes = match.group(1)
    # An embed that lost its type (a Flash object, a bare `src`) is nothing Wagtail can render.
    return f"<embed{attributes}/>" if 'embedtype="image"' in attributes else ""
