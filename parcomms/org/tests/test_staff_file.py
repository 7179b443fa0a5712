"""Reading and validating uploaded staff files (pure Python, no database)."""

import codecs
import io
import os
import random
import unicodedata
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parcomms.org import staff_file as sf
from parcomms.org.staff_file import (
    COLUMNS,
    DEMO_EMAIL_DOMAIN,
    KIND_LABELS,
    RowError,
    StaffFileError,
    generate_demo_staff,
    is_head_position,
    normalize_email,
    normalize_full_name,
    normalize_kind,
    normalize_phone,
    read_staff_file,
    validate,
    write_staff_csv,
    write_staff_xlsx,
)

WRITERS = {
    "xlsx": (write_staff_xlsx, "danh-sach.xlsx"),
    "csv": (write_staff_csv, "danh-sach.csv"),
}


@pytest.fixture(scope="module")
def demo_rows():
    return generate_demo_staff(200, seed=2023)


def _read(fmt, rows, **kwargs):
    writer, filename = WRITERS[fmt]
    return read_staff_file(writer(rows, **kwargs), filename)


def _xlsx_from_table(table, title="Sheet"):
    """An XLSX written cell by cell (numbers stay numbers), as Excel users make them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


HEADER = list(COLUMNS.values())
GOOD = ["Nguyễn Văn An", "Phòng Kinh tế", "Chuyên viên", "Công chức", "annv@x.gov.vn", ""]


# ------------------------------------------------------------------ demo data


def test_demo_staff_is_deterministic_and_realistic(demo_rows):
    assert generate_demo_staff(200, seed=2023) == demo_rows
    assert generate_demo_staff(200, seed=2024) != demo_rows
    assert len(demo_rows) == 200
    assert all(r["email"].endswith("@" + DEMO_EMAIL_DOMAIN) for r in demo_rows)
    assert len({r["email"] for r in demo_rows}) == 200
    assert all(normalize_phone(r["phone"]) == (r["phone"], None) for r in demo_rows)
    families = {r["full_name"].split()[0] for r in demo_rows}
    assert {"Nguyễn", "Trần", "Lê"} <= families
    units = {r["unit"] for r in demo_rows}
    assert {
        "Phòng Hành chính - Tổ chức",
        "Phòng Kinh tế",
        "Phòng Khoa giáo - Văn xã",
        "Phòng Nội chính",
        "Phòng Tổng hợp",
        "Ban Tiếp công dân",
        "Trung tâm Phục vụ hành chính công",
        "Trung tâm Công báo - Tin học",
        "Nhà khách",
    } <= units
    for unit in units:
        heads = [r for r in demo_rows if r["unit"] == unit and is_head_position(r["position"])]
        assert len(heads) == 1, unit
    assert {r["kind"] for r in demo_rows} == set(KIND_LABELS)


def test_demo_staff_small_counts():
    assert generate_demo_staff(0, seed=1) == []
    three = generate_demo_staff(3, seed=1)
    assert len(three) == 3
    assert all(is_head_position(r["position"]) for r in three)


# ---------------------------------------------------------------- clean files


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_200_row_demo_file_validates_clean(fmt, demo_rows):
    staff = _read(fmt, demo_rows)
    assert staff.format == fmt
    assert validate(staff) == []
    assert staff.warnings == []
    assert len(staff.rows) == 200
    first = staff.rows[0]
    assert first.row_number == 2
    assert staff.rows[-1].row_number == 201
    expected = demo_rows[0]
    assert first.full_name == expected["full_name"]
    assert first.unit_path == tuple(expected["unit"].split(" > "))
    assert first.kind == expected["kind"]
    assert first.email == first.identity == expected["email"]
    assert first.phone == expected["phone"]
    assert first.is_unit_head
    sub_unit = [r for r in staff.rows if len(r.unit_path) == 2]
    assert sub_unit and sub_unit[0].unit_path[0] == "Phòng Hành chính - Tổ chức"
    paths = staff.unit_paths()
    assert paths.index(("Phòng Hành chính - Tổ chức",)) < paths.index(sub_unit[0].unit_path)


def test_template_is_readable():
    staff = read_staff_file(write_staff_xlsx([]), "mau.xlsx")
    assert staff.rows == [] and validate(staff) == []


# ------------------------------------------------------------------ bad rows


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_bad_phone_among_200_gives_one_error(fmt, demo_rows):
    rows = [dict(r) for r in demo_rows]
    rows[136]["phone"] = "0123 45"
    errors = validate(_read(fmt, rows))
    assert errors == [RowError(138, "Điện thoại", "Số điện thoại không hợp lệ: 0123 45")]
    assert str(errors[0]) == "Dòng 138, cột Điện thoại: Số điện thoại không hợp lệ: 0123 45"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_several_bad_rows_all_reported(fmt, demo_rows):
    rows = [dict(r) for r in demo_rows]
    rows[4]["full_name"] = ""
    rows[9]["email"] = "khong-co-a-cong"
    rows[9]["kind"] = "Hợp đồng khoán"
    rows[50]["unit"] = ""
    rows[120]["email"] = ""
    rows[199]["phone"] = "abc"
    errors = validate(_read(fmt, rows))
    assert [(e.row_number, e.column) for e in errors] == [
        (6, "Họ và tên"),
        (11, "Loại"),
        (11, "Email"),
        (52, "Đơn vị"),
        (122, "Email"),
        (201, "Điện thoại"),
    ]
    messages = [e.message for e in errors]
    assert messages[0] == "Thiếu họ và tên"
    assert messages[1] == (
        "Loại không hợp lệ: Hợp đồng khoán (chấp nhận: Công chức, Viên chức, Người lao động)"
    )
    assert messages[2].startswith("Email không hợp lệ: khong-co-a-cong")
    assert messages[3] == "Thiếu đơn vị"
    assert "bắt buộc" in messages[4]
    assert messages[5] == "Số điện thoại không hợp lệ: abc"


def test_duplicate_email_names_both_rows():
    table = [
        HEADER,
        GOOD,
        ["Trần Thị Bình", "Phòng Nội chính", "Chuyên viên", "CC", "binhtt@x.gov.vn", ""],
        ["Lê Văn Cường", "Phòng Nội chính", "Chuyên viên", "CC", "ANNV@x.gov.vn ", ""],
    ]
    errors = validate(read_staff_file(_xlsx_from_table(table), "a.xlsx"))
    assert errors == [
        RowError(2, "Email", "Email bị trùng với dòng 4"),
        RowError(4, "Email", "Email bị trùng với dòng 2"),
    ]


def test_two_heads_in_one_unit():
    table = [
        HEADER,
        ["Nguyễn Văn An", "Phòng Kinh tế", "Trưởng phòng", "CC", "a@x.vn", ""],
        ["Trần Văn Bình", "Phòng Kinh tế", "Phó Trưởng phòng", "CC", "b@x.vn", ""],
        ["Lê Thị Chi", "phòng kinh tế", "Trưởng phòng", "CC", "c@x.vn", ""],
        ["Phạm Văn Dũng", "Phòng Kinh tế > Tổ Tổng hợp", "Tổ trưởng", "CC", "d@x.vn", ""],
        ["Đỗ Thị Hà", "Phòng Nội chính", "Trưởng phòng", "CC", "e@x.vn", ""],
    ]
    staff = read_staff_file(_xlsx_from_table(table), "a.xlsx")
    errors = validate(staff)
    assert [(e.row_number, e.column) for e in errors] == [(2, "Chức vụ"), (4, "Chức vụ")]
    assert "Phòng Kinh tế" in errors[0].message and "dòng 4" in errors[0].message
    assert "dòng 2" in errors[1].message
    # one unit however it is capitalised; the first spelling wins
    assert staff.rows[2].unit_path == ("Phòng Kinh tế",)
    assert any("nhiều cách" in w for w in staff.warnings)


def test_blank_rows_skipped_and_row_numbers_kept():
    table = [HEADER, GOOD, [None] * 6, ["  ", "", None, "", "", ""], GOOD[:4] + ["b@x.vn", ""]]
    staff = read_staff_file(_xlsx_from_table(table), "a.xlsx")
    assert [r.row_number for r in staff.rows] == [2, 5]
    assert validate(staff) == []


def test_rows_with_only_a_serial_number_are_blank():
    table = [["STT", *HEADER], [1, *GOOD], [2, "", "", "", "", "", ""]]
    staff = read_staff_file(_xlsx_from_table(table), "a.xlsx")
    assert len(staff.rows) == 1
    assert staff.warnings == []  # STT is expected and ignored silently


# -------------------------------------------------------------- header matching


def test_missing_columns_are_named():
    table = [["Họ và tên", "Đơn vị", "Chức vụ", "Điện thoại"], GOOD[:3] + [""]]
    with pytest.raises(StaffFileError) as info:
        read_staff_file(_xlsx_from_table(table), "a.xlsx")
    assert "«Loại»" in info.value.message and "«Email»" in info.value.message
    assert "«Họ và tên»" not in info.value.message
    with pytest.raises(StaffFileError, match="Email"):
        read_staff_file("Họ và tên,Đơn vị,Chức vụ,Loại\nAn,P,CV,CC\n".encode(), "a.csv")


def test_no_header_at_all():
    with pytest.raises(StaffFileError, match="tiêu đề"):
        read_staff_file(b"a,b,c\n1,2,3\n", "a.csv")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_headers_without_diacritics_upper_case_any_order(fmt, demo_rows):
    columns = ["EMAIL", "dien thoai", "  HO VA TEN ", "LOAI", "Chuc Vu", "DON VI", "Ghi chú"]
    rows = [dict(r, **{"Ghi chú": "x"}) for r in demo_rows[:20]]
    staff = _read(fmt, rows, columns=columns)
    assert validate(staff) == []
    assert staff.rows[0].full_name == demo_rows[0]["full_name"]
    assert staff.rows[0].email == demo_rows[0]["email"]
    assert staff.headers["full_name"] == "HO VA TEN"
    assert staff.warnings == ["Cột «Ghi chú» không dùng đến, đã bỏ qua."]


def test_header_aliases_and_errors_use_the_files_header():
    table = [
        ["Họ tên (*)", "Phòng/Ban", "Chức danh", "Loại cán bộ", "E-mail", "Số điện thoại"],
        ["Nguyễn Văn An", "Phòng Kinh tế", "Chuyên viên", "CC", "annv@x.vn", "12"],
    ]
    errors = validate(read_staff_file(_xlsx_from_table(table), "a.xlsx"))
    assert errors == [RowError(2, "Số điện thoại", "Số điện thoại không hợp lệ: 12")]


def test_title_rows_above_header_keep_real_row_numbers():
    table = [
        ["DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"],
        [],
        HEADER,
        GOOD[:5] + ["0912"],
    ]
    staff = read_staff_file(_xlsx_from_table(table), "a.xlsx")
    assert staff.header_row == 3
    assert validate(staff) == [RowError(4, "Điện thoại", "Số điện thoại không hợp lệ: 0912")]


def test_phone_column_is_optional():
    table = [HEADER[:5], GOOD[:5]]
    staff = read_staff_file(_xlsx_from_table(table), "a.xlsx")
    assert staff.rows[0].phone == ""
    assert validate(staff) == []
    assert any("Điện thoại" in w for w in staff.warnings)


def test_header_found_on_a_later_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Hướng dẫn"
    workbook.active.append(["Điền theo mẫu ở trang sau"])
    data_sheet = workbook.create_sheet("Danh sách")
    data_sheet.append(HEADER)
    data_sheet.append(GOOD)
    out = io.BytesIO()
    workbook.save(out)
    staff = read_staff_file(out.getvalue(), "a.xlsx")
    assert staff.sheet_name == "Danh sách" and len(staff.rows) == 1


# ------------------------------------------------------------------ XLSX cells


def test_xlsx_numeric_phone_gets_its_leading_zero_back():
    table = [HEADER, GOOD[:5] + [912345678], GOOD[:4] + ["b@x.vn", 84912345679.0]]
    staff = read_staff_file(_xlsx_from_table(table), "a.xlsx")
    assert [r.phone for r in staff.rows] == ["0912345678", "0912345679"]
    assert validate(staff) == []


def test_xlsx_with_wrong_dimension_record_is_read_whole():
    data = _xlsx_from_table([HEADER, GOOD])
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<dimension ref="A1:F2"/>', b'<dimension ref="A1"/>')
            dst.writestr(info, content)
    staff = read_staff_file(out.getvalue(), "a.xlsx")
    assert staff.rows[0].email == "annv@x.gov.vn"


# -------------------------------------------------------------------- CSV flavours


def _csv_text(rows, delimiter=","):
    return "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"


def test_csv_with_bom_and_semicolons():
    text = _csv_text(
        [HEADER, GOOD, ["Trần Thị Bình", "Phòng Kinh tế", "", "VC", "b@x.vn", ""]], ";"
    )
    staff = read_staff_file(codecs.BOM_UTF8 + text.encode(), "a.csv")
    assert validate(staff) == []
    assert staff.headers["full_name"] == "Họ và tên"
    assert [r.kind for r in staff.rows] == ["cong_chuc", "vien_chuc"]


def test_csv_semicolon_with_commas_inside_values():
    rows = [
        HEADER,
        ["Nguyễn Văn An", "Phòng Kinh tế", "Trưởng phòng, kiêm nhiệm", "CC", "a@x.vn", ""],
    ]
    staff = read_staff_file(_csv_text(rows, ";").encode(), "a.csv")
    assert staff.rows[0].position == "Trưởng phòng, kiêm nhiệm"


def test_csv_cp1258_decomposed_tones():
    # Excel "CSV" on a Vietnamese Windows writes cp1258, where tones are combining marks.
    text = _csv_text([HEADER, GOOD])
    data = _cp1258(text)
    staff = read_staff_file(data, "a.csv")
    assert staff.rows[0].full_name == "Nguyễn Văn An"
    assert staff.rows[0].unit_path == ("Phòng Kinh tế",)
    assert validate(staff) == []


def _cp1258(text):
    """Encode as Windows does: base letters composed, tone marks as combining characters."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += (base + "".join(c for c in decomposed if c in tones)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_csv_utf16_tab_separated(encoding):
    data = _csv_text([HEADER, GOOD], "\t").encode(encoding)
    staff = read_staff_file(data, "a.txt")
    assert staff.rows[0].full_name == "Nguyễn Văn An"


