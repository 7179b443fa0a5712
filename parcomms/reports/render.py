"""A built report as files: DOCX (Decree 30 layout), PDF (LibreOffice) and the XLSX annex."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from parcomms.vn import nd30
from parcomms.vn.office import docx_to_pdf

from .registry import Built

FORMATS = ("docx", "pdf", "xlsx")
THIN = Side(style="thin", color="000000")


def docx_bytes(built: Built) -> bytes:
    return nd30.write_docx(built.document)


def pdf_bytes(built: Built) -> bytes:
    return docx_to_pdf(docx_bytes(built))


def xlsx_bytes(built: Built) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    title = f"{built.document.type_name.upper()} {built.document.title}"
    for sheet in built.sheets:
        ws = wb.create_sheet(sheet.title[:31])
        ws.append([title])
        ws["A1"].font = Font(name="Times New Roman", bold=True, size=12)
        ws.append([])
        ws.append(sheet.header)
        for cell in ws[3]:
            cell.font = Font(name="Times New Roman", bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in sheet.rows:
            ws.append(list(row))
        for row in ws.iter_rows(min_row=3, max_row=ws.max_row, max_col=len(sheet.header)):
            for cell in row:
                cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
                if cell.row > 3:
                    cell.font = Font(name="Times New Roman")
        for i, _h in enumerate(sheet.header):
            letter = ws.cell(row=3, column=i + 1).column_letter
            longest = max((len(str(r[i])) for r in sheet.rows if i < len(r)), default=8)
            ws.column_dimensions[letter].width = min(max(longest, len(sheet.header[i]), 8) + 2, 70)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def render(built: Built, fmt: str) -> bytes:
    if fmt == "docx":
        return docx_bytes(built)
    if fmt == "pdf":
        return pdf_bytes(built)
    if fmt == "xlsx":
        return xlsx_bytes(built)
    raise ValueError(f"Định dạng «{fmt}» không được hỗ trợ: docx, pdf hoặc xlsx.")
