"""Documents in the Decree 30/2020/NĐ-CP layout, written as DOCX (pure Python, no Django).

`OfficialDocument` is the document as the office issues it (header, title, body, recipients,
signature); `write_docx` lays it out on A4 with the typography of ND30 Phụ lục I. The layout
facts are in /work/shared/reference/decree-30-layout.md; the numbers below cite it.
"""

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

from parcomms.vn.dates import VnDate, format_date_long
from parcomms.vn.text import fold, new_tone_style

FONT = "Times New Roman"
LANG = "vi-VN"

# Page (Phụ lục I, I): A4 portrait; margins top/bottom 20-25, left 30-35, right 15-20 mm.
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(20)
MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT = Mm(30)
MARGIN_RIGHT = Mm(15)
HEADER_DISTANCE = Mm(10)
TEXT_WIDTH_TW = round((210 - 30 - 15) / 25.4 * 1440)  # 9354 twips = 165 mm

BODY_SIZE = 14
NUMBER_SIZE = 13
FIRST_LINE_INDENT = Cm(1.27)
PARAGRAPH_AFTER = Pt(6)
NO_SPACE = Pt(0)
LINE_SPACING = 1.15
SIGNATURE_SPACE = Pt(84)  # room for the hand or digital signature and the seal

HEADER_LEFT_TW = round(6.6 / 2.54 * 1440)
HEADER_RIGHT_TW = TEXT_WIDTH_TW - HEADER_LEFT_TW
SIGN_LEFT_TW = round(8.0 / 2.54 * 1440)
SIGN_RIGHT_TW = TEXT_WIDTH_TW - SIGN_LEFT_TW
HEADER_CELL_MARGIN_TW = 57  # 1 mm, so the two header columns never touch

MOTTO_STATE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"
DATE_BLANK = " " * 3  # room to write in a day or month by hand: "ngày     tháng 02"

# Common phrases ND30 lets the chủ quản line abbreviate (Phụ lục I, II.2.a).
PARENT_ABBREVIATIONS = (
    ("ủy ban nhân dân", "UBND"),
    ("hội đồng nhân dân", "HĐND"),
    ("ủy ban mặt trận tổ quốc việt nam", "UBMTTQ VIỆT NAM"),
)


# ---- document model -------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 "I." (report style, UPPER), 2 "1.", 3 "a)"."""

    label: str
    title: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Bullet:
    text: str
    mark: str = "-"


@dataclass(frozen=True)
class Table:
    """A simple ruled table with a header row (figures in reports)."""

    header: list[str]
    rows: list[list[str]]
    widths_cm: list[float] | None = None  # even split of the text width when None
    align: list[str] | None = None  # per column: "left" | "center" | "right"
    caption: str | None = None  # bold, centred above the table


@dataclass(frozen=True)
class Image:
    """A picture (PNG or JPEG bytes, e.g. a chart), centred, with an optional caption below."""

    data: bytes
    width_cm: float = 15.0
    caption: str | None = None


Block = Heading | Paragraph | Bullet | Table | Image


@dataclass
class Signature:
    title: str  # the authority's title as printed after the prefix: "CHÁNH VĂN PHÒNG"
    name: str  # "Hồ Sĩ Sơn"
    prefix: str | None = None  # "KT.", "TL.", "TUQ.", "TM.", "Q."
    deputy_title: str | None = None  # the signer's own title under a KT./TL. line


@dataclass
class OfficialDocument:
    type_name: str  # "Kế hoạch" (printed UPPER)
    title: str  # trích yếu
    symbol: str  # "KH-VPUB"
    parent_issuer: str | None = None  # "Ủy ban nhân dân tỉnh Ninh Thuận"
    issuer: str | None = None  # "Văn phòng"
    number: str | None = None  # None for a draft: "Số:      /KH-VPUB"
    place: str | None = None
    date: VnDate | None = None
    legal_basis: list[str] = field(default_factory=list)
    legal_basis_italic: bool = True  # ND30 ô 6; plans that write "Thực hiện ..." upright say so
    body: list[Block] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: Signature | None = None


# ---- printed forms of the header lines ------------------------------------------------------


