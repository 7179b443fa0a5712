"""The Decree 30 writer: page setup, header block, typography, signature, page numbers."""

import io
import unicodedata
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from parcomms.vn.dates import VnDate
from parcomms.vn.nd30 import (
    FONT,
    HEADER_CELL_MARGIN_TW,
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    abbreviate_parent_issuer,
    date_line,
    number_line,
    recipient_lines,
    short_issuer_name,
    signature_lines,
    text_width_pt,
    write_docx,
)

LONG = (
    "Nâng cao nhận thức, trách nhiệm tổ chức thực hiện cải cách hành chính của người đứng "
    "đầu cơ quan, đơn vị, công chức, viên chức về ý nghĩa, mục tiêu, nội dung, giải pháp tổ "
    "chức thực hiện công tác cải cách hành chính."
)


def plan_document(**changes) -> OfficialDocument:
    body = [Heading("I.", "MỤC TIÊU, YÊU CẦU VÀ ĐỐI TƯỢNG", 1), Heading("1.", "Mục tiêu", 2)]
    body += [Bullet(f"{LONG} ({i})") for i in range(12)]
    body += [
        Heading("a)", "Tuyên truyền công tác chỉ đạo điều hành", 3),
        Paragraph("Toàn thể đội ngũ công chức, viên chức thuộc các phòng, ban, đơn vị."),
        Table(["Chỉ số", "Năm 2022", "Mục tiêu 2023"], [["PAR INDEX", "35/63", "30/63"]]),
    ]
    values = dict(
        parent_issuer="Ủy ban nhân dân tỉnh Ninh Thuận",
        issuer="Văn phòng",
        number=None,
        symbol="KH-VPUB",
        place="Ninh Thuận",
        date=VnDate(None, 2, 2023),
        type_name="Kế hoạch",
        title="Tuyên truyền cải cách hành chính năm 2023",
        legal_basis=["Căn cứ Quyết định số 1894/QĐ-UBND ngày 23 tháng 12 năm 2022;"],
        body=body,
        closing=["Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2023./."],
        recipients=["UBND tỉnh (b/c);", "Sở Nội vụ;", "Lưu: VT, VXNV. NAM."],
        signature=Signature("CHÁNH VĂN PHÒNG", "Hồ Sĩ Sơn"),
    )
    values.update(changes)
    return OfficialDocument(**values)


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return write_docx(plan_document())


@pytest.fixture(scope="module")
def docx(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def all_paragraphs(document):
    """Body paragraphs and the paragraphs of every table cell, in document order."""
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield from (p for p in document.paragraphs if p._p is child)
        elif child.tag == qn("w:tbl"):
            for table in document.tables:
                if table._tbl is child:
                    for row in table.rows:
                        for cell in row.cells:
                            yield from cell.paragraphs


def find(document, text: str):
    matches = [p for p in all_paragraphs(document) if p.text == text]
    assert matches, f"no paragraph reads {text!r}"
    return matches[0]


def runs_with_text(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def size_of(paragraph) -> float:
    sizes = {r.font.size.pt for r in runs_with_text(paragraph)}
    assert len(sizes) == 1, sizes
    return sizes.pop()


# ---- printed forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("Ủy ban nhân dân tỉnh Ninh Thuận", "UBND TỈNH NINH THUẬN"),
        ("Uỷ ban nhân dân huyện Ninh Hải", "UBND HUYỆN NINH HẢI"),
        ("Hội đồng nhân dân tỉnh Ninh Thuận", "HĐND TỈNH NINH THUẬN"),
        ("Bộ Nội vụ", "BỘ NỘI VỤ"),
    ],
)
def test_parent_issuer_is_abbreviated_and_upper_cased(name, printed):
    assert abbreviate_parent_issuer(name) == printed


