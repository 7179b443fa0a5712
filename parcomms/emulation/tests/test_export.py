"""The council's XLSX and Decree 30 DOCX, from a result built without the database; the DOCX
is rendered to PDF and PNG pages (test-output/emulation-council-*.png) to be looked at."""

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from docx import Document
from openpyxl import load_workbook

from parcomms.emulation import export
from parcomms.emulation.facts import ManualFact, PeriodFacts, UnitFact
from parcomms.emulation.ranking import rank_scores
from parcomms.emulation.results import PeriodResult, Row, digest
from parcomms.emulation.scoring import score
from parcomms.vn.nd30 import Signature

from .test_scoring import CRITERIA, FACTS

EXTRA_UNITS = [
    "Phòng Tổng hợp",
    "Phòng Nội chính",
    "Trung tâm Phục vụ hành chính công",
    "Phòng Quản trị - Tài vụ",
    "Ban Tiếp công dân tỉnh",
]


def build_result(closed=True) -> PeriodResult:
    facts = PeriodFacts(
        **{
            **{f: getattr(FACTS, f) for f in FACTS.__dataclass_fields__},
            "units": FACTS.units
            + tuple(UnitFact(100 + i, name) for i, name in enumerate(EXTRA_UNITS)),
            # Two of the extra units tie on 6 points.
            "manual": FACTS.manual
            + (
                ManualFact(100, "sang-kien", D(6), D(6), "", 1),
                ManualFact(101, "sang-kien", D(6), D(6), "", 1),
            ),
        }
    )
    scores = score(facts, CRITERIA)

    def rows(items, person=False):
        return tuple(
            Row(r.rank, r.tied, s.id, s.name, s.unit_id, s.unit_name, s.total, s.groups, s.lines)
            for r in rank_scores(items, person=person)
            for s in [r.item]
        )

    units, people = rows(scores.units), rows(scores.people, person=True)
    return PeriodResult(
        period_id=1,
        period_label="Quý II/2023",
        period_key="2023-Q2",
        start=dt.date(2023, 4, 1),
        end=dt.date(2023, 6, 30),
        organisation_name="Văn phòng UBND tỉnh Ninh Thuận",
        parent_authority="Ủy ban nhân dân tỉnh Ninh Thuận",
        symbol="VPUB",
        place="Ninh Thuận",
        criteria=CRITERIA,
        criteria_version=2,
        closed=closed,
        closed_at=dt.datetime(2023, 7, 5, 2, 30, tzinfo=dt.UTC) if closed else None,
        closing_number=1 if closed else None,
        fingerprint=facts.fingerprint(),
        digest=digest(units, people),
        units=units,
        people=people,
    )


def test_xlsx_has_the_ranking_the_lines_and_the_criteria():
    result = build_result()
    book = load_workbook(io.BytesIO(export.xlsx_bytes(result)))
    assert book.sheetnames == [
        "Xếp hạng đơn vị",
        "Diễn giải đơn vị",
        "Xếp hạng cá nhân",
        "Diễn giải cá nhân",
        "Tiêu chí",
    ]
    ranking = book["Xếp hạng đơn vị"]
    assert ranking["A1"].value.startswith("KẾT QUẢ CHẤM ĐIỂM THI ĐUA")
    assert "Đã chốt lần 1 ngày 05/07/2023; tiêu chí phiên bản 2" in ranking["A2"].value
    header = [c.value for c in ranking[4]]
    assert header[:2] == ["Hạng", "Đơn vị"] and header[-1] == "Tổng điểm"
    body = [[c.value for c in row] for row in ranking.iter_rows(min_row=5)]
    assert [(r[0], r[1], r[-1]) for r in body[:3]] == [
        (1, "Phòng Kinh tế", 43),
        (2, "Phòng Hành chính - Tổ chức", 33),
        (3, "Phòng Nội chính", 6),
    ]
    assert (body[3][0], body[3][1]) == (3, "Phòng Tổng hợp")  # tied, Vietnamese order
    assert [r[0] for r in body[4:]] == [5, 5, 5, 5]
    lines = [[c.value for c in row] for row in book["Diễn giải đơn vị"].iter_rows(min_row=5)]
    assert [1, "Phòng Kinh tế", "Tin, bài", "2 bài đăng Cổng TTĐT × 5 điểm = 10", 10, None] in lines
    people = [[c.value for c in row] for row in book["Xếp hạng cá nhân"].iter_rows(min_row=5)]
    assert (people[0][0], people[0][1], people[0][-1]) == (1, "Nguyễn Văn An", 19)
    criteria = [c.value for c in book["Tiêu chí"]["B"]]
    assert "Mỗi bài đăng Cổng TTĐT: 5 điểm (tính cho đơn vị và tác giả)." in criteria


