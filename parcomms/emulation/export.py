"""The emulation council's files: XLSX workbook and Decree 30 DOCX report of a period.

Both take a `results.PeriodResult` (frozen scores of a closed period, or the provisional
scores of an open one, marked as such):

    xlsx_bytes(result) -> bytes
    council_document(result, signature=..., recipients=...) -> nd30.OfficialDocument
    docx_bytes(result, ...) -> bytes
    report_blocks(result) -> list[nd30 blocks]   # the ranking and explanations, to put
                                                 # inside another report (reports app)
    period_files(period) -> (xlsx bytes, docx bytes)   # reads the period's result first
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from parcomms.vn import nd30
from parcomms.vn.dates import VnDate, format_date_short

from .criteria import Group, describe, points_text
from .results import PeriodResult, Row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_RECIPIENTS = [
    "Hội đồng Thi đua - Khen thưởng",
    "Lãnh đạo cơ quan",
    "Các phòng, ban, đơn vị",
    "Lưu: VT",
]
TOP_PEOPLE = 10

# The council's table groups the criteria into five columns so it fits an A4 page.
COLUMNS = (
    ("Tin, bài", (Group.ARTICLES,)),
    ("Sinh hoạt", (Group.SESSIONS, Group.ATTENDANCE)),
    ("Nghĩa vụ", (Group.OBLIGATIONS,)),
    ("Cuộc thi", (Group.PARTICIPATION, Group.CONTEST_SCORE)),
    ("Tự chấm", (Group.MANUAL,)),
)


def filename(result: PeriodResult, ext: str) -> str:
    return f"ket-qua-thi-dua-{result.period_key.lower()}.{ext}"


def _column_total(row: Row, groups) -> Decimal:
    return sum((row.groups.get(g, Decimal(0)) for g in groups), Decimal(0))


def _status(result: PeriodResult) -> str:
    if result.closed:
        closed = result.closed_at.astimezone(dt.timezone(dt.timedelta(hours=7)))
        return (
            f"Đã chốt lần {result.closing_number} ngày {format_date_short(closed.date())}; "
            f"tiêu chí phiên bản {result.criteria_version}"
        )
    return f"Kết quả tạm tính, kỳ chưa chốt; tiêu chí phiên bản {result.criteria_version}"


def _title(result: PeriodResult) -> str:
    return (
        f"Kết quả chấm điểm thi đua công tác tuyên truyền cải cách hành chính {result.period_label}"
    )


# ---- XLSX ----------------------------------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _named_styles(wb) -> None:
    """Named styles: assigning one to a cell is cheap, unlike a Font or Alignment object per
    cell, which openpyxl hashes on every assignment (minutes for a province's people)."""
    wb.add_named_style(
        NamedStyle(
            name="pe_head",
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor="DCE6F1"),
            border=_BORDER,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
    )
    wb.add_named_style(
        NamedStyle(
            name="pe_text",
            border=_BORDER,
            alignment=Alignment(vertical="top", wrap_text=True),
        )
    )
    wb.add_named_style(
        NamedStyle(
            name="pe_number",
            border=_BORDER,
            alignment=Alignment(vertical="top"),
            number_format="#,##0.##",
        )
    )


def _sheet_table(ws, title: str, subtitle: str, header: list[str], rows: list[list], widths):
    ws.append([title])
    ws.append([subtitle])
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    last_col = get_column_letter(len(header))
    ws.merge_cells(f"A1:{last_col}1")
    ws.merge_cells(f"A2:{last_col}2")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"].font = Font(italic=True)
    for cell in ws[4]:
        cell.style = "pe_head"
    for row in ws.iter_rows(min_row=5, max_row=4 + len(rows)):
        for cell in row:
            number = isinstance(cell.value, (int, float, Decimal))
            cell.style = "pe_number" if number else "pe_text"
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A5"
    if rows:
        ws.auto_filter.ref = f"A4:{last_col}{4 + len(rows)}"


def _line_rows(rows: tuple[Row, ...], *, person: bool) -> list[list]:
    out = []
    for row in rows:
        for line in row.lines:
            head = [row.rank, row.name] + ([row.unit_name] if person else [])
            out.append(
                head
                + [
                    Group.LABELS[line.group],
                    line.text,
                    line.points,
                    "\n".join(line.details),
                ]
            )
    return out


def xlsx_bytes(result: PeriodResult) -> bytes:
    groups = result.used_groups
    subtitle = f"{result.organisation_name} — {_status(result)}"
    wb = Workbook()
    _named_styles(wb)
    ws = wb.active
    ws.title = "Xếp hạng đơn vị"
    _sheet_table(
        ws,
        _title(result).upper(),
        subtitle,
        ["Hạng", "Đơn vị", *(Group.LABELS[g] for g in groups), "Tổng điểm"],
        [
            [r.rank, r.name, *(r.groups.get(g, Decimal(0)) for g in groups), r.total]
            for r in result.units
        ],
        [7, 40, *([13] * len(groups)), 12],
    )
    _sheet_table(
        wb.create_sheet("Diễn giải đơn vị"),
        "DIỄN GIẢI ĐIỂM TỪNG ĐƠN VỊ",
        subtitle,
        ["Hạng", "Đơn vị", "Nhóm tiêu chí", "Diễn giải", "Điểm", "Chi tiết"],
        _line_rows(result.units, person=False),
        [7, 34, 18, 70, 9, 60],
    )
    person_groups = tuple(
        g for g in groups if g in (Group.ARTICLES, Group.SESSIONS, Group.CONTEST_SCORE)
    )
    _sheet_table(
        wb.create_sheet("Xếp hạng cá nhân"),
        "XẾP HẠNG CÁ NHÂN",
        subtitle,
        ["Hạng", "Họ và tên", "Đơn vị", *(Group.LABELS[g] for g in person_groups), "Tổng điểm"],
        [
            [
                r.rank,
                r.name,
                r.unit_name,
                *(r.groups.get(g, Decimal(0)) for g in person_groups),
                r.total,
            ]
            for r in result.people
        ],
        [7, 28, 34, *([13] * len(person_groups)), 12],
    )
    _sheet_table(
        wb.create_sheet("Diễn giải cá nhân"),
        "DIỄN GIẢI ĐIỂM TỪNG CÁ NHÂN",
        subtitle,
        ["Hạng", "Họ và tên", "Đơn vị", "Nhóm tiêu chí", "Diễn giải", "Điểm", "Chi tiết"],
        _line_rows(result.people, person=True),
        [7, 28, 30, 18, 60, 9, 50],
    )
    ws = wb.create_sheet("Tiêu chí")
    _sheet_table(
        ws,
        f"TIÊU CHÍ THI ĐUA NĂM {result.start.year} (PHIÊN BẢN {result.criteria_version})",
        subtitle,
        ["STT", "Tiêu chí"],
        [[i, text] for i, text in enumerate(describe(result.criteria), start=1)],
        [6, 110],
    )
    ws.append([])
    ws.append(["", f"Dấu vân tay dữ liệu: {result.fingerprint}"])
    ws.append(["", f"Dấu vân tay kết quả: {result.digest}"])
    wb.properties.title = _title(result)
    wb.properties.creator = result.organisation_name
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---- DOCX ----------------------------------------------------------------------------------


def ranking_table(result: PeriodResult) -> nd30.Table:
    header = ["Hạng", "Đơn vị", *(label for label, _g in COLUMNS), "Tổng điểm"]
    rows = [
        [
            str(r.rank),
            r.name,
            *(points_text(_column_total(r, groups)) for _label, groups in COLUMNS),
            points_text(r.total),
        ]
        for r in result.units
    ]
    return nd30.Table(
        header=header,
        rows=rows,
        widths_cm=[1.6, 4.9, 1.6, 1.7, 1.6, 1.6, 1.6, 1.9],
        align=["center", "left", "right", "right", "right", "right", "right", "right"],
        caption=f"Bảng 1. Kết quả xếp hạng các đơn vị {result.period_label}",
    )


def people_table(result: PeriodResult, top: int = TOP_PEOPLE) -> nd30.Table | None:
    best = [r for r in result.people if r.total > 0 and r.rank <= top]
    if not best:
        return None
    return nd30.Table(
        header=["Hạng", "Họ và tên", "Đơn vị", "Tổng điểm"],
        rows=[[str(r.rank), r.name, r.unit_name, points_text(r.total)] for r in best],
        widths_cm=[1.6, 5.0, 7.4, 2.5],
        align=["center", "left", "left", "right"],
        caption=f"Bảng 2. Cá nhân có điểm cao nhất {result.period_label}",
    )


def report_blocks(result: PeriodResult, *, first_label: int = 1) -> list:
    """Criteria, ranking, explanations and people as Decree 30 blocks (headings I.–IV.)."""
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    labels = iter(roman[first_label - 1 :])
    blocks: list = [nd30.Heading(f"{next(labels)}.", "Tiêu chí chấm điểm", 1)]
    blocks.append(
        nd30.Paragraph(
            f"Bộ tiêu chí thi đua năm {result.start.year}, phiên bản {result.criteria_version}:"
        )
    )
    blocks += [nd30.Bullet(text) for text in describe(result.criteria)]
    blocks.append(nd30.Heading(f"{next(labels)}.", "Kết quả xếp hạng các đơn vị", 1))
    tied = [r for r in result.units if r.tied]
    note = (
        " Các đơn vị bằng điểm xếp đồng hạng và được liệt kê theo thứ tự chữ cái." if tied else ""
    )
    blocks.append(
        nd30.Paragraph(
            f"Có {len(result.units)} đơn vị được chấm điểm; điểm theo từng nhóm tiêu chí như "
            f"Bảng 1.{note}"
        )
    )
    blocks.append(ranking_table(result))
    blocks.append(nd30.Heading(f"{next(labels)}.", "Diễn giải điểm của từng đơn vị", 1))
    for i, row in enumerate(result.units, start=1):
        blocks.append(
            nd30.Heading(
                f"{i}.",
                f"{row.name}: {points_text(row.total)} điểm, xếp hạng {row.rank}",
                2,
            )
        )
        # The council reads what earned points; the zero lines (in the XLSX and on the
        # unit's page) are summed up by criteria group.
        blocks += [nd30.Bullet(f"{line.text}.") for line in row.lines if line.points]
        empty = [
            Group.LABELS[g]
            for g in result.used_groups
            if any(line.group == g for line in row.lines) and not row.groups.get(g)
        ]
        if empty:
            blocks.append(
                nd30.Bullet(f"Không có điểm ở nhóm tiêu chí: {'; '.join(empty).lower()}.")
            )
    table = people_table(result)
    blocks.append(nd30.Heading(f"{next(labels)}.", "Cá nhân có thành tích tiêu biểu", 1))
    if table is None:
        blocks.append(nd30.Paragraph("Trong kỳ chưa có cá nhân nào có điểm."))
    else:
        blocks.append(
            nd30.Paragraph(
                "Điểm cá nhân tính theo tin, bài là tác giả, buổi sinh hoạt có mặt và kết quả "
                "dự thi; Bảng 2 liệt kê những người có điểm cao nhất."
            )
        )
        blocks.append(table)
    return blocks


def _proposal(result: PeriodResult) -> list:
    leaders = [r for r in result.units if r.rank <= 3 and r.total > 0]
    blocks: list = [nd30.Heading("V.", "Đề nghị", 1)]
    if leaders:
        names = "; ".join(f"{r.name} ({points_text(r.total)} điểm)" for r in leaders)
        blocks.append(
            nd30.Paragraph(
                "Đề nghị Hội đồng Thi đua - Khen thưởng xem xét, khen thưởng các đơn vị dẫn đầu "
                f"{result.period_label}: {names}."
            )
        )
    blocks.append(
        nd30.Paragraph(
            "Đề nghị các đơn vị có điểm thấp rà soát các tiêu chí chưa đạt trong phần diễn giải "
            "để khắc phục trong kỳ tới."
        )
    )
    return blocks


def council_document(
    result: PeriodResult,
    *,
    signature: nd30.Signature | None = None,
    recipients: list[str] | None = None,
    number: str | None = None,
    date: dt.date | None = None,
) -> nd30.OfficialDocument:
    intro = (
        f"Thực hiện Kế hoạch tuyên truyền cải cách hành chính năm {result.start.year} và bộ "
        f"tiêu chí thi đua năm {result.start.year}, {result.organisation_name} báo cáo Hội đồng "
        f"Thi đua - Khen thưởng kết quả chấm điểm thi đua {result.period_label} (từ ngày "
        f"{format_date_short(result.start)} đến ngày {format_date_short(result.end)}) như sau:"
    )
    body: list = [nd30.Paragraph(intro)]
    if not result.closed:
        body.append(
            nd30.Paragraph(
                "Kết quả dưới đây là tạm tính: kỳ thi đua chưa được chốt điểm.", italic=True
            )
        )
    body += report_blocks(result)
    body += _proposal(result)
    symbol = f"BC-{result.symbol}" if result.symbol else "BC"
    issuer = result.organisation_name
    if result.parent_authority:
        # "Văn phòng UBND tỉnh Ninh Thuận" under "UBND TỈNH NINH THUẬN" prints "VĂN PHÒNG".
        spelled = issuer.replace("UBND", "Ủy ban nhân dân")
        short = nd30.short_issuer_name(spelled, result.parent_authority)
        issuer = short if short != spelled else issuer
    return nd30.OfficialDocument(
        type_name="Báo cáo",
        title=_title(result),
        symbol=symbol,
        parent_issuer=result.parent_authority or None,
        issuer=issuer,
        number=number,
        place=result.place or None,
        date=VnDate.from_date(date) if date else None,
        body=body,
        closing=[
            f"Trên đây là báo cáo kết quả chấm điểm thi đua công tác tuyên truyền cải cách hành "
            f"chính {result.period_label} của {result.organisation_name}."
        ],
        recipients=list(recipients) if recipients is not None else list(DEFAULT_RECIPIENTS),
        signature=signature,
    )


def docx_bytes(result: PeriodResult, **kwargs) -> bytes:
    return nd30.write_docx(council_document(result, **kwargs))


def period_files(period, **kwargs) -> tuple[bytes, bytes]:
    """(XLSX, DOCX) of a period, with the signer of the organisation's plan for the year."""
    from .records import signer_for
    from .results import period_result

    result = period_result(period)
    kwargs.setdefault("signature", signer_for(period.organisation, period.year))
    return xlsx_bytes(result), docx_bytes(result, **kwargs)