def test_csv_quoted_multiline_cell_counts_as_one_row():
    text = (
        _csv_text([HEADER])
        + '"Nguyễn\nVăn An",Phòng Kinh tế,CV,CC,a@x.vn,\r\n'
        + "X Y,P,CV,CC,b@x.vn,0x\r\n"
    )
    staff = read_staff_file(text.encode(), "a.csv")
    assert staff.rows[0].full_name == "Nguyễn Văn An"
    assert validate(staff)[0].row_number == 3


# ------------------------------------------------------------- unreadable files


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + os.urandom(64)


@pytest.mark.parametrize(
    "data",
    [
        PNG,
        bytes(range(256)) * 4,
        b"\x00\x01\x02\x03" * 100,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,  # old .xls
        b"PK\x03\x04" + b"\x00" * 100,  # broken zip
        b"<html><body><table><tr><td>Ho va ten</td></tr></table></body></html>",
        b"",
        b"  \r\n ",
    ],
    ids=["png", "bytes", "nul", "pdf", "xls", "zip", "html", "empty", "blank"],
)
def test_non_spreadsheets_are_refused(data):
    with pytest.raises(StaffFileError) as info:
        read_staff_file(data, "tep.xlsx")
    assert "tep.xlsx" in info.value.message


def test_random_bytes_are_refused():
    for seed in range(20):
        data = random.Random(seed).randbytes(2000)
        with pytest.raises(StaffFileError):
            read_staff_file(data, "x.csv")


