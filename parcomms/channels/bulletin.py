"""The printed bulletin (bảng tin) for the office notice board: an A4 or A3 PDF poster of
selected articles, each with its title, summary and a QR code that opens it online.

Pure layout (no Django): the admin view maps articles to `BulletinItem`s and calls
`render_bulletin`. Fonts are TrueType files already on the machine (Liberation Serif, which
Debian's fonts-liberation2 ships and CI installs, else DejaVu Serif): the PDF base-14 fonts
have no Vietnamese glyphs, and nothing may be downloaded at run time.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    HRFlowable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from parcomms.vn.dates import format_place_date
from parcomms.vn.text import nfc, squash_spaces

PAGE_SIZES = {"A4": A4, "A3": A3}
HEADING = "BẢNG TIN CẢI CÁCH HÀNH CHÍNH"
QR_CAPTION = "Quét mã để đọc toàn văn"

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
]
# One family = regular, bold, italic, bold italic files, in order of preference.
FONT_FAMILIES = [
    (
        "LiberationSerif",
        (
            "LiberationSerif-Regular.ttf",
            "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf",
        ),
    ),
    (
        "DejaVuSerif",
        (
            "DejaVuSerif.ttf",
            "DejaVuSerif-Bold.ttf",
            "DejaVuSerif-Italic.ttf",
            "DejaVuSerif-BoldItalic.ttf",
        ),
    ),
]

ACCENT = colors.HexColor("#9b1c1c")  # the red of official headings
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#b5b5b5")


class BulletinError(ValueError):
    """The bulletin cannot be made; the message is for the user (Vietnamese)."""


@dataclass(frozen=True)
class BulletinHeader:
    office: str  # "Văn phòng UBND tỉnh Ninh Thuận"
    parent: str  # "Ủy ban nhân dân tỉnh Ninh Thuận"
    place: str  # "Ninh Thuận"
    issued: dt.date
    heading: str = HEADING
    footer: str = ""  # e.g. the public site's address


@dataclass(frozen=True)
class BulletinItem:
    title: str
    summary: str
    url: str
    meta: str = ""  # "Tin · Phòng Hành chính - Tổ chức · 03/12/2025"


@dataclass(frozen=True)
class Layout:
    """Sizes for one paper size. A3 gets two columns and larger type for reading at a distance."""

    columns: int
    margin: float
    gutter: float
    scale: float
    qr_size: float
    summary_chars: int
    qr_beside: bool


LAYOUTS = {
    "A4": Layout(
        columns=1,
        margin=16 * mm,
        gutter=0,
        scale=1.0,
        qr_size=30 * mm,
        summary_chars=700,
        qr_beside=True,
    ),
    "A3": Layout(
        columns=2,
        margin=20 * mm,
        gutter=14 * mm,
        scale=1.25,
        qr_size=34 * mm,
        summary_chars=520,
        qr_beside=False,
    ),
}


def font_files() -> tuple[str, tuple[Path, Path, Path, Path]]:
    """The first font family whose four files exist, as (family name, paths)."""
    for family, names in FONT_FAMILIES:
        for folder in FONT_DIRS:
            paths = tuple(folder / name for name in names)
            if all(p.exists() for p in paths):
                return family, paths  # type: ignore[return-value]
    raise BulletinError(
        "Không tìm thấy phông chữ có dấu tiếng Việt (Liberation Serif hoặc DejaVu Serif). "
        "Hãy cài gói fonts-liberation2 hoặc fonts-dejavu."
    )


def register_fonts() -> str:
    """Register the family with reportlab (once per process) and return its name."""
    family, paths = font_files()
    if family not in pdfmetrics.getRegisteredFontNames():
        styles = ("", "-Bold", "-Italic", "-BoldItalic")
        for style, path in zip(styles, paths, strict=True):
            pdfmetrics.registerFont(TTFont(family + style, str(path)))
        pdfmetrics.registerFontFamily(
            family,
            normal=family,
            bold=family + "-Bold",
            italic=family + "-Italic",
            boldItalic=family + "-BoldItalic",
        )
    return family


def shorten(text: str, limit: int) -> str:
    """Cut `text` at a word boundary to at most `limit` characters, ending with an ellipsis."""
    text = squash_spaces(nfc(text))
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–-") + "…"


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code of `url` as rows of dark (True) / light modules, without the quiet zone."""
    code = segno.make_qr(url, error="m")
    return [[bool(cell) for cell in row] for row in code.matrix]


