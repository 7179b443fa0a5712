"""Staff / org-chart files that reform officers upload (XLSX or CSV), pure Python.

`read_staff_file` turns the bytes into a `StaffFile` (one `StaffRow` per non-blank row,
values normalised) or raises `StaffFileError` when the file cannot be read at all;
`validate` lists every row-level problem at once. The Django import service calls both,
refuses the file if `validate` returns anything, and otherwise upserts units and staff
keyed by `StaffRow.identity` (the e-mail, which is the login).

Messages for users are Vietnamese; log lines are English.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import random
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from parcomms.vn.text import fold, new_tone_style, nfc, squash_spaces

__all__ = [
    "COLUMNS",
    "DEMO_EMAIL_DOMAIN",
    "KIND_LABELS",
    "MAX_BYTES",
    "MAX_ROWS",
    "REQUIRED_FIELDS",
    "RowError",
    "StaffFile",
    "StaffFileError",
    "StaffRow",
    "generate_demo_staff",
    "is_head_position",
    "normalize_email",
    "normalize_full_name",
    "normalize_kind",
    "normalize_phone",
    "normalize_position",
    "normalize_unit_path",
    "read_staff_file",
    "validate",
    "write_staff_csv",
    "write_staff_xlsx",
]

logger = logging.getLogger(__name__)

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
# A small XLSX can inflate to gigabytes of XML (zip bomb); cap what openpyxl may unpack.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COLUMNS = 200
HEADER_SCAN_ROWS = 10
MAX_NAME_CHARS = 150  # Staff.full_name
MAX_UNIT_CHARS = 255  # Unit.name
MAX_POSITION_CHARS = 150  # Staff.position
MAX_EMAIL_CHARS = 254

DEMO_EMAIL_DOMAIN = "demo.parcomms.invalid"

# Field name -> the header as the template writes it.
COLUMNS: dict[str, str] = {
    "full_name": "Họ và tên",
    "unit": "Đơn vị",
    "position": "Chức vụ",
    "kind": "Loại",
    "email": "Email",
    "phone": "Điện thoại",
}
REQUIRED_FIELDS = ("full_name", "unit", "position", "kind", "email")
UNIT_SEPARATOR = " > "

KIND_LABELS: dict[str, str] = {
    "cong_chuc": "Công chức",
    "vien_chuc": "Viên chức",
    "nguoi_lao_dong": "Người lao động",
}
_KIND_CHOICES_VI = ", ".join(KIND_LABELS.values())


class StaffFileError(Exception):
    """The file cannot be read at all; `message` is Vietnamese, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row_number: int
    column: str  # the header as written in the file
    message: str  # Vietnamese

    def __str__(self) -> str:
        return f"Dòng {self.row_number}, cột {self.column}: {self.message}"


@dataclass(frozen=True)
class StaffRow:
    row_number: int  # as the user sees it in the spreadsheet
    full_name: str
    unit_path: tuple[str, ...]  # ("Phòng Hành chính - Tổ chức", "Tổ Văn thư")
    position: str
    kind: str | None  # "cong_chuc" | "vien_chuc" | "nguoi_lao_dong"; None when invalid
    email: str  # lower-cased; the raw text when invalid
    phone: str  # "0912345678" / "02438251234" / ""; the raw text when invalid
    # (field, Vietnamese message) found while reading the row; `validate` reports them.
    problems: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)

    @property
    def identity(self) -> str:
        """The key for idempotent re-import: the e-mail (it is the login)."""
        return self.email

    @property
    def is_unit_head(self) -> bool:
        return is_head_position(self.position)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind or "", "")


@dataclass
class StaffFile:
    filename: str
    format: str  # "xlsx" | "csv"
    rows: list[StaffRow]
    headers: dict[str, str]  # field -> header text as written in the file
    header_row: int = 1
    sheet_name: str | None = None
    warnings: list[str] = field(default_factory=list)  # Vietnamese

    def column(self, field_name: str) -> str:
        return self.headers.get(field_name, COLUMNS[field_name])

    def unit_paths(self) -> list[tuple[str, ...]]:
        """Every unit the file names, parents before children, in order of appearance."""
        seen: dict[tuple[str, ...], None] = {}
        for row in self.rows:
            for depth in range(1, len(row.unit_path) + 1):
                seen.setdefault(row.unit_path[:depth], None)
        return list(seen)


# --------------------------------------------------------------------------- headers