def test_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(StaffFileError, match="không chứa bảng tính"):
        read_staff_file(out.getvalue(), "a.docx")


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(sf, "MAX_ROWS", 50)
    rows = generate_demo_staff(51, seed=1)
    for fmt in WRITERS:
        with pytest.raises(StaffFileError, match="50 dòng"):
            _read(fmt, rows)
    assert len(_read("csv", rows[:50]).rows) == 50


def test_default_limits():
    assert sf.MAX_ROWS == 50_000
    with pytest.raises(StaffFileError, match="quá lớn"):
        read_staff_file(b"x" * (sf.MAX_BYTES + 1), "big.csv")


# ------------------------------------------------------------ normalisation tables


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        ("912345678", "0912345678"),
        ("0386 123 456", "0386123456"),
        ("0528123456", "0528123456"),
        ("0701234567", "0701234567"),
        ("0812345678", "0812345678"),
        ("024 3825 1234", "02438251234"),
        ("(0259) 3822 123", "02593822123"),
        ("+84 259 3822 123", "02593822123"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_phone_normalisation(raw, expected):
    assert normalize_phone(raw) == (expected, None)


@pytest.mark.parametrize(
    "raw",
    [
        "0123 456 789",  # 012 is not a mobile prefix
        "01234567890",  # old 11-digit mobile
        "0912 345 67",
        "0912 345 6789",
        "0412345678",
        "0612345678",
        "+1 415 555 0100",
        "0912345678 / 0987654321",
        "09l2345678",
        "02438251234567",
        "abc",
        "０９１２３４５６７８",  # full-width digits
    ],
)
def test_invalid_phones(raw):
    value, problem = normalize_phone(raw)
    assert problem == f"Số điện thoại không hợp lệ: {raw.strip()}" or problem.startswith(
        f"Số điện thoại không hợp lệ: {raw.strip()} ("
    )


def test_old_mobile_number_hint():
    assert "2018" in normalize_phone("0168 123 4567")[1]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("AnNV@X.Gov.VN", "annv@x.gov.vn"),
        ("  annv@ninhthuan.gov.vn\u00a0", "annv@ninhthuan.gov.vn"),
        ("mailto:annv@x.vn", "annv@x.vn"),
        ("an.nguyen+cchc@mail.ninhthuan.gov.vn", "an.nguyen+cchc@mail.ninhthuan.gov.vn"),
        ("an_nv-1@sub-domain.example.com", "an_nv-1@sub-domain.example.com"),
        ("x@demo.parcomms.invalid", "x@demo.parcomms.invalid"),
    ],
)
def test_email_normalisation(raw, expected):
    assert normalize_email(raw) == (expected, None)


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("an nv@x.vn", "khoảng trắng"),
        ("annv@@x.vn", "một dấu @"),
        ("annv@x.vn;binh@x.vn", "một dấu @"),
        ("annvx.vn", "một dấu @"),
        ("nguyễn@x.vn", "có dấu"),
        ("annv@localhost", "dấu chấm"),
        ("annv@x.", ""),
        ("annv@.x.vn", ""),
        (".annv@x.vn", ""),
        ("an..nv@x.vn", ""),
        ("annv@x-.vn", ""),
        ("annv@x.v", ""),
        ("annv@x.123", ""),
        ("annv@", ""),
        ("@x.vn", ""),
        ("a" * 65 + "@x.vn", "quá dài"),
    ],
)
def test_invalid_emails(raw, hint):
    _, problem = normalize_email(raw)
    assert problem is not None and problem.startswith("Email không hợp lệ: ")
    assert hint in problem