def test_issuer_drops_what_the_parent_line_says():
    parent = "Ủy ban nhân dân tỉnh Ninh Thuận"
    assert short_issuer_name("Văn phòng Ủy ban nhân dân tỉnh", parent) == "Văn phòng"
    assert short_issuer_name("Văn phòng UBND tỉnh", parent) == "Văn phòng UBND tỉnh"
    assert short_issuer_name("Sở Nội vụ", parent) == "Sở Nội vụ"
    assert short_issuer_name("Sở Nội vụ", None) == "Sở Nội vụ"


def test_number_line_leaves_room_in_a_draft():
    assert number_line("05", "KH-VPUB") == "Số: 05/KH-VPUB"
    draft = number_line(None, "KH-VPUB")
    assert draft.startswith("Số:") and draft.endswith("/KH-VPUB")
    assert " " * 4 in draft


def test_date_line_pads_as_the_decree_says():
    assert date_line("Ninh Thuận", VnDate(5, 2, 2023)) == "Ninh Thuận, ngày 05 tháng 02 năm 2023"
    assert date_line("Ninh Thuận", VnDate(28, 9, 2021)).endswith("ngày 28 tháng 9 năm 2021")
    blank_day = date_line("Ninh Thuận", VnDate(None, 2, 2023))
    assert blank_day.startswith("Ninh Thuận, ngày ") and blank_day.endswith(" tháng 02 năm 2023")
    assert "ngày   " in blank_day


def test_recipient_lines_punctuate_and_end_with_a_full_stop():
    assert recipient_lines(["UBND tỉnh (b/c)", "- Sở Nội vụ;", "Lưu: VT, VXNV"]) == [
        "- UBND tỉnh (b/c);",
        "- Sở Nội vụ;",
        "- Lưu: VT, VXNV.",
    ]


def test_signature_lines_put_the_prefix_before_the_title():
    assert signature_lines(Signature("Chánh Văn phòng", "A")) == ["CHÁNH VĂN PHÒNG"]
    kt = Signature("CHÁNH VĂN PHÒNG", "A", prefix="KT.", deputy_title="Phó Chánh Văn phòng")
    assert signature_lines(kt) == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]


def test_text_width_matches_times_new_roman_metrics():
    # "Độc lập - Tự do - Hạnh phúc" in bold 13 pt measures 158.9 pt in Liberation Serif.
    assert text_width_pt("Độc lập - Tự do - Hạnh phúc", 13, bold=True) == pytest.approx(159, 1)


# ---- page and fonts --------------------------------------------------------------------------


def test_page_is_a4_with_the_decree_margins(docx):
    section = docx.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(20)) < Mm(0.1)
    assert abs(section.bottom_margin - Mm(20)) < Mm(0.1)
    assert abs(section.left_margin - Mm(30)) < Mm(0.1)
    assert abs(section.right_margin - Mm(15)) < Mm(0.1)


def test_times_new_roman_in_styles_for_every_script(docx):
    styles = docx.styles.element
    rfonts = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rfonts.find(qn("w:rFonts"))
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert rfonts.get(qn(f"w:{attr}")) == FONT
    for el in styles.iter(qn("w:rFonts")):
        assert not any(k.endswith("Theme") or k.endswith("theme") for k in el.attrib), el.attrib
    assert docx.styles["Normal"].font.name == FONT
    assert docx.styles["Normal"].font.size == Pt(14)


def test_times_new_roman_in_every_run(docx):
    runs = [r for p in all_paragraphs(docx) for r in p.runs]
    assert len(runs) > 30
    for run in runs:
        rfonts = run._r.rPr.rFonts
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert rfonts.get(qn(f"w:{attr}")) == FONT, run.text


# ---- header block ----------------------------------------------------------------------------


