"""A parsed plan written back as a Decree 30 DOCX, and read back to the same plan."""

import io
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from parcomms.plans.export import export_plan_docx, plan_to_document, sections_to_blocks
from parcomms.plans.parsed import ParsedPlan, Section, Signer
from parcomms.vn.dates import VnDate
from parcomms.vn.nd30 import Bullet, Heading, Paragraph

REFERENCE = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)
LEGAL_BASIS = (
    "Thực hiện Quyết định số 1894/QĐ-UBND ngày 23 tháng 12 năm 2022 của Chủ tịch Ủy ban nhân "
    "dân tỉnh về việc ban hành Kế hoạch cải cách hành chính nhà nước tỉnh Ninh Thuận năm 2023;"
)
PREAMBLE = (
    "Văn phòng Ủy ban nhân dân tỉnh xây dựng Kế hoạch tuyên truyền cải cách hành chính năm "
    "2023 với các nội dung như sau:"
)
CLOSING = (
    "Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm 2023 của Văn phòng Ủy ban nhân "
    "dân tỉnh. Yêu cầu các phòng, ban, đơn vị căn cứ vào nội dung Kế hoạch này để tổ chức "
    "triển khai thực hiện đạt hiệu quả./."
)


def hand_built_plan() -> ParsedPlan:
    """The reference plan's frame with a few of its sections, built without the parser."""
    goals = Section(
        "1.",
        "Mục tiêu",
        2,
        [
            Section(
                "-", "Nâng cao nhận thức, trách nhiệm tổ chức thực hiện cải cách hành chính.", 4
            ),
            Section(
                "-", "Xây dựng nhận thức đúng về vị trí, vai trò của công tác tuyên truyền.", 4
            ),
        ],
    )
    audience = Section(
        "3.",
        "Đối tượng:",
        2,
        [Section("", "Toàn thể đội ngũ công chức, viên chức thuộc các phòng, ban, đơn vị.", 4)],
    )
    content = Section(
        "1.",
        "Nội dung tuyên truyền",
        2,
        [
            Section(
                "a)",
                "Tuyên truyền công tác chỉ đạo điều hành",
                3,
                [Section("-", "Vai trò, trách nhiệm của cấp ủy Đảng, người đứng đầu đơn vị.", 4)],
            )
        ],
    )
    return ParsedPlan(
        number=None,
        symbol="KH-VPUB",
        place="Ninh Thuận",
        date=VnDate(None, 2, 2023),
        type="Kế hoạch",
        title="Tuyên truyền cải cách hành chính năm 2023",
        issuer="Văn phòng Ủy ban nhân dân tỉnh",
        parent_issuer="Ủy ban nhân dân tỉnh Ninh Thuận",
        legal_basis_text=LEGAL_BASIS,
        preamble=[PREAMBLE],
        sections=[
            Section("I.", "MỤC TIÊU, YÊU CẦU VÀ ĐỐI TƯỢNG", 1, [goals, audience]),
            Section("II.", "NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", 1, [content]),
        ],
        closing=[CLOSING],
        recipients=[
            "UBND tỉnh (b/c);",
            "Sở Nội vụ;",
            "VPUB: LĐ, các đơn vị trực thuộc;",
            "Lưu: VT, VXNV. NAM.",
        ],
        signer=Signer(None, "CHÁNH VĂN PHÒNG", "Hồ Sĩ Sơn"),
    )


def document_texts(data: bytes) -> list[str]:
    """Every non-empty paragraph of the DOCX body, table cells included, in order."""
    body = Document(io.BytesIO(data)).element.body
    return [
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in body.iter(qn("w:p"))
        if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
    ]


def test_header_fields_come_from_the_plan():
    doc = plan_to_document(hand_built_plan())
    assert (doc.parent_issuer, doc.issuer) == ("Ủy ban nhân dân tỉnh Ninh Thuận", "Văn phòng")
    assert (doc.number, doc.symbol, doc.place) == (None, "KH-VPUB", "Ninh Thuận")
    assert doc.date == VnDate(None, 2, 2023)
    assert (doc.type_name, doc.title) == ("Kế hoạch", "Tuyên truyền cải cách hành chính năm 2023")
    assert doc.signature.title == "CHÁNH VĂN PHÒNG" and doc.signature.prefix is None
    assert doc.recipients[-1] == "Lưu: VT, VXNV. NAM."