def test_empty_email_is_required():
    assert normalize_email("  ") == ("", "Thiếu email (email là tên đăng nhập nên bắt buộc)")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("Công chức", "cong_chuc"),
        ("công chức", "cong_chuc"),
        ("CÔNG CHỨC", "cong_chuc"),
        ("cong chuc", "cong_chuc"),
        ("CC", "cong_chuc"),
        ("cc", "cong_chuc"),
        ("Cán bộ, công chức", "cong_chuc"),
        ("cong_chuc", "cong_chuc"),
        ("Viên chức", "vien_chuc"),
        ("VC", "vien_chuc"),
        ("viên  chức", "vien_chuc"),
        ("Người lao động", "nguoi_lao_dong"),
        ("NLĐ", "nguoi_lao_dong"),
        ("NLD", "nguoi_lao_dong"),
        ("HĐLĐ", "nguoi_lao_dong"),
        ("Hợp đồng lao động", "nguoi_lao_dong"),
        ("HĐ 68", "nguoi_lao_dong"),
        ("Hợp đồng 111", "nguoi_lao_dong"),
    ],
)
def test_kind_synonyms(raw, kind):
    assert normalize_kind(raw) == (kind, None)


@pytest.mark.parametrize("raw", ["Cán bộ", "Thực tập sinh", "X", "Công chức, viên chức"])
def test_unknown_kinds(raw):
    kind, problem = normalize_kind(raw)
    assert kind is None
    assert problem == (
        f"Loại không hợp lệ: {raw} (chấp nhận: Công chức, Viên chức, Người lao động)"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        ("ĐỖ THỊ THU HÀ", "Đỗ Thị Thu Hà"),
        ("  Nguyễn   Văn\u00a0An ", "Nguyễn Văn An"),
        ("Nguye\u0302\u0303n Va\u0306n An", "Nguyễn Văn An"),
        ("H'HEN NIÊ", "H'Hen Niê"),
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("Nguyễn Văn AN", "Nguyễn Văn AN"),  # mixed case is kept as written
    ],
)
def test_full_name_normalisation(raw, expected):
    assert normalize_full_name(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["Nguyễn Văn 2", "annv@x.vn", "---", "A" * 151])