_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    # Not a bare "Tên": files that split "Họ đệm" / "Tên" would lose the family name.
    "full_name": ("ho va ten", "ho ten", "ho va ten day du", "ten can bo"),
    "unit": ("don vi", "don vi cong tac", "phong ban", "phong ban don vi", "co quan don vi"),
    "position": ("chuc vu", "chuc danh", "chuc vu chuc danh"),
    "kind": ("loai", "loai can bo", "doi tuong", "loai nhan su"),
    "email": ("email", "thu dien tu", "dia chi email", "dia chi thu dien tu", "mail"),
    "phone": ("dien thoai", "so dien thoai", "sdt", "so dt", "dien thoai di dong", "dt"),
}
_HEADER_LOOKUP = {alias: f for f, aliases in _HEADER_ALIASES.items() for alias in aliases}
_IGNORED_SILENTLY = {"stt", "tt", "so tt", "so thu tu"}
_PARENS_RE = re.compile(r"\([^)]*\)")
_JOINERS_RE = re.compile(r"[-'’.]+")
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")


def header_key(text: str) -> str:
    """'Họ và tên (*)' -> 'ho va ten'; 'E-mail' -> 'email'; 'Phòng/ban' -> 'phong ban'."""
    text = fold(nfc(text).replace("\r", " ").replace("\n", " "))
    text = _PARENS_RE.sub(" ", text)
    text = _NON_WORD_RE.sub(" ", _JOINERS_RE.sub("", text))
    return squash_spaces(text)