def test_legal_basis_is_one_upright_paragraph_as_written():
    doc = plan_to_document(hand_built_plan())
    assert doc.legal_basis == [LEGAL_BASIS]
    assert not doc.legal_basis_italic
    assert doc.body[0] == Paragraph(PREAMBLE)


def test_section_tree_becomes_blocks_in_reading_order():
    blocks = sections_to_blocks(hand_built_plan().sections)
    assert blocks[:4] == [
        Heading("I.", "MỤC TIÊU, YÊU CẦU VÀ ĐỐI TƯỢNG", 1),
        Heading("1.", "Mục tiêu", 2),
        Bullet("Nâng cao nhận thức, trách nhiệm tổ chức thực hiện cải cách hành chính."),
        Bullet("Xây dựng nhận thức đúng về vị trí, vai trò của công tác tuyên truyền."),
    ]
    assert blocks[5] == Paragraph(
        "Toàn thể đội ngũ công chức, viên chức thuộc các phòng, ban, đơn vị."
    )
    assert Heading("a)", "Tuyên truyền công tác chỉ đạo điều hành", 3) in blocks
    assert len(blocks) == 10


def test_exported_docx_reads_like_the_plan():
    texts = document_texts(export_plan_docx(hand_built_plan()))
    expected_in_order = [
        "UBND TỈNH NINH THUẬN",
        "VĂN PHÒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "KẾ HOẠCH",
        "Tuyên truyền cải cách hành chính năm 2023",
        LEGAL_BASIS,
        PREAMBLE,
        "I. MỤC TIÊU, YÊU CẦU VÀ ĐỐI TƯỢNG",
        "1. Mục tiêu",
        "- Nâng cao nhận thức, trách nhiệm tổ chức thực hiện cải cách hành chính.",
        "3. Đối tượng:",
        "II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN",
        "a) Tuyên truyền công tác chỉ đạo điều hành",
        "- Vai trò, trách nhiệm của cấp ủy Đảng, người đứng đầu đơn vị.",
        CLOSING,
        "Nơi nhận:",
        "- UBND tỉnh (b/c);",
        "- Lưu: VT, VXNV. NAM.",
        "CHÁNH VĂN PHÒNG",
        "Hồ Sĩ Sơn",
    ]
    positions = [texts.index(text) for text in expected_in_order]
    assert positions == sorted(positions)
    number = next(t for t in texts if t.startswith("Số:"))
    assert number.split() == ["Số:", "/KH-VPUB"]
    assert any(t.startswith("Ninh Thuận, ngày") and t.endswith("tháng 02 năm 2023") for t in texts)


def test_plan_without_issuer_or_signer_still_exports():
    plan = hand_built_plan()
    plan.issuer = plan.parent_issuer = plan.signer = None
    plan.recipients = []
    texts = document_texts(export_plan_docx(plan))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "Nơi nhận:" not in texts


# ---- round trip through the parser -------------------------------------------------------------


@pytest.fixture(scope="module")
def reference_plan():
    parsing = pytest.importorskip(
        "parcomms.plans.parsing", reason="the plan parser (plans/parsing.py) is not there yet"
    )
    return parsing.parse_plan(REFERENCE.read_bytes(), REFERENCE.name)


def test_reference_plan_round_trips_through_docx(reference_plan):
    from parcomms.plans.parsing import parse_plan

    again = parse_plan(export_plan_docx(reference_plan), "x.docx")
    assert again.to_json() == reference_plan.to_json()
    assert again.sections == reference_plan.sections
    assert (again.legal_basis_text, again.preamble, again.closing) == (
        reference_plan.legal_basis_text,
        reference_plan.preamble,
        reference_plan.closing,
    )


def test_reference_plan_renders_to_pdf(reference_plan, soffice, output_dir):
    from pypdf import PdfReader

    from parcomms.vn.office import docx_to_pdf

    pdf = docx_to_pdf(export_plan_docx(reference_plan))
    folder = output_dir / "plan-export"
    folder.mkdir(exist_ok=True)
    (folder / "plan.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    first = unicodedata.normalize("NFC", reader.pages[0].extract_text())
    last = unicodedata.normalize("NFC", reader.pages[-1].extract_text())
    assert len(reader.pages) >= 2
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "KẾ HOẠCH" in first
    assert "Nơi nhận:" in last and "Hồ Sĩ Sơn" in last