def abbreviate_parent_issuer(name: str) -> str:
    """The chủ quản line: "Ủy ban nhân dân tỉnh Ninh Thuận" -> "UBND TỈNH NINH THUẬN"."""
    words = new_tone_style(name).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase, short in PARENT_ABBREVIATIONS:
            n = len(phrase.split())
            if fold(" ".join(words[i : i + n])) == fold(phrase):
                out.append(short)
                i += n
                break
        else:
            out.append(words[i].upper())
            i += 1
    return " ".join(out)


def short_issuer_name(issuer: str, parent_issuer: str | None) -> str:
    """Drop the tail of the issuer's name that the chủ quản line already says.

    short_issuer_name("Văn phòng Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Ninh Thuận")
    == "Văn phòng"
    """
    words = issuer.split()
    if not parent_issuer:
        return issuer
    parent = fold(new_tone_style(parent_issuer)).split()
    for i in range(1, len(words)):
        tail = fold(new_tone_style(" ".join(words[i:]))).split()
        if parent[: len(tail)] == tail:
            return " ".join(words[:i])
    return issuer


def number_line(number: str | None, symbol: str) -> str:
    """ "Số: 05/KH-VPUB"; a draft leaves room for the number: "Số:      /KH-VPUB"."""
    return f"Số: {number}/{symbol}" if number else f"Số:{' ' * 6}/{symbol}"


def date_line(place: str | None, date: VnDate | None) -> str:
    """ "Ninh Thuận, ngày 05 tháng 02 năm 2023"; blank parts leave room to write them in."""
    text = format_date_long(date or VnDate(None, None, None), blank=DATE_BLANK)
    return f"{place}, {text}" if place else text


def signature_lines(signature: Signature) -> list[str]:
    """The UPPER lines above the signature: "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"."""
    first = signature.title.upper()
    if signature.prefix:
        first = f"{signature.prefix} {first}"
    lines = [first]
    if signature.deputy_title:
        lines.append(signature.deputy_title.upper())
    return lines


def recipient_lines(recipients: list[str]) -> list[str]:
    """ "- …;" one per line, the last (normally "Lưu: …") ending with "."."""
    out = []
    for i, item in enumerate(recipients):
        text = item.strip()
        text = text[1:].strip() if text.startswith(("-", "–")) else text
        last = i == len(recipients) - 1
        if last and not text.endswith("."):
            text = text.rstrip(";,") + "."
        elif not last and not text.endswith((";", ".", ":")):
            text += ";"
        out.append(f"- {text}")
    return out


# ---- text width (for rules as long as a text line) -----------------------------------------

# Advance widths of ASCII 32..126 in 1/1000 em: Times New Roman (and the metric-compatible
# Liberation Serif that stands in for it when rendering PDFs).
_WIDTHS_REGULAR = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667,
    722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722,
    722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500,
    500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500,
    444, 480, 200, 480, 541,
)  # fmt: skip
_WIDTHS_BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722,
    722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722,
    722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500,
    556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500,
    444, 394, 220, 394, 520,
)  # fmt: skip
_HORN = {"ơ", "ư", "Ơ", "Ư"}  # the horn makes these a little wider than o and u


def text_width_pt(text: str, size: float, bold: bool = False) -> float:
    """Approximate printed width of one line of Times New Roman text."""
    table = _WIDTHS_BOLD if bold else _WIDTHS_REGULAR
    total = 0
    for ch in unicodedata.normalize("NFC", text):
        base = "D" if ch == "Đ" else "d" if ch == "đ" else unicodedata.normalize("NFD", ch)[0]
        code = ord(base)
        total += table[code - 32] if 32 <= code <= 126 else 500
        total += 45 if ch in _HORN else 0
    return total * size / 1000


# ---- writer ---------------------------------------------------------------------------------