def test_invalid_full_names(raw):
    assert normalize_full_name(raw)[1] is not None


@pytest.mark.parametrize(
    ("position", "head"),
    [
        ("Trưởng phòng", True),
        ("TRƯỞNG PHÒNG", True),
        ("Trưởng ban", True),
        ("Giám đốc", True),
        ("Giám đốc Trung tâm", True),
        ("Chánh Văn phòng", True),
        ("Quyền Trưởng phòng", True),
        ("Tổ trưởng", True),
        ("Phó Trưởng phòng", False),
        ("Phó Giám đốc", False),
        ("Phó Chánh Văn phòng", False),
        ("Chuyên viên", False),
        ("Trưởng", True),
        ("", False),
    ],
)
def test_is_head_position(position, head):
    assert is_head_position(position) is head


def test_unit_hierarchy_parsing():
    table = [
        HEADER,
        ["A B", "Phòng Hành chính - Tổ chức > Tổ Văn thư", "Văn thư", "CC", "a@x.vn", ""],
        ["C D", "Phòng Hành chính - Tổ chức>Tổ Văn thư", "Văn thư", "CC", "b@x.vn", ""],
        ["E F", "Phòng Hành chính - Tổ chức >  > Tổ", "Văn thư", "CC", "c@x.vn", ""],
    ]
    staff = read_staff_file(_xlsx_from_table(table), "a.xlsx")
    assert staff.rows[0].unit_path == ("Phòng Hành chính - Tổ chức", "Tổ Văn thư")
    assert staff.rows[1].unit_path == staff.rows[0].unit_path
    errors = validate(staff)
    assert [(e.row_number, e.column) for e in errors] == [(4, "Đơn vị")]
    assert errors[0].message.startswith("Đơn vị không hợp lệ")