def _match_headers(cells: Sequence[str]) -> dict[str, int]:
    """Field -> column index for the cells of a candidate header row (first match wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        f = _HEADER_LOOKUP.get(header_key(cell))
        if f and f not in found:
            found[f] = index
    return found


# ------------------------------------------------------------------------ cell values


_CELL_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Phone numbers typed into Excel become floats and lose their leading zero.
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _clean(text: str) -> str:
    return squash_spaces(_CELL_CONTROL_RE.sub(" ", nfc(text)))


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_shouting(text: str) -> bool:
    return text.upper() == text and text.lower() != text


def _title_word(word: str) -> str:
    # "H'HEN" -> "H'Hen", "Y-MOAN" -> "Y-Moan" (Ê Đê, Gia Rai names).
    parts = re.split(r"([-'’])", word.lower())
    return "".join(p[:1].upper() + p[1:] for p in parts)


def normalize_full_name(raw: str) -> tuple[str, str | None]:
    name = _clean(raw)
    if not name:
        return "", "Thiếu họ và tên"
    if _is_shouting(name) or name.lower() == name:
        name = " ".join(_title_word(w) for w in name.split(" "))
    if len(name) > MAX_NAME_CHARS:
        return name, f"Họ và tên quá dài (tối đa {MAX_NAME_CHARS} ký tự)"
    if any(ch.isdigit() for ch in name) or "@" in name or not any(ch.isalpha() for ch in name):
        return name, f"Họ và tên không hợp lệ: {_shown(name)}"
    return name, None


_UNIT_SPLIT_RE = re.compile(r"\s*[>›»→]\s*")


def normalize_unit_path(raw: str) -> tuple[tuple[str, ...], str | None]:
    text = _clean(raw)
    if not text:
        return (), "Thiếu đơn vị"
    parts = tuple(_UNIT_SPLIT_RE.split(text))
    if any(not p for p in parts):
        return (), f"Đơn vị không hợp lệ: {_shown(text)} (tên đơn vị trống quanh dấu >)"
    if any(len(p) > MAX_UNIT_CHARS for p in parts):
        return (), f"Tên đơn vị quá dài (tối đa {MAX_UNIT_CHARS} ký tự): {_shown(text)}"
    return parts, None


def normalize_position(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if _is_shouting(text):
        text = text[:1] + text[1:].lower()
    if len(text) > MAX_POSITION_CHARS:
        return text, f"Chức vụ quá dài (tối đa {MAX_POSITION_CHARS} ký tự)"
    return text, None


_HEAD_PREFIXES = (
    "truong",
    "quyen truong",
    "q truong",
    "giam doc",
    "quyen giam doc",
    "chanh van phong",
    "chanh thanh tra",
    "to truong",
    "doi truong",
)


def is_head_position(position: str) -> bool:
    """Trưởng phòng, Trưởng ban, Giám đốc, Chánh Văn phòng, Tổ trưởng — never 'Phó …'."""
    key = squash_spaces(re.sub(r"[^a-z ]+", " ", fold(position)))
    if key.startswith("pho "):
        return False
    return any(key == p or key.startswith(p + " ") for p in _HEAD_PREFIXES)


_KIND_SYNONYMS: dict[str, tuple[str, ...]] = {
    "cong_chuc": ("congchuc", "cc", "cbcc", "canbocongchuc"),
    "vien_chuc": ("vienchuc", "vc", "cbvc", "canbovienchuc"),
    "nguoi_lao_dong": (
        "nguoilaodong",
        "nld",
        "laodong",
        "hdld",
        "hopdonglaodong",
        "laodonghopdong",
        "hopdong",
        "hd",
        "hd68",
        "hopdong68",
        "hd111",
        "hopdong111",
    ),
}
_KIND_LOOKUP = {syn: kind for kind, syns in _KIND_SYNONYMS.items() for syn in syns}
_KIND_LOOKUP.update({k.replace("_", ""): k for k in KIND_LABELS})


def normalize_kind(raw: str) -> tuple[str | None, str | None]:
    text = _clean(raw)
    if not text:
        return None, f"Thiếu loại (chấp nhận: {_KIND_CHOICES_VI})"
    kind = _KIND_LOOKUP.get(re.sub(r"[^a-z0-9]+", "", fold(text)))
    if kind is None:
        return None, f"Loại không hợp lệ: {_shown(text)} (chấp nhận: {_KIND_CHOICES_VI})"
    return kind, None


_EMAIL_ATOM = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL_RE = re.compile(
    rf"{_EMAIL_ATOM}(?:\.{_EMAIL_ATOM})*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])",
    re.ASCII,
)


def normalize_email(raw: str) -> tuple[str, str | None]:
    text = _clean(raw)
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    email = text.lower()
    if not email:
        return "", "Thiếu email (email là tên đăng nhập nên bắt buộc)"
    if any(ch.isspace() for ch in email):
        hint = "có khoảng trắng"
    elif email.count("@") != 1:
        hint = "phải có đúng một dấu @"
    elif not email.isascii():
        hint = "có chữ có dấu hoặc ký tự đặc biệt"
    elif len(email) > MAX_EMAIL_CHARS or len(email.partition("@")[0]) > 64:
        hint = "quá dài"
    elif "." not in email.partition("@")[2]:
        hint = "tên miền phải có dấu chấm"
    elif not _EMAIL_RE.fullmatch(email):
        hint = ""
    else:
        return email, None
    return email, f"Email không hợp lệ: {_shown(text)}" + (f" ({hint})" if hint else "")


_PHONE_SEPARATORS_RE = re.compile(r"[\s.\-()/\u00a0]+")


def normalize_phone(raw: str) -> tuple[str, str | None]:
    """'0912 345 678', '+84 912 345 678', '84912345678', 912345678 -> '0912345678'.

    Valid: 10-digit mobile 03x/05x/07x/08x/09x, or 11-digit landline 02xx.
    """
    text = _clean(raw)
    if not text:
        return "", None
    compact = _PHONE_SEPARATORS_RE.sub("", text.replace("(0)", ""))
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isascii() or not digits.isdigit():
        return text, f"Số điện thoại không hợp lệ: {_shown(text)}"
    if plus:
        digits = "0" + digits[2:] if digits.startswith("84") else ""
    elif digits.startswith("0084"):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif len(digits) == 9 and digits[0] in "35789":
        digits = "0" + digits  # Excel dropped the leading zero
    elif len(digits) == 10 and digits[0] == "2":
        digits = "0" + digits
    if len(digits) == 10 and digits[0] == "0" and digits[1] in "35789":
        return digits, None
    if len(digits) == 11 and digits.startswith("02"):
        return digits, None
    message = f"Số điện thoại không hợp lệ: {_shown(text)}"
    if len(digits) == 11 and digits.startswith("01"):
        message += " (đầu số di động 11 số cũ đã chuyển sang 10 số từ năm 2018)"
    return text, message


# ------------------------------------------------------------------------- reading

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _vi_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _not_a_spreadsheet(filename: str, detail: str = "") -> StaffFileError:
    message = f"Tệp «{filename}» không phải là bảng tính XLSX hoặc CSV"
    return StaffFileError(message + (f": {detail}" if detail else "."))


def read_staff_file(data: bytes, filename: str) -> StaffFile:
    """Read an uploaded staff file; the format is detected from the content, not the name."""
    if not data or not data.strip():
        raise StaffFileError(f"Tệp «{filename}» rỗng.")
    if len(data) > MAX_BYTES:
        raise StaffFileError(
            f"Tệp «{filename}» quá lớn ({_vi_number(len(data) // 1024)} KB); "
            f"tối đa {_vi_number(MAX_BYTES // (1024 * 1024))} MB."
        )
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data, filename)
    if data.startswith(_OLE_MAGIC):
        raise StaffFileError(
            f"Tệp «{filename}» là định dạng Excel cũ (.xls). "
            "Hãy mở bằng Excel và lưu lại dạng .xlsx (Excel Workbook) hoặc CSV UTF-8."
        )
    return _read_csv(data, filename)


def _read_xlsx(data: bytes, filename: str) -> StaffFile:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        logger.info("staff file %r: unreadable zip: %s", filename, exc)
        raise _not_a_spreadsheet(filename, "tệp nén bị hỏng.") from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise _not_a_spreadsheet(filename, "tệp nén (ZIP/DOCX) không chứa bảng tính Excel.")
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise StaffFileError(f"Tệp «{filename}» quá lớn sau khi giải nén.")

    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        logger.info("staff file %r: openpyxl cannot open it: %r", filename, exc)
        raise _not_a_spreadsheet(filename, "không mở được tệp Excel (tệp hỏng?).") from None
    try:
        sheets = [(ws.title, ws) for ws in workbook.worksheets]
        if not sheets:
            raise StaffFileError(f"Tệp «{filename}» không có trang tính nào.")

        def sheet_rows(ws) -> Iterator[list[str]]:
            # A wrong <dimension> record would otherwise cut rows short in read-only mode.
            ws.reset_dimensions()
            for values in ws.iter_rows(values_only=True):
                yield [_cell_text(v) for v in values[:MAX_COLUMNS]]

        try:
            return _read_tables(
                filename, "xlsx", [(title, (lambda ws=ws: sheet_rows(ws))) for title, ws in sheets]
            )
        except StaffFileError:
            raise
        except Exception as exc:
            logger.info("staff file %r: error while reading cells: %r", filename, exc)
            raise _not_a_spreadsheet(filename, "không đọc được nội dung (tệp hỏng?).") from None
    finally:
        workbook.close()


def _looks_binary(sample: str) -> bool:
    # A stray vertical tab (Word's soft line break pasted into Excel) is not binary.
    controls = len(_CONTROL_RE.findall(sample))
    return "\x00" in sample or controls > max(2, len(sample) // 100)


def _decode_text(data: bytes, filename: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        head = data[:400]
        odd_nuls = head[1::2].count(0)
        even_nuls = head[0::2].count(0)
        encodings = ["utf-8"]
        if odd_nuls > len(head) // 4 and even_nuls == 0:
            encodings.insert(0, "utf-16-le")
        elif even_nuls > len(head) // 4 and odd_nuls == 0:
            encodings.insert(0, "utf-16-be")
        encodings.append("cp1258")  # Excel "CSV" on a Vietnamese Windows
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text[:20_000]):
            continue
        return nfc(text)
    raise _not_a_spreadsheet(filename)


_HTML_RE = re.compile(r"^\s*<(?:!doctype|html|table|\?xml)", re.IGNORECASE)


def _read_csv(data: bytes, filename: str) -> StaffFile:
    text = _decode_text(data, filename)
    if _HTML_RE.match(text[:1000]):
        raise _not_a_spreadsheet(
            filename,
            "đây là trang HTML/XML. Hãy mở bằng Excel và lưu lại dạng .xlsx hoặc CSV UTF-8.",
        )

    def records(delimiter: str) -> Iterator[list[str]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for record in reader:
            yield record[:MAX_COLUMNS]

    best_delimiter, best_score = ",", (-1, -1)
    for delimiter in (",", ";", "\t"):
        try:
            head = [r for _, r in zip(range(HEADER_SCAN_ROWS), records(delimiter), strict=False)]
        except csv.Error:
            continue
        recognised = max((len(_match_headers(r)) for r in head), default=0)
        width = len(head[0]) if head else 0
        if (recognised, width) > best_score:
            best_delimiter, best_score = delimiter, (recognised, width)
    try:
        return _read_tables(filename, "csv", [(None, lambda: records(best_delimiter))])
    except csv.Error as exc:
        logger.info("staff file %r: csv error: %s", filename, exc)
        raise _not_a_spreadsheet(filename, f"lỗi định dạng CSV ({exc}).") from None


def _read_tables(filename, fmt, tables) -> StaffFile:
    """Find the header row (in the first table that has one) and read the rows under it."""
    best: tuple[int, str | None, dict[str, int], list[str]] | None = None
    for sheet_name, open_rows in tables:
        for index, cells in enumerate(open_rows(), start=1):
            if index > HEADER_SCAN_ROWS:
                break
            found = _match_headers(cells)
            if all(f in found for f in REQUIRED_FIELDS):
                return _read_body(filename, fmt, sheet_name, open_rows(), index, cells, found)
            if found and (best is None or len(found) > len(best[2])):
                best = (index, sheet_name, found, cells)
    required = ", ".join(f"«{COLUMNS[f]}»" for f in REQUIRED_FIELDS)
    if best is None:
        raise StaffFileError(
            f"Không tìm thấy dòng tiêu đề trong tệp «{filename}». Dòng đầu phải có các cột "
            f"{required}. Hãy tải bảng mẫu và điền theo mẫu."
        )
    header_row, sheet_name, found, _ = best
    missing = ", ".join(f"«{COLUMNS[f]}»" for f in REQUIRED_FIELDS if f not in found)
    where = f" (trang «{sheet_name}», dòng {header_row})" if sheet_name else ""
    raise StaffFileError(f"Tệp «{filename}» thiếu cột {missing}{where}.")


def _read_body(filename, fmt, sheet_name, rows_iter, header_row, header_cells, found):
    headers = {f: _clean(header_cells[i]) for f, i in found.items()}
    file_warnings: list[str] = []
    used = set(found.values())
    for index, cell in enumerate(header_cells):
        name = _clean(cell)
        if index in used or not name or header_key(name) in _IGNORED_SILENTLY:
            continue
        if _HEADER_LOOKUP.get(header_key(name)):
            file_warnings.append(f"Cột «{name}» xuất hiện nhiều lần; chỉ dùng cột đầu tiên.")
        else:
            file_warnings.append(f"Cột «{name}» không dùng đến, đã bỏ qua.")
    if "phone" not in found:
        file_warnings.append(f"Không có cột «{COLUMNS['phone']}»; số điện thoại để trống.")

    rows: list[StaffRow] = []
    for row_number, cells in enumerate(rows_iter, start=1):
        if row_number <= header_row:
            continue
        values = {f: (cells[i] if i < len(cells) else "") for f, i in found.items()}
        if not any(_clean(v) for v in values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise StaffFileError(
                f"Tệp «{filename}» có hơn {_vi_number(MAX_ROWS)} dòng dữ liệu; "
                "hãy chia thành nhiều tệp."
            )
        rows.append(_parse_row(row_number, values))
    file_warnings.extend(_unify_unit_spellings(rows))
    return StaffFile(
        filename=filename,
        format=fmt,
        rows=rows,
        headers=headers,
        header_row=header_row,
        sheet_name=sheet_name,
        warnings=file_warnings,
    )


def _parse_row(row_number: int, values: Mapping[str, str]) -> StaffRow:
    problems: list[tuple[str, str]] = []

    def check(field_name: str, result):
        value, problem = result
        if problem:
            problems.append((field_name, problem))
        return value

    return StaffRow(
        row_number=row_number,
        full_name=check("full_name", normalize_full_name(values["full_name"])),
        unit_path=check("unit", normalize_unit_path(values["unit"])),
        position=check("position", normalize_position(values["position"])),
        kind=check("kind", normalize_kind(values["kind"])),
        email=check("email", normalize_email(values["email"])),
        phone=check("phone", normalize_phone(values.get("phone", ""))),
        problems=tuple(problems),
    )


def _unit_key(path: Sequence[str]) -> tuple[str, ...]:
    return tuple(new_tone_style(p).casefold() for p in path)


def _unify_unit_spellings(rows: list[StaffRow]) -> list[str]:
    """'Phòng Kinh tế' and 'phòng kinh tế' are one unit: keep the first spelling."""
    first: dict[tuple[str, ...], tuple[str, ...]] = {}
    variants: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for i, row in enumerate(rows):
        if not row.unit_path:
            continue
        path: list[str] = []
        for depth in range(1, len(row.unit_path) + 1):
            key = _unit_key(row.unit_path[:depth])
            canonical = first.setdefault(key, (*path, row.unit_path[depth - 1]))
            if canonical[-1] != row.unit_path[depth - 1]:
                variants.setdefault(key, set()).add(row.unit_path[:depth])
            path.append(canonical[-1])
        if tuple(path) != row.unit_path:
            rows[i] = _replace_unit(row, tuple(path))
    return [
        f"Đơn vị «{UNIT_SEPARATOR.join(first[key])}» được viết theo nhiều cách "
        f"({', '.join(sorted('«' + UNIT_SEPARATOR.join(v) + '»' for v in seen))}); "
        "đã gộp làm một."
        for key, seen in variants.items()
    ]


def _replace_unit(row: StaffRow, path: tuple[str, ...]) -> StaffRow:
    return replace(row, unit_path=path)


# ---------------------------------------------------------------------- validation

_FIELD_ORDER = {f: i for i, f in enumerate(COLUMNS)}


def validate(staff_file: StaffFile) -> list[RowError]:
    """Every problem in the file, ordered by row and column; empty means importable."""
    found: list[tuple[int, int, RowError]] = []

    def add(row_number: int, field_name: str, message: str) -> None:
        error = RowError(row_number, staff_file.column(field_name), message)
        found.append((row_number, _FIELD_ORDER[field_name], error))

    for row in staff_file.rows:
        for field_name, message in row.problems:
            add(row.row_number, field_name, message)

    by_email: dict[str, list[int]] = {}
    for row in staff_file.rows:
        if row.email and not any(f == "email" for f, _ in row.problems):
            by_email.setdefault(row.email, []).append(row.row_number)
    for numbers in by_email.values():
        if len(numbers) > 1:
            for n in numbers:
                others = ", ".join(str(m) for m in numbers if m != n)
                add(n, "email", f"Email bị trùng với dòng {others}")

    heads: dict[tuple[str, ...], list[StaffRow]] = {}
    for row in staff_file.rows:
        if row.unit_path and row.is_unit_head:
            heads.setdefault(_unit_key(row.unit_path), []).append(row)
    for same_unit in heads.values():
        if len(same_unit) > 1:
            unit = UNIT_SEPARATOR.join(same_unit[0].unit_path)
            for row in same_unit:
                others = ", ".join(str(r.row_number) for r in same_unit if r is not row)
                add(
                    row.row_number,
                    "position",
                    f"Đơn vị «{unit}» có hơn một trưởng đơn vị (trùng với dòng {others})",
                )

    found.sort(key=lambda item: (item[0], item[1]))
    return [error for _, _, error in found]


# ------------------------------------------------------------------------- writing


def _row_value(row: Mapping[str, object], field_name: str, header: str) -> str:
    for key in (field_name, header):
        if key in row:
            value = row[key]
            break
    else:
        return ""
    if field_name == "kind" and value in KIND_LABELS:
        return KIND_LABELS[value]
    if field_name == "unit" and isinstance(value, (tuple, list)):
        return UNIT_SEPARATOR.join(str(v) for v in value)
    return _cell_text(value)


def _resolve_columns(columns: Sequence[str]) -> list[tuple[str | None, str]]:
    resolved = []
    for header in columns:
        resolved.append((_HEADER_LOOKUP.get(header_key(header)), header))
    return resolved


def _table(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> Iterator[list[str]]:
    resolved = _resolve_columns(columns)
    yield list(columns)
    for row in rows:
        yield [_row_value(row, f, h) if f else _cell_text(row.get(h)) for f, h in resolved]


def write_staff_csv(
    rows: Iterable[Mapping[str, object]],
    *,
    columns: Sequence[str] = tuple(COLUMNS.values()),
    delimiter: str = ",",
    bom: bool = True,
    encoding: str = "utf-8",
) -> bytes:
    """CSV for the template download and tests; UTF-8 with BOM so Excel shows the accents.

    Rows are dicts keyed by field name (full_name, unit, position, kind, email, phone) or
    by header; `kind` may be a code ("cong_chuc") or free text, `unit` a tuple or a string.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(_table(rows, columns))
    payload = out.getvalue().encode(encoding)
    return (codecs.BOM_UTF8 + payload) if bom and encoding == "utf-8" else payload