class QRCode(Flowable):
    """A QR code drawn as vector squares (sharp at any print size), quiet zone included."""

    def __init__(self, url: str, size: float):
        super().__init__()
        self.url = url
        self.size = size
        self.matrix = qr_matrix(url)

    def wrap(self, avail_width, avail_height):
        return self.size, self.size

    def draw(self):
        modules = len(self.matrix)
        quiet = 4  # the standard quiet zone, in modules
        cell = self.size / (modules + 2 * quiet)
        canvas = self.canv
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        for r, row in enumerate(self.matrix):
            y = self.size - (quiet + r + 1) * cell
            c = 0
            while c < modules:
                if row[c]:
                    start = c
                    while c < modules and row[c]:
                        c += 1
                    # A hair of overlap stops white seams between adjacent runs when rasterised.
                    canvas.rect(
                        (quiet + start) * cell,
                        y - 0.01,
                        (c - start) * cell,
                        cell + 0.02,
                        stroke=0,
                        fill=1,
                    )
                else:
                    c += 1


def _styles(family: str, scale: float) -> dict[str, ParagraphStyle]:
    def style(name, size, leading, font=family, **kw):
        return ParagraphStyle(
            name, fontName=font, fontSize=size * scale, leading=leading * scale, **kw
        )

    return {
        "parent": style("parent", 11.5, 14, alignment=TA_CENTER, textColor=INK),
        "office": style("office", 12.5, 15, font=family + "-Bold", alignment=TA_CENTER),
        "heading": style(
            "heading", 24, 29, font=family + "-Bold", alignment=TA_CENTER, textColor=ACCENT
        ),
        "date": style("date", 12, 15, font=family + "-Italic", alignment=TA_CENTER),
        "title": style("title", 15, 18.5, font=family + "-Bold", textColor=INK, alignment=TA_LEFT),
        "meta": style("meta", 9.5, 12, font=family + "-Italic", textColor=MUTED),
        "summary": style("summary", 12, 16, alignment=TA_JUSTIFY, textColor=INK),
        "caption": style("caption", 8, 10, font=family + "-Italic", alignment=TA_CENTER),
        "caption_left": style("caption_left", 9, 11, font=family + "-Italic", textColor=MUTED),
        "url": style("url", 8, 10, textColor=MUTED),
        "footer": style("footer", 8.5, 10, textColor=MUTED, alignment=TA_CENTER),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(squash_spaces(nfc(text))), style)


def _header_flowables(header: BulletinHeader, styles, width: float) -> list[Flowable]:
    rule = HRFlowable(width=width * 0.22, thickness=0.8, color=INK, hAlign="CENTER")
    band = Table([[_para(header.heading, styles["heading"])]], colWidths=[width])
    band.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles["parent"].fontName),
                ("LINEABOVE", (0, 0), (-1, 0), 2, ACCENT),
                ("LINEBELOW", (0, 0), (-1, 0), 2, ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 7 * styles["heading"].fontSize / 24),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9 * styles["heading"].fontSize / 24),
            ]
        )
    )
    flow: list[Flowable] = []
    if header.parent:
        flow.append(_para(header.parent.upper(), styles["parent"]))
    flow += [
        _para(header.office.upper(), styles["office"]),
        Spacer(1, 3),
        rule,
        Spacer(1, 10 * styles["office"].fontSize / 12.5),
        band,
        Spacer(1, 6),
        _para(
            format_place_date(header.place, header.issued)
            if header.place
            else format_place_date("", header.issued).lstrip(", ").capitalize(),
            styles["date"],
        ),
        Spacer(1, 10),
    ]
    return flow


def _item_flowable(item: BulletinItem, styles, width: float, layout: Layout) -> Flowable:
    text = [_para(item.title, styles["title"])]
    if item.meta:
        text += [Spacer(1, 2), _para(item.meta, styles["meta"])]
    summary = shorten(item.summary, layout.summary_chars) if item.summary else ""
    qr = QRCode(item.url, layout.qr_size)
    gap = 5 * mm
    if layout.qr_beside:
        # QR code to the right of the text: the wide single column of A4.
        if summary:
            text += [Spacer(1, 4), _para(summary, styles["summary"])]
        rows = [[text, [qr, _para(QR_CAPTION, styles["caption"])]]]
        widths = [width - layout.qr_size - gap, layout.qr_size]
    else:
        # QR code under the summary, with its caption to its left: A3's narrower columns.
        if summary:
            text += [Spacer(1, 4), _para(summary, styles["summary"])]
        caption = [_para(QR_CAPTION + ":", styles["caption_left"])]
        caption.append(_para(item.url, styles["url"]))
        inner = Table(
            [[caption, qr]], colWidths=[width - layout.qr_size - gap, layout.qr_size + gap]
        )
        inner.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), styles["summary"].fontName),
                    ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        rows = [[[*text, Spacer(1, 4), inner]]]
        widths = [width]
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                # Tables set a cell font even for flowables; without this the PDF lists Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), styles["summary"].fontName),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), gap if layout.qr_beside else 0),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE),
            ]
        )
    )
    return table  # one row: never split across columns or pages