def write_docx(doc: OfficialDocument) -> bytes:
    document = _new_document()
    _add_header_block(document, doc)
    _add_title_block(document, doc)
    for line in doc.legal_basis:
        _body_paragraph(document, line, italic=doc.legal_basis_italic)
    for block in doc.body:
        _add_block(document, block)
    closing = [_body_paragraph(document, line) for line in doc.closing]
    if closing:
        # A signature page must carry some text of the document: the last paragraph goes with it.
        closing[-1].paragraph_format.keep_with_next = True
    _add_signature_block(document, doc)
    _add_page_numbers(document)
    _set_properties(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _new_document():
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = HEADER_DISTANCE
    _set_default_fonts(document)
    # The template starts with one empty paragraph; the header table goes first instead.
    body = document.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    return document


def _set_default_fonts(document) -> None:
    """Times New Roman everywhere, for every script slot, with no theme fonts left to win."""
    styles = document.styles.element
    for rfonts in styles.iter(qn("w:rFonts")):
        _set_rfonts(rfonts)
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_size(rpr, BODY_SIZE)
    lang = rpr.find(qn("w:lang"))
    for attr in ("w:val", "w:eastAsia"):
        lang.set(qn(attr), LANG)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    _set_rfonts(normal.element.get_or_add_rPr().get_or_add_rFonts())


def _set_rfonts(rfonts) -> None:
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), FONT)


def _set_size(rpr, size: float) -> None:
    """Size for Latin and complex-script text alike (w:sz and w:szCs, in half points)."""
    half_points = str(round(size * 2))
    sz = rpr.find(qn("w:sz"))
    if sz is None:
        sz = OxmlElement("w:sz")
        rpr.append(sz)
    sz.set(qn("w:val"), half_points)
    szcs = rpr.find(qn("w:szCs"))
    if szcs is None:
        szcs = OxmlElement("w:szCs")
        sz.addnext(szcs)
    szcs.set(qn("w:val"), half_points)


def _run(paragraph, text: str, size: float = BODY_SIZE, bold=False, italic=False, caps=False):
    run = paragraph.add_run(text)
    font = run.font
    font.bold, font.italic = bold, italic
    font.all_caps = caps or None
    rpr = run._r.get_or_add_rPr()
    _set_rfonts(rpr.get_or_add_rFonts())
    _set_size(rpr, size)
    return run


def _format(paragraph, align, first_line=None, before=NO_SPACE, after=NO_SPACE, line=1.0):
    """Paragraph layout; `line` is a multiple of single spacing, or a Length for an exact height."""
    pf = paragraph.paragraph_format
    pf.alignment = align
    pf.first_line_indent = first_line
    pf.space_before, pf.space_after = before, after
    pf.line_spacing = line  # python-docx: a float is "multiple", a Length is "exactly"
    pf.widow_control = True
    return paragraph


def _line(container, text, size, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    """One single-spaced line of a header or signature column."""
    p = container.add_paragraph()
    _format(p, align)
    _run(p, text, size, bold=bold, italic=italic)
    return p


def _add_rule(container, length_tw: float, space_tw: int, after=NO_SPACE):
    """A solid rule `length_tw` long, centred in a space `space_tw` wide.

    Drawn as the top border of an empty paragraph whose indents make it that long: it renders
    the same in Word and LibreOffice, and moves with the text above it.
    """
    length_tw = min(length_tw, space_tw)
    side = Twips(max(0, int((space_tw - length_tw) / 2)))
    p = container.add_paragraph()
    # An exact line height keeps the empty paragraph thin; the gap above is outside the border.
    _format(p, WD_ALIGN_PARAGRAPH.CENTER, before=Pt(3), after=after, line=Pt(2))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    _paragraph_mark_size(p, 1)
    border = OxmlElement("w:top")
    for attr, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        border.set(qn(f"w:{attr}"), value)
    pbdr = OxmlElement("w:pBdr")
    pbdr.append(border)
    p._p.get_or_add_pPr().insert_element_before(
        pbdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr"
    )
    return p


def _paragraph_mark_size(paragraph, size: float) -> None:
    """Font size of the paragraph mark: the height of an empty paragraph."""
    rpr = OxmlElement("w:rPr")
    _set_size(rpr, size)
    paragraph._p.get_or_add_pPr().insert_element_before(rpr, "w:sectPr", "w:pPrChange")


def _tw(points: float) -> float:
    return points * 20


def _table(document, widths_tw: list[int], rows: int = 1, ruled=False, side_margin_tw=0):
    table = document.add_table(rows=rows, cols=len(widths_tw))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblw = table._tbl.tblPr.find(qn("w:tblW"))
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(sum(widths_tw)))
    _set_table_borders(table, "single" if ruled else "nil")
    if not ruled:
        _side_cell_margins(table, side_margin_tw)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_tw, strict=True):
            cell.width = Twips(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for col, width in zip(table.columns, widths_tw, strict=True):
        col.width = Twips(width)
    return table


def _set_table_borders(table, val: str) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tblpr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )


def _side_cell_margins(table, twips: int) -> None:
    """Layout tables set their own cell margins: 0 puts "Nơi nhận:" flush left."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption")


def _cell(table, row: int, col: int):
    """A cell emptied of the paragraph python-docx puts in it, ready for add_paragraph."""
    cell = table.cell(row, col)
    for p in cell._tc.findall(qn("w:p")):
        cell._tc.remove(p)
    return cell


def _add_header_block(document, doc: OfficialDocument) -> None:
    """ô 1-4: chủ quản / issuer / Số on the left, Quốc hiệu / Tiêu ngữ / date on the right.

    Two rows, so "Số" and the date share a baseline however many lines the names take.
    """
    widths = [HEADER_LEFT_TW, HEADER_RIGHT_TW]
    table = _table(document, widths, rows=2, side_margin_tw=HEADER_CELL_MARGIN_TW)
    left_space, right_space = (w - 2 * HEADER_CELL_MARGIN_TW for w in widths)
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    if doc.parent_issuer:
        _line(left, abbreviate_parent_issuer(doc.parent_issuer), 12)
    issuer = doc.issuer.upper() if doc.issuer else ""
    _line(left, issuer, 12, bold=True)
    if issuer:
        # ND30 asks for 1/3-1/2 of the name; short names like "VĂN PHÒNG" keep a visible rule.
        width = _tw(text_width_pt(issuer, 12, bold=True))
        _add_rule(left, max(width / 2, min(width * 0.75, _tw(54))), left_space)
    _line(right, MOTTO_STATE, 12, bold=True)
    _line(right, MOTTO_LINE, 13, bold=True)
    _add_rule(right, _tw(text_width_pt(MOTTO_LINE, 13, bold=True)), right_space)
    number = _line(_cell(table, 1, 0), number_line(doc.number, doc.symbol), NUMBER_SIZE)
    date = _line(_cell(table, 1, 1), date_line(doc.place, doc.date), 13, italic=True)
    for p in (number, date):
        p.paragraph_format.space_before = Pt(6)


def _add_title_block(document, doc: OfficialDocument) -> None:
    """ô 5a: tên loại and trích yếu, bold 14, centred, a short rule under them."""
    kind = _line(document, doc.type_name.upper(), BODY_SIZE, bold=True)
    kind.paragraph_format.space_before = Pt(24)
    kind.paragraph_format.keep_with_next = True
    title = _line(document, doc.title, BODY_SIZE, bold=True)
    title.paragraph_format.keep_with_next = True
    title_width = min(_tw(text_width_pt(doc.title, BODY_SIZE, bold=True)), TEXT_WIDTH_TW)
    rule = _add_rule(document, max(title_width / 3, _tw(72)), TEXT_WIDTH_TW, after=Pt(16))
    rule.paragraph_format.keep_with_next = True


def _body_paragraph(container, text: str | None, italic=False):
    """Justified, first line indented 1.27 cm, 6 pt after (Phụ lục I, I)."""
    p = container.add_paragraph()
    _format(
        p,
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line=FIRST_LINE_INDENT,
        after=PARAGRAPH_AFTER,
        line=LINE_SPACING,
    )
    if text is not None:
        _run(p, text, italic=italic)
    return p


def _add_block(document, block: Block) -> None:
    if isinstance(block, Heading):
        _add_heading(document, block)
    elif isinstance(block, Bullet):
        _body_paragraph(document, f"{block.mark} {block.text}")
    elif isinstance(block, Paragraph):
        _body_paragraph(document, block.text, italic=block.italic)
    elif isinstance(block, Table):
        _add_table(document, block)
    elif isinstance(block, Image):
        _add_image(document, block)
    else:
        raise TypeError(f"not a document block: {block!r}")


def _add_image(document, block: Image) -> None:
    p = document.add_paragraph()
    _format(p, WD_ALIGN_PARAGRAPH.CENTER, before=Pt(6), after=Pt(3))
    p.paragraph_format.keep_with_next = bool(block.caption)
    p.add_run().add_picture(io.BytesIO(block.data), width=Cm(block.width_cm))
    if block.caption:
        cap = _line(document, block.caption, 13, italic=True)
        cap.paragraph_format.space_after = Pt(6)


def _add_heading(document, heading: Heading) -> None:
    """I. bold UPPER (report style), 1. bold, a) bold italic as in the reference plan."""
    text = f"{heading.label} {heading.title}".strip()
    p = _body_paragraph(document, None)
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_before = Pt(6) if heading.level == 1 else Pt(0)
    _run(p, text, bold=True, italic=heading.level >= 3, caps=heading.level == 1)


def _add_table(document, block: Table) -> None:
    if block.caption:
        cap = _line(document, block.caption, 13, bold=True)
        cap.paragraph_format.space_before = Pt(6)
        cap.paragraph_format.space_after = Pt(6)
        cap.paragraph_format.keep_with_next = True
    cols = len(block.header)
    widths = block.widths_cm or [TEXT_WIDTH_TW / 1440 * 2.54 / cols] * cols
    widths_tw = [round(w / 2.54 * 1440) for w in widths]
    table = _table(document, widths_tw, 1 + len(block.rows), ruled=True)
    aligns = block.align or ["left"] * cols
    for c, text in enumerate(block.header):
        _table_cell_text(_cell(table, 0, c), text, "center", bold=True)
    _repeat_as_header(table.rows[0])
    rows = table.rows
    for r, row in enumerate(block.rows, start=1):
        # One row's cells at a time: table.cell(r, c) walks the whole table (slow at 200 rows).
        cells = rows[r].cells
        for c, text in enumerate(row):
            cell = cells[c]
            for p in cell._tc.findall(qn("w:p")):
                cell._tc.remove(p)
            _table_cell_text(cell, text, aligns[c])
    # The next paragraph would otherwise touch the table's bottom border.
    spacer = document.add_paragraph()
    _format(spacer, WD_ALIGN_PARAGRAPH.LEFT, line=Pt(6))


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _table_cell_text(cell, text: str, align: str, bold=False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = _format(cell.add_paragraph(), _ALIGN[align], before=Pt(2), after=Pt(2))
    _run(p, text, 13, bold=bold)


def _repeat_as_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


def _add_signature_block(document, doc: OfficialDocument) -> None:
    """ô 9b (Nơi nhận, left) and ô 7 (quyền hạn, chức vụ, họ tên, right)."""
    if not doc.recipients and not doc.signature:
        return
    spacer = document.add_paragraph()
    _format(spacer, WD_ALIGN_PARAGRAPH.LEFT, line=Pt(6))
    spacer.paragraph_format.keep_with_next = True
    table = _table(document, [SIGN_LEFT_TW, SIGN_RIGHT_TW])
    _keep_row_on_one_page(table.rows[0])
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    if doc.recipients:
        label = _line(left, RECIPIENTS_LABEL, 12, bold=True, italic=True)
        label.alignment = WD_ALIGN_PARAGRAPH.LEFT
        for item in recipient_lines(doc.recipients):
            _line(left, item, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    else:
        left.add_paragraph()
    if doc.signature:
        for text in signature_lines(doc.signature):
            _line(right, text, BODY_SIZE, bold=True)
        name = _line(right, doc.signature.name, BODY_SIZE, bold=True)
        name.paragraph_format.space_before = SIGNATURE_SPACE
    else:
        right.add_paragraph()


def _keep_row_on_one_page(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _add_page_numbers(document) -> None:
    """Page numbers centred in the top margin, none on page 1 (Phụ lục I, I)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    _format(p, WD_ALIGN_PARAGRAPH.CENTER)
    _field(p, "PAGE", "2")


def _field(paragraph, instruction: str, shown: str) -> None:
    def char(kind: str):
        run = _run(paragraph, "", BODY_SIZE)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    char("begin")
    instr = _run(paragraph, "", BODY_SIZE)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    instr._r.append(text)
    char("separate")
    _run(paragraph, shown, BODY_SIZE)
    char("end")


def _set_properties(document, doc: OfficialDocument) -> None:
    props = document.core_properties
    props.title = f"{doc.type_name} {doc.title}".strip()
    props.language = LANG
    props.author = " - ".join(name for name in (doc.issuer, doc.parent_issuer) if name)
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