def test_writers_keep_text_as_text():
    rows = [
        {
            "full_name": '=HYPERLINK("x")',
            "unit": ("Phòng Kinh tế", "Tổ 1"),
            "position": "CV",
            "kind": "vien_chuc",
            "email": "a@x.vn",
            "phone": "0912345678",
        }
    ]
    workbook = openpyxl.load_workbook(io.BytesIO(write_staff_xlsx(rows)))
    values = [c.value for c in workbook.active[2]]
    assert values == [
        '=HYPERLINK("x")',
        "Phòng Kinh tế > Tổ 1",
        "CV",
        "Viên chức",
        "a@x.vn",
        "0912345678",
    ]
    assert workbook.active["A2"].data_type == "s"
    csv_bytes = write_staff_csv(rows, delimiter=";")
    assert csv_bytes.startswith(codecs.BOM_UTF8)
    assert "Phòng Kinh tế > Tổ 1;CV;Viên chức" in csv_bytes.decode("utf-8-sig")


# -------------------------------------------------------------------- hypothesis

_cell = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789 +.-()@>;,\"'\n\r\t", max_size=20),
    st.sampled_from(["", "Công chức", "VC", "NLĐ", "Trưởng phòng", "0912345678", "a@b.vn"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(_cell, min_size=6, max_size=6), max_size=8),
    fmt=st.sampled_from(["xlsx", "csv"]),
    delimiter=st.sampled_from([",", ";"]),
)
def test_random_cells_never_crash(rows, fmt, delimiter):
    dict_rows = [dict(zip(HEADER, r, strict=True)) for r in rows]
    if fmt == "xlsx":
        data = write_staff_xlsx(dict_rows)
    else:
        data = write_staff_csv(dict_rows, delimiter=delimiter)
    try:
        staff = read_staff_file(data, "r." + fmt)
    except StaffFileError:
        return
    errors = validate(staff)
    assert all(isinstance(e, RowError) and e.message for e in errors)
    for row in staff.rows:
        if not any(f == "email" for f, _ in row.problems):
            assert row.email == row.email.lower() and "@" in row.email


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=3000))
def test_random_bytes_never_crash(data):
    try:
        errors = validate(read_staff_file(data, "r.bin"))
    except StaffFileError as exc:
        assert str(exc)  # a message for the user
    else:
        assert all(isinstance(e, RowError) for e in errors)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=400), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_random_text_never_crashes(text, encoding):
    data = (_csv_text([HEADER]) + text).encode(encoding, errors="replace")
    try:
        errors = validate(read_staff_file(data, "r.csv"))
    except StaffFileError as exc:
        assert str(exc)
    else:
        assert all(isinstance(e, RowError) for e in errors)