def write_staff_xlsx(
    rows: Iterable[Mapping[str, object]],
    *,
    columns: Sequence[str] = tuple(COLUMNS.values()),
    sheet_title: str = "Danh sách cán bộ",
) -> bytes:
    """XLSX with the header row, text-formatted cells (phones keep their leading zero) and
    a drop-down for "Loại". `write_staff_xlsx([])` is the blank template."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    widths = {"full_name": 28, "unit": 44, "position": 22, "kind": 16, "email": 34, "phone": 14}
    resolved = _resolve_columns(columns)
    count = 0
    for count, values in enumerate(_table(rows, columns)):  # noqa: B007
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=count + 1, column=col)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value) if value else None
            cell.data_type = "s"  # text, never a formula, never a number
            cell.number_format = "@"
    for col, (f, _) in enumerate(resolved, start=1):
        letter = get_column_letter(col)
        sheet.cell(row=1, column=col).font = Font(bold=True)
        sheet.column_dimensions[letter].width = widths.get(f or "", 16)
        if f == "kind":
            choice = DataValidation(
                type="list", formula1='"' + ",".join(KIND_LABELS.values()) + '"', allow_blank=True
            )
            sheet.add_data_validation(choice)
            choice.add(f"{letter}2:{letter}{max(count + 1, 1000)}")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------- demo

# Approximate shares of the commonest family names in Viet Nam.
_FAMILY_NAMES = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 3),
    ("Huỳnh", 2),
    ("Phan", 4),
    ("Vũ", 2),
    ("Võ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 1.5),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Trương", 1),
    ("Đàng", 0.4),
)
_MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Công", "Xuân", "Quốc")
_MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Minh", "Kim", "Thùy", "Hồng")
_SECOND_MIDDLE_FEMALE = ("Thu", "Thanh", "Ngọc", "Kim", "Mỹ", "Hồng", "Bích", "Phương")
_GIVEN_MALE = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khánh", "Khoa",
    "Lâm", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài",
    "Thắng", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Thành",
)  # fmt: skip
_GIVEN_FEMALE = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Huyền",
    "Lan", "Linh", "Loan", "Ly", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên",
    "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến", "Hồng", "Diệp",
)  # fmt: skip

_CC, _VC, _NLD = "cong_chuc", "vien_chuc", "nguoi_lao_dong"
# (unit path, weight, head, deputy, [(position, kind, weight)])
_DEMO_UNITS: tuple[tuple[tuple[str, ...], int, str, str, tuple[tuple[str, str, int], ...]], ...] = (
    (("Lãnh đạo Văn phòng",), 3, "Chánh Văn phòng", "Phó Chánh Văn phòng", ()),
    (
        ("Phòng Hành chính - Tổ chức",),
        10,
        "Trưởng phòng",
        "Phó Trưởng phòng",
        (
            ("Chuyên viên", _CC, 5),
            ("Kế toán viên", _CC, 1),
            ("Lái xe", _NLD, 3),
            ("Nhân viên bảo vệ", _NLD, 2),
            ("Nhân viên phục vụ", _NLD, 1),
        ),
    ),  # fmt: skip
    (
        ("Phòng Hành chính - Tổ chức", "Tổ Văn thư - Lưu trữ"),
        4,
        "Tổ trưởng",
        "Tổ phó",
        (("Văn thư", _CC, 3), ("Lưu trữ viên", _CC, 1)),
    ),
    (
        ("Phòng Kinh tế",),
        9,
        "Trưởng phòng",
        "Phó Trưởng phòng",
        (("Chuyên viên", _CC, 4), ("Chuyên viên chính", _CC, 2)),
    ),  # fmt: skip
    (
        ("Phòng Khoa giáo - Văn xã",),
        7,
        "Trưởng phòng",
        "Phó Trưởng phòng",
        (("Chuyên viên", _CC, 4), ("Chuyên viên chính", _CC, 1)),
    ),  # fmt: skip
    (
        ("Phòng Nội chính",),
        7,
        "Trưởng phòng",
        "Phó Trưởng phòng",
        (("Chuyên viên", _CC, 4), ("Chuyên viên chính", _CC, 1)),
    ),  # fmt: skip
    (
        ("Phòng Tổng hợp",),
        8,
        "Trưởng phòng",
        "Phó Trưởng phòng",
        (("Chuyên viên", _CC, 4), ("Chuyên viên chính", _CC, 2)),
    ),  # fmt: skip
    (("Ban Tiếp công dân",), 5, "Trưởng ban", "Phó Trưởng ban", (("Chuyên viên", _CC, 1),)),
    (
        ("Trung tâm Phục vụ hành chính công",),
        10,
        "Giám đốc",
        "Phó Giám đốc",
        (
            ("Chuyên viên", _CC, 5),
            ("Viên chức tiếp nhận hồ sơ", _VC, 3),
            ("Nhân viên hỗ trợ", _NLD, 1),
        ),
    ),  # fmt: skip
    (
        ("Trung tâm Công báo - Tin học",),
        8,
        "Giám đốc",
        "Phó Giám đốc",
        (
            ("Biên tập viên", _VC, 2),
            ("Kỹ sư công nghệ thông tin", _VC, 3),
            ("Kỹ thuật viên", _VC, 1),
            ("Kế toán", _VC, 1),
        ),
    ),  # fmt: skip
    (
        ("Nhà khách",),
        6,
        "Giám đốc",
        "Phó Giám đốc",
        (("Lễ tân", _NLD, 2), ("Nhân viên phục vụ", _NLD, 3), ("Kế toán", _VC, 1)),
    ),
)
_LEADER_KIND = {"Trung tâm Công báo - Tin học": _VC, "Nhà khách": _VC}
_MOBILE_PREFIXES = (
    "032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078",
    "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093",
    "094", "096", "097", "098",
)  # fmt: skip


def _demo_name(rng: random.Random) -> str:
    families, weights = zip(*_FAMILY_NAMES, strict=True)
    family = rng.choices(families, weights)[0]
    if rng.random() < 0.5:
        middle = [rng.choice(_MIDDLE_MALE)]
        given = rng.choice(_GIVEN_MALE)
    else:
        middle = [rng.choice(_MIDDLE_FEMALE)]
        if rng.random() < 0.25:
            middle.append(rng.choice([m for m in _SECOND_MIDDLE_FEMALE if m != middle[0]]))
        given = rng.choice(_GIVEN_FEMALE)
    return " ".join([family, *middle, given])


def _demo_email_local(full_name: str) -> str:
    # Government mail style: given name + initials of the others ("Nguyễn Văn An" -> annv).
    words = fold(full_name).split(" ")
    return words[-1] + "".join(w[0] for w in words[:-1])


def generate_demo_staff(n: int, seed: int = 0) -> list[dict]:
    """Realistic staff of a provincial People's Committee Office, deterministic per seed.

    One head per unit (units get heads in order while n allows), e-mails on the
    clearly fake `demo.parcomms.invalid` domain, valid and unique mobile numbers.
    Keys: full_name, unit (" > " path), position, kind (code), email, phone.
    """
    rng = random.Random(seed)
    units = _DEMO_UNITS
    sizes = [0] * len(units)
    for i in range(min(n, len(units))):
        sizes[i] = 1
    # The office leadership is a Chánh and at most three Phó Chánh Văn phòng.
    caps = [4 if not u[4] else None for u in units]
    for _ in range(max(n - len(units), 0)):
        open_units = [i for i, cap in enumerate(caps) if cap is None or sizes[i] < cap]
        weights = [units[i][1] for i in open_units]
        sizes[rng.choices(open_units, weights)[0]] += 1

    used_emails: set[str] = set()
    used_phones: set[str] = set()
    rows: list[dict] = []
    for (path, _, head, deputy, positions), size in zip(units, sizes, strict=True):
        leader_kind = _LEADER_KIND.get(path[0], _CC)
        deputies = min(max(size - 2, 0), 1 if size < 6 else 2)
        for k in range(size):
            if k == 0:
                position, kind = head, leader_kind
            elif k <= deputies or not positions:
                position, kind = deputy, leader_kind
            else:
                names, kinds, pw = zip(*positions, strict=True)
                pick = rng.choices(range(len(positions)), pw)[0]
                position, kind = names[pick], kinds[pick]
            full_name = _demo_name(rng)
            local = _demo_email_local(full_name)
            email, suffix = f"{local}@{DEMO_EMAIL_DOMAIN}", 1
            while email in used_emails:
                suffix += 1
                email = f"{local}{suffix}@{DEMO_EMAIL_DOMAIN}"
            used_emails.add(email)
            phone = ""
            while not phone or phone in used_phones:
                phone = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
            used_phones.add(phone)
            rows.append(
                {
                    "full_name": full_name,
                    "unit": UNIT_SEPARATOR.join(path),
                    "position": position,
                    "kind": kind,
                    "email": email,
                    "phone": phone,
                }
            )
    return rows
