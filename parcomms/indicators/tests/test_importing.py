"""Reading and writing the results spreadsheet (pure, no database)."""

import io
from decimal import Decimal

import openpyxl
import pytest

from parcomms.indicators import catalogue
from parcomms.indicators.history import NINH_THUAN_2019_2022
from parcomms.indicators.importing import (
    COLUMNS,
    ResultFileError,
    ResultRow,
    parse_values,
    read_results,
    write_results_xlsx,
)

DEFS = {d.code: d for d in catalogue.definitions()}
HEADER = list(COLUMNS.values())


def xlsx(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def reference_rows():
    return [
        ResultRow(
            row_number=0,
            indicator=h.indicator,
            year=h.year,
            territory="tỉnh Ninh Thuận",
            score=h.score,
            rank=h.rank,
            rank_of=h.rank_of,
            tier=h.tier,
            score_derived=h.score_derived,
            rank_derived=h.rank_derived,
            source_kind=h.source_kind,
            source_url=h.source_url,
            note=h.note,
        )
        for h in NINH_THUAN_2019_2022
    ]


def test_the_template_reads_back_as_written():
    rows = reference_rows()
    parsed = read_results(write_results_xlsx(rows, DEFS.values()), "mau.xlsx", DEFS)
    assert parsed.errors == []
    assert [(r.indicator, r.year, r.score, r.rank, r.rank_of) for r in parsed.rows] == [
        (r.indicator, r.year, r.score, r.rank, r.rank_of) for r in rows
    ]
    sipas_2020 = next(r for r in parsed.rows if (r.indicator, r.year) == ("SIPAS", 2020))
    assert sipas_2020.score_derived and sipas_2020.rank_derived and sipas_2020.source_kind == "D"
    dti_2021 = next(r for r in parsed.rows if (r.indicator, r.year) == ("DTI", 2021))
    assert dti_2021.score_derived and not dti_2021.rank_derived
    assert next(r for r in parsed.rows if r.tier).tier == "trung bình"


def test_cells_as_people_type_them():
    data = xlsx(
        [
            ["PAR INDEX", 2022, "", "tỉnh Ninh Thuận", "85,78", "29/63", "", "", "P", "", ""],
            ["sipas", "2022", "", "", "81,83%", "20", "", "", "", "", ""],
            ["PAPI", 2022, "", "", 46.0002, 4, 63, "", "S", "https://example.invalid/papi", ""],
            ["DTI", 2021, "", "", "0,305 [D]", "53", "", "", "P", "", ""],
            ["PCI", 2021, "", "", "62.23", "49", "", "Nhóm Trung bình", "p", "", ""],
            ["DDCI", 2023, "Nhóm sở, ban, ngành", "", "83", "", "", "", "", "", ""],
        ]
    )
    parsed = read_results(data, "kq.xlsx", DEFS)
    assert parsed.errors == []
    par, sipas, papi, dti, pci, ddci = parsed.rows
    assert (par.indicator, par.score, par.rank, par.rank_of) == (
        "PAR_INDEX",
        Decimal("85.78"),
        29,
        63,
    )
    assert (sipas.indicator, sipas.score, sipas.rank_of) == ("SIPAS", Decimal("81.83"), 63)
    assert papi.score == Decimal("46.0002") and papi.source_kind == "S"
    assert dti.score == Decimal("0.305") and dti.score_derived and not dti.rank_derived
    assert pci.tier == "trung bình" and pci.source_kind == "P"
    assert ddci.scope == "departments" and ddci.rank is None


@pytest.mark.parametrize(
    "cells,column,message",
    [
        (["XYZ", 2022], "Chỉ số", "không biết chỉ số «XYZ»"),
        (["PCI", "năm ngoái"], "Năm", "không hợp lệ"),
        (["PCI", 1890], "Năm", "không hợp lệ"),
        (["PCI", 2022, "", "", "105"], "Điểm", "nằm ngoài thang điểm của PCI (0–100)"),
        (["DTI", 2022, "", "", "59,34"], "Điểm", "nằm ngoài thang điểm"),
        (["PAPI", 2022, "", "", "7"], "Điểm", "nằm ngoài thang điểm của PAPI (8–80)"),
        (["PCI", 2022, "", "", "abc"], "Điểm", "không phải là số"),
        (["PCI", 2022, "", "", "", "70/63"], "Thứ hạng", "lớn hơn tổng số 63"),
        (["PCI", 2022, "", "", "", "hạng nhất"], "Thứ hạng", "không hợp lệ"),
        (["PCI", 2022, "", "", "", "", "", "Loại A"], "Nhóm xếp loại", "không có trong thang"),
        (["PAR_INDEX", 2022, "", "", "", "", "", "khá"], "Nhóm xếp loại", "không xếp nhóm"),
        (["PCI", 2022, "", "", "65", "", "", "", "X"], "Loại nguồn (P/S/D)", "ghi P, S hoặc D"),
        (["PCI", 2022, "", "", "65", "", "", "", "P", "pcivietnam.vn"], "Đường dẫn nguồn", "http"),
        (["PCI", 2022, "Nhóm địa phương", "", "65"], "Phạm vi", "không dùng cho PCI"),
        (["PCI", 2022], "Điểm", "không có điểm, thứ hạng hay nhóm"),
        (["BUDGET_REVENUE", 2022, "", "", "100"], "Điểm", "không có điểm số"),
    ],
)
def test_each_bad_cell_is_named_by_row_and_column(cells, column, message):
    parsed = read_results(xlsx([["PCI", 2021, "", "", "62,23"], cells]), "kq.xlsx", DEFS)
    assert len(parsed.errors) == 1, parsed.errors
    error = parsed.errors[0]
    assert (error.row_number, error.column) == (3, column)
    assert message in error.message
    assert str(error).startswith("Dòng 3, cột «")


def test_duplicate_rows_are_refused():
    parsed = read_results(
        xlsx([["PCI", 2022, "", "", "65,43"], ["pci", 2022, "", "", "65"]]), "kq.xlsx", DEFS
    )
    assert [(e.row_number, e.column) for e in parsed.errors] == [(3, "Năm")]
    assert "trùng với dòng 2" in parsed.errors[0].message


def test_every_error_is_listed_at_once():
    parsed = read_results(
        xlsx([["XYZ", 2022], ["PCI", 2022, "", "", "200", "99"], ["PCI", "x"]]), "kq.xlsx", DEFS
    )
    assert [e.row_number for e in parsed.errors] == [2, 3, 3, 4]


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "rỗng"),
        (b"Chi so;Nam\nPCI;2022\n", "không phải là bảng tính XLSX"),
        (b"PK\x03\x04garbage", "bị hỏng"),
        (None, "Không tìm thấy dòng tiêu đề"),
    ],
)
def test_unreadable_files(data, message):
    if data is None:
        data = xlsx([["PCI", 2022, "65"]], header=["Tên", "Giá trị", "Khác"])
    with pytest.raises(ResultFileError) as exc:
        read_results(data, "kq.xlsx", DEFS)
    assert message in str(exc.value)


def test_header_may_sit_below_a_title_row():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["KẾT QUẢ CÁC CHỈ SỐ CỦA TỈNH"])
    sheet.append([])
    sheet.append(["Chỉ số", "Năm", "Điểm"])
    sheet.append(["PCI", 2022, "65,43"])
    out = io.BytesIO()
    book.save(out)
    parsed = read_results(out.getvalue(), "kq.xlsx", DEFS)
    assert parsed.errors == [] and parsed.rows[0].row_number == 4


def test_parse_values_serves_the_form():
    row, errors = parse_values(
        {"indicator": "SIPAS", "year": "2023", "score": "90,1", "source_kind": "P"}, DEFS
    )
    assert errors == [] and row.score == Decimal("90.1")
    _row, errors = parse_values({"indicator": "SIPAS", "year": "2023", "score": "190"}, DEFS)
    assert errors[0].field == "score"