# Built once: openpyxl stamps the save time, so two saves differ byte for byte.
_SMALL_XLSX = write_staff_xlsx(generate_demo_staff(5, seed=1))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_corrupted_xlsx_never_crashes(data):
    good = bytearray(_SMALL_XLSX)
    for _ in range(data.draw(st.integers(1, 5))):
        i = data.draw(st.integers(0, len(good) - 1))
        good[i] = data.draw(st.integers(0, 255))
    try:
        errors = validate(read_staff_file(bytes(good), "r.xlsx"))
    except StaffFileError as exc:
        assert str(exc)
    else:
        assert all(isinstance(e, RowError) for e in errors)


def test_control_characters_in_cells_are_dropped():
    text = _csv_text([HEADER]) + '"Nguyễn\x1fVăn\tAn","Phòng\nKinh tế",CV,CC,a@x.vn,\r\n'
    staff = read_staff_file(text.encode(), "a.csv")
    assert staff.rows[0].full_name == "Nguyễn Văn An"
    assert staff.rows[0].unit_path == ("Phòng Kinh tế",)


def test_split_family_and_given_name_columns_are_not_taken_for_full_name():
    table = [["Họ đệm", "Tên", *HEADER[1:]], ["Nguyễn Văn", "An", *GOOD[1:]]]
    with pytest.raises(StaffFileError, match="«Họ và tên»"):
        read_staff_file(_xlsx_from_table(table), "a.xlsx")