def pack_columns(
    heights: list[float], *, first_page: float, other_pages: float, columns: int
) -> list[list[list[int]]]:
    """Place blocks of the given heights, in order, into columns: pages → columns → block
    indices. Columns fill top to bottom, left to right; the last page's blocks are then
    spread over its columns so that no column stands empty while another is long.
    A block taller than a column gets a column of its own."""
    pages: list[list[list[int]]] = [[[] for _ in range(columns)]]
    capacity, used, column = first_page, 0.0, 0
    for index, height in enumerate(heights):
        if pages[-1][column] and used + height > capacity:
            column += 1
            used = 0.0
            if column == columns:
                pages.append([[] for _ in range(columns)])
                capacity, column = other_pages, 0
        pages[-1][column].append(index)
        used += height
    last = [i for col in pages[-1] for i in col]
    if columns == 2 and len(last) > 1:
        limit = first_page if len(pages) == 1 else other_pages
        best = None
        for split in range(1, len(last)):
            left = sum(heights[i] for i in last[:split])
            right = sum(heights[i] for i in last[split:])
            if left > limit or right > limit:
                continue
            if best is None or max(left, right) < best[0]:
                best = (max(left, right), split)
        if best is not None:
            pages[-1] = [last[: best[1]], last[best[1] :]]
    return pages


def render_bulletin(
    header: BulletinHeader, items: list[BulletinItem], *, size: str = "A4"
) -> bytes:
    """The bulletin as PDF bytes. `size` is "A4" or "A3"; at least one item is needed."""
    if size not in LAYOUTS:
        raise BulletinError(f"Khổ giấy không hợp lệ: {size}. Chọn A4 hoặc A3.")
    if not items:
        raise BulletinError("Chưa chọn tin, bài nào để in bảng tin.")
    family = register_fonts()
    layout = LAYOUTS[size]
    page_w, page_h = PAGE_SIZES[size]
    styles = _styles(family, layout.scale)
    footer_h = 12 * mm
    body_w = page_w - 2 * layout.margin
    body_h = page_h - 2 * layout.margin - footer_h
    col_w = (body_w - layout.gutter * (layout.columns - 1)) / layout.columns
    bottom = layout.margin + footer_h

    # The masthead spans the full width on page 1; the article columns go below it.
    masthead = _header_flowables(header, styles, body_w)
    masthead_h = sum(f.wrap(body_w, body_h)[1] for f in masthead) + 2
    first_body_h = body_h - masthead_h - 4

    def column_frames(height: float) -> list[Frame]:
        return [
            Frame(
                layout.margin + i * (col_w + layout.gutter),
                bottom,
                col_w,
                height,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
                id=f"col{i}",
            )
            for i in range(layout.columns)
        ]

    masthead_frame = Frame(
        layout.margin,
        page_h - layout.margin - masthead_h,
        body_w,
        masthead_h,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="masthead",
    )

    def draw_footer(canvas, doc):
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        y = layout.margin + footer_h - 4 * mm
        canvas.line(layout.margin, y, page_w - layout.margin, y)
        canvas.setFont(family, styles["footer"].fontSize)
        canvas.setFillColor(MUTED)
        canvas.drawString(layout.margin, layout.margin + 2 * mm, nfc(header.office))
        canvas.drawRightString(page_w - layout.margin, layout.margin + 2 * mm, f"Trang {doc.page}")
        if header.footer:
            canvas.drawCentredString(page_w / 2, layout.margin + 2 * mm, nfc(header.footer))
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(page_w, page_h),
        leftMargin=layout.margin,
        rightMargin=layout.margin,
        topMargin=layout.margin,
        bottomMargin=layout.margin,
        title=f"{nfc(header.heading)} — {nfc(header.office)}",
        author=nfc(header.office),
        subject=", ".join(nfc(i.title) for i in items)[:500],
        creator="parcomms",
        initialFontName=family,  # else the page preamble names Helvetica, unused but listed
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                id="first",
                frames=[masthead_frame, *column_frames(first_body_h)],
                onPage=draw_footer,
                autoNextPageTemplate="rest",
            ),
            PageTemplate(id="rest", frames=column_frames(body_h), onPage=draw_footer),
        ]
    )

    story: list[Flowable] = [*masthead, FrameBreak()]
    blocks = [_item_flowable(item, styles, col_w, layout) for item in items]
    if layout.columns == 1:
        story += blocks  # one column: the frames' own flow is the layout
    else:
        heights = [b.wrap(col_w, body_h)[1] for b in blocks]
        pages = pack_columns(
            heights, first_page=first_body_h - 2, other_pages=body_h - 2, columns=layout.columns
        )
        slots = [column for page in pages for column in page]
        while slots and not slots[-1]:
            slots.pop()
        for n, slot in enumerate(slots):
            if n:
                story.append(FrameBreak())
            story += [blocks[i] for i in slot]
    doc.build(story)
    return buffer.getvalue()