def test_header_block_is_a_borderless_two_column_table(docx):
    header = docx.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}
    left = [p.text for p in header.columns[0].cells[0].paragraphs if p.text]
    right = [p.text for p in header.columns[1].cells[0].paragraphs if p.text]
    assert left == ["UBND TỈNH NINH THUẬN", "VĂN PHÒNG"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def test_header_typography(docx):
    parent = find(docx, "UBND TỈNH NINH THUẬN")
    issuer = find(docx, "VĂN PHÒNG")
    state = find(docx, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find(docx, "Độc lập - Tự do - Hạnh phúc")
    assert (size_of(parent), parent.runs[0].font.bold) == (12, False)
    assert (size_of(issuer), issuer.runs[0].font.bold) == (12, True)
    assert (size_of(state), state.runs[0].font.bold) == (12, True)
    assert (size_of(motto), motto.runs[0].font.bold) == (13, True)


def rules_after(paragraph):
    """The rule paragraph that follows `paragraph`: its top border and its width in twips."""
    nxt = paragraph._p.getnext()
    border = nxt.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:top"))
    ind = nxt.find(qn("w:pPr")).find(qn("w:ind"))
    return border, int(ind.get(qn("w:left"))), int(ind.get(qn("w:right")))


def test_rules_under_issuer_motto_and_title(docx):
    header = docx.tables[0]
    space = header.cell(0, 1).width.twips - 2 * HEADER_CELL_MARGIN_TW
    border, left, right = rules_after(find(docx, "Độc lập - Tự do - Hạnh phúc"))
    assert border.get(qn("w:val")) == "single" and left == right  # solid, centred
    assert space - left - right == pytest.approx(159 * 20, rel=0.02)  # as long as the text
    space = header.cell(0, 0).width.twips - 2 * HEADER_CELL_MARGIN_TW
    border, left, right = rules_after(find(docx, "VĂN PHÒNG"))
    issuer_width = text_width_pt("VĂN PHÒNG", 12, bold=True) * 20
    assert border.get(qn("w:val")) == "single" and left == right
    assert issuer_width / 2 <= space - left - right <= issuer_width
    border, left, right = rules_after(find(docx, "Tuyên truyền cải cách hành chính năm 2023"))
    assert border.get(qn("w:val")) == "single" and left == right


def test_number_line_and_italic_place_date(docx):
    number = next(p for p in all_paragraphs(docx) if p.text.startswith("Số:"))
    assert number.text.endswith("/KH-VPUB") and size_of(number) == 13
    date = find(docx, date_line("Ninh Thuận", VnDate(None, 2, 2023)))
    assert size_of(date) == 13
    assert all(r.font.italic for r in runs_with_text(date))


def test_number_line_with_a_number():
    document = Document(io.BytesIO(write_docx(plan_document(number="05"))))
    assert find(document, "Số: 05/KH-VPUB")


def test_type_name_and_title_bold_centred(docx):
    for text in ("KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2023"):
        p = find(docx, text)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert size_of(p) == 14 and all(r.font.bold for r in runs_with_text(p))


# ---- body ------------------------------------------------------------------------------------


def test_legal_basis_is_italic(docx):
    p = find(docx, "Căn cứ Quyết định số 1894/QĐ-UBND ngày 23 tháng 12 năm 2022;")
    assert all(r.font.italic for r in runs_with_text(p))


def test_body_paragraphs_follow_the_decree(docx):
    p = find(docx, f"- {LONG} (0)")
    pf = p.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(pf.first_line_indent - Cm(1.27)) < Mm(0.1)
    assert pf.space_after >= Pt(6)
    assert 1.15 <= pf.line_spacing <= 1.5
    assert size_of(p) == 14 and not p.runs[0].font.bold


def test_heading_levels(docx):
    roman = find(docx, "I. MỤC TIÊU, YÊU CẦU VÀ ĐỐI TƯỢNG")
    arabic = find(docx, "1. Mục tiêu")
    letter = find(docx, "a) Tuyên truyền công tác chỉ đạo điều hành")
    assert roman.runs[0].font.bold and roman.runs[0].font.all_caps
    assert arabic.runs[0].font.bold and not arabic.runs[0].font.italic
    assert letter.runs[0].font.bold and letter.runs[0].font.italic
    for heading in (roman, arabic, letter):
        assert heading.paragraph_format.keep_with_next


def test_table_block_has_a_repeated_bold_header_row(docx):
    table = docx.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Chỉ số", "Năm 2022", "Mục tiêu 2023"]
    assert [c.text for c in table.rows[1].cells] == ["PAR INDEX", "35/63", "30/63"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r.font.bold for c in table.rows[0].cells for r in c.paragraphs[0].runs)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"single"}


def test_unknown_block_is_refused():
    with pytest.raises(TypeError):
        write_docx(plan_document(body=["not a block"]))


# ---- recipients and signature ----------------------------------------------------------------


def test_recipients_and_signer(docx):
    table = docx.tables[-1]
    left, right = table.cell(0, 0), table.cell(0, 1)
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:" and size_of(label) == 12
    assert label.runs[0].font.bold and label.runs[0].font.italic
    assert label.alignment == WD_ALIGN_PARAGRAPH.LEFT
    items = left.paragraphs[1:]
    assert [p.text for p in items] == [
        "- UBND tỉnh (b/c);",
        "- Sở Nội vụ;",
        "- Lưu: VT, VXNV. NAM.",
    ]
    assert {size_of(p) for p in items} == {11}
    title, name = right.paragraphs
    assert (title.text, name.text) == ("CHÁNH VĂN PHÒNG", "Hồ Sĩ Sơn")
    for p in (title, name):
        assert size_of(p) == 14 and p.runs[0].font.bold
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert name.paragraph_format.space_before >= Pt(48)  # room for the signature and seal


def test_deputy_signs_with_kt():
    signature = Signature("CHÁNH VĂN PHÒNG", "Nguyễn Văn A", "KT.", "PHÓ CHÁNH VĂN PHÒNG")
    document = Document(io.BytesIO(write_docx(plan_document(signature=signature))))
    right = document.tables[-1].cell(0, 1)
    assert [p.text for p in right.paragraphs] == [
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Văn A",
    ]


# ---- page numbers ----------------------------------------------------------------------------


def field_codes(part) -> str:
    return "".join(el.text or "" for el in part._element.iter(qn("w:instrText")))


def test_page_numbers_start_on_page_two(docx):
    section = docx.sections[0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(qn("w:titlePg")) is not None
    assert "PAGE" in field_codes(section.header)
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not section.first_page_header.is_linked_to_previous
    assert "PAGE" not in field_codes(section.first_page_header)
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()


# ---- PDF ---------------------------------------------------------------------------------------


def test_renders_to_pdf_with_libreoffice(soffice, docx_bytes):
    from pypdf import PdfReader

    from parcomms.vn.office import docx_to_pdf

    reader = PdfReader(io.BytesIO(docx_to_pdf(docx_bytes)))
    assert len(reader.pages) >= 2
    pages = [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    assert "KẾ HOẠCH" in pages[0]
    assert not pages[0].lstrip().startswith("1")  # no number on page 1
    assert pages[1].lstrip().startswith("2")
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_missing_libreoffice_is_a_clear_error(monkeypatch):
    from parcomms.vn import office

    monkeypatch.setattr(office, "soffice_path", lambda: None)
    with pytest.raises(office.OfficeUnavailable, match="LibreOffice"):
        office.docx_to_pdf(b"")


def test_input_that_is_not_a_docx_is_refused():
    from parcomms.vn.office import ConversionFailed, docx_to_pdf

    with pytest.raises(ConversionFailed, match="not a DOCX"):
        docx_to_pdf(b"not a word document")


def test_broken_docx_fails_with_conversion_failed(soffice):
    from parcomms.vn.office import ConversionFailed, docx_to_pdf

    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<broken")
    with pytest.raises(ConversionFailed, match="no PDF"):
        docx_to_pdf(broken.getvalue(), timeout=60)