def docx_text(data: bytes) -> tuple[str, list[list[list[str]]]]:
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return text, tables


def test_docx_is_a_decree_30_report_with_the_ranking_table():
    result = build_result()
    data = export.docx_bytes(
        result, signature=Signature(title="Chánh Văn phòng", name="Hồ Sĩ Sơn", prefix="KT.")
    )
    text, tables = docx_text(data)
    assert "BÁO CÁO" in text
    assert "Kết quả chấm điểm thi đua công tác tuyên truyền cải cách hành chính Quý II/2023" in text
    assert "Các đơn vị bằng điểm xếp đồng hạng" in text
    assert "- 2 bài đăng Cổng TTĐT × 5 điểm = 10." in text
    assert "Phòng Kinh tế (43 điểm)" in text  # the proposal names the leaders
    assert "tạm tính" not in text
    header_block = tables[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_block[0][1]
    assert "Số:" in header_block[1][0] and "/BC-VPUB" in header_block[1][0]
    ranking = next(t for t in tables if t[0][0] == "Hạng" and t[0][1] == "Đơn vị")
    assert ranking[0] == [
        "Hạng",
        "Đơn vị",
        "Tin, bài",
        "Sinh hoạt",
        "Nghĩa vụ",
        "Cuộc thi",
        "Tự chấm",
        "Tổng điểm",
    ]
    assert ranking[1] == ["1", "Phòng Kinh tế", "21", "9", "4", "3", "6", "43"]
    assert [r[0] for r in ranking[1:]] == ["1", "2", "3", "3", "5", "5", "5", "5"]
    signature = tables[-1]
    assert "KT. CHÁNH VĂN PHÒNG" in signature[0][1] and "Hồ Sĩ Sơn" in signature[0][1]
    assert "Hội đồng Thi đua - Khen thưởng" in signature[0][0]


def test_open_period_is_marked_provisional():
    text, _ = docx_text(export.docx_bytes(build_result(closed=False)))
    assert "Kết quả dưới đây là tạm tính" in text
    book = load_workbook(io.BytesIO(export.xlsx_bytes(build_result(closed=False))))
    assert "Kết quả tạm tính, kỳ chưa chốt" in book["Xếp hạng đơn vị"]["A2"].value


def test_report_blocks_can_be_numbered_inside_another_report():
    blocks = export.report_blocks(build_result(), first_label=3)
    headings = [b.label for b in blocks if getattr(b, "level", 0) == 1]
    assert headings == ["III.", "IV.", "V.", "VI."]


def test_docx_renders_to_pdf_pages(soffice, output_dir):
    from parcomms.vn.office import docx_to_pdf

    data = export.docx_bytes(
        build_result(), signature=Signature(title="Chánh Văn phòng", name="Hồ Sĩ Sơn", prefix="KT.")
    )
    pdf = docx_to_pdf(data)
    assert pdf.startswith(b"%PDF")
    (output_dir / "emulation-council.docx").write_bytes(data)
    (output_dir / "emulation-council.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    for old in output_dir.glob("emulation-council-*.png"):
        old.unlink()
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            str(output_dir / "emulation-council.pdf"),
            str(output_dir / "emulation-council"),
        ],
        check=True,
    )
    pages = sorted(output_dir.glob("emulation-council-*.png"))
    assert 2 <= len(pages) <= 6
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(output_dir / "emulation-council.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert "BÁO CÁO" in text and "Phòng Kinh tế" in text and "Hồ Sĩ Sơn" in text
