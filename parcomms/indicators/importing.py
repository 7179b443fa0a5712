"""Indicator results from a spreadsheet (pure Python, no Django).

`read_results(data, filename, indicators)` reads an XLSX with one result per row and checks
every row against the indicator definitions; it returns the rows and the list of problems
(row, column, Vietnamese message). The service refuses the whole file when there is any
problem, so nothing is half-imported. `write_results_xlsx(rows)` writes the same layout: the
template to download, filled with example rows.

Cells as people type them: "85,78" or "85.78"; "81,83%"; a rank "29" or "29/63"; a value
followed by "[D]" ("0,305 [D]") is a derived figure and keeps its mark.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from parcomms.plans.targets import SCOPE_LABELS
from parcomms.vn.numbers import format_decimal, parse_decimal
from parcomms.vn.text import fold, nfc, squash_spaces

from .catalogue import Definition
from .evaluate import DERIVED_MARK, tier_position

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 50
HEADER_SCAN_ROWS = 10
SOURCE_KINDS = ("P", "S", "D")

COLUMNS: dict[str, str] = {
    "indicator": "Chỉ số",
    "year": "Năm",
    "scope": "Phạm vi",
    "territory": "Địa bàn",
    "score": "Điểm",
    "rank": "Thứ hạng",
    "rank_of": "Trên tổng số",
    "tier": "Nhóm xếp loại",
    "source_kind": "Loại nguồn (P/S/D)",
    "source_url": "Đường dẫn nguồn",
    "note": "Ghi chú",
}
REQUIRED = ("indicator", "year")
_ALIASES = {
    "indicator": ("chi so", "ma chi so", "indicator"),
    "year": ("nam", "year"),
    "scope": ("pham vi", "nhom don vi"),
    "territory": ("dia ban", "tinh"),
    "score": ("diem", "diem so", "score", "gia tri"),
    "rank": ("thu hang", "hang", "xep hang", "rank"),
    "rank_of": ("tren tong so", "tong so", "rank of"),
    "tier": ("nhom xep loai", "nhom", "xep loai", "tier"),
    "source_kind": ("loai nguon (p/s/d)", "loai nguon", "nguon p/s/d"),
    "source_url": ("duong dan nguon", "nguon", "duong dan", "url", "link"),
    "note": ("ghi chu", "note"),
}
_HEADERS = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_ZIP_MAGIC = b"PK\x03\x04"
_DERIVED_RE = re.compile(r"\s*\[\s*d\s*\]\s*$", re.IGNORECASE)
_RANK_RE = re.compile(r"^(?:hạng\s*)?(\d{1,3})(?:\s*/\s*(\d{1,3}))?$", re.IGNORECASE)
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class ResultFileError(Exception):
    """The file cannot be read at all; the message is for the user (Vietnamese)."""


@dataclass(frozen=True)
class RowError:
    row_number: int
    column: str
    message: str
    field: str = ""  # the COLUMNS key, for forms

    def __str__(self) -> str:
        return f"Dòng {self.row_number}, cột «{self.column}»: {self.message}"


@dataclass
class ResultRow:
    row_number: int
    indicator: str  # code
    year: int
    scope: str = ""
    territory: str = ""
    score: Decimal | None = None
    rank: int | None = None
    rank_of: int | None = None
    tier: str = ""
    score_derived: bool = False
    rank_derived: bool = False
    source_kind: str = "P"
    source_url: str = ""
    note: str = ""

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.indicator, self.year, self.scope)


@dataclass
class ResultFile:
    rows: list[ResultRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        value = repr(value)  # shortest form: 85.78, not 85.780000001
    return squash_spaces(nfc(str(value)))


def _indicator_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _open_rows(data: bytes, filename: str) -> Iterator[list[str]]:
    if not data:
        raise ResultFileError(f"Tệp «{filename}» rỗng.")
    if len(data) > MAX_BYTES:
        raise ResultFileError(f"Tệp «{filename}» quá lớn; tối đa {MAX_BYTES // 1024 // 1024} MB.")
    if not data.startswith(_ZIP_MAGIC):
        raise ResultFileError(
            f"Tệp «{filename}» không phải là bảng tính XLSX. Hãy lưu tệp dạng Excel Workbook "
            "(.xlsx) hoặc dùng tệp mẫu."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ResultFileError(f"Tệp «{filename}» bị hỏng, không đọc được.") from None
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise ResultFileError(f"Tệp «{filename}» không chứa bảng tính Excel.")
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise ResultFileError(f"Tệp «{filename}» quá lớn sau khi giải nén.")
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        logger.info("result file %r: openpyxl cannot open it: %r", filename, exc)
        raise ResultFileError(f"Tệp «{filename}» bị hỏng, không mở được.") from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(v) for v in values[:MAX_COLUMNS]]
    except ResultFileError:
        raise
    except Exception as exc:
        logger.info("result file %r: error while reading cells: %r", filename, exc)
        raise ResultFileError(f"Tệp «{filename}» bị hỏng, không đọc được nội dung.") from None
    finally:
        workbook.close()


def _match_header(cells: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _HEADERS.get(fold(cell).strip(" *:"))
        if name and name not in found:
            found[name] = index
    return found


def read_results(data: bytes, filename: str, indicators: Mapping[str, Definition]) -> ResultFile:
    """Read and check every row; raises ResultFileError only when the file is unreadable."""
    rows_iter = _open_rows(data, filename)
    header: dict[str, int] | None = None
    header_row = 0
    for number, cells in enumerate(rows_iter, start=1):
        found = _match_header(cells)
        if all(name in found for name in REQUIRED):
            header, header_row = found, number
            break
        if number >= HEADER_SCAN_ROWS:
            break
    if header is None:
        wanted = ", ".join(f"«{COLUMNS[name]}»" for name in REQUIRED)
        raise ResultFileError(
            f"Không tìm thấy dòng tiêu đề trong {HEADER_SCAN_ROWS} dòng đầu của tệp «{filename}»: "
            f"cần ít nhất các cột {wanted}. Hãy dùng tệp mẫu."
        )
    by_key = _indicator_keys(indicators)
    out = ResultFile()
    seen: dict[tuple[str, int, str], int] = {}
    for number, cells in enumerate(rows_iter, start=header_row + 1):
        values = {name: cells[i] if i < len(cells) else "" for name, i in header.items()}
        if not any(values.values()):
            continue
        if len(out.rows) + len(out.errors) >= MAX_ROWS:
            raise ResultFileError(f"Tệp «{filename}» có quá nhiều dòng; tối đa {MAX_ROWS} dòng.")
        row, errors = parse_values(values, indicators, number, by_key)
        out.errors.extend(errors)
        if row is None:
            continue
        if row.key in seen:
            out.errors.append(
                RowError(
                    number,
                    COLUMNS["year"],
                    f"trùng với dòng {seen[row.key]} (cùng chỉ số, năm và phạm vi).",
                )
            )
            continue
        seen[row.key] = number
        if not errors:
            out.rows.append(row)
    if not out.rows and not out.errors:
        out.errors.append(
            RowError(header_row, COLUMNS["indicator"], "tệp không có dòng dữ liệu nào.")
        )
    return out


def _indicator_keys(indicators: Mapping[str, Definition]) -> dict[str, str]:
    keys = {}
    for code, d in indicators.items():
        for name in (code, d.label, d.name):
            keys[_indicator_key(name)] = code
    return keys


def parse_values(
    values: Mapping[str, str],
    indicators: Mapping[str, Definition],
    number: int = 0,
    by_key: Mapping[str, str] | None = None,
) -> tuple[ResultRow | None, list[RowError]]:
    """One result from its cells as text (keys of COLUMNS); the form uses it too, so a row
    typed in the form and a row in a file obey the same rules."""
    by_code = indicators
    by_key = by_key if by_key is not None else _indicator_keys(indicators)
    values = {k: squash_spaces(nfc(v or "")) for k, v in values.items()}
    errors: list[RowError] = []

    def err(name: str, message: str) -> None:
        errors.append(RowError(number, COLUMNS[name], message, name))

    raw_indicator = values.get("indicator", "")
    code = by_key.get(_indicator_key(raw_indicator)) if raw_indicator else None
    if not raw_indicator:
        err("indicator", "chưa ghi chỉ số.")
    elif code is None:
        err(
            "indicator",
            f"không biết chỉ số «{raw_indicator[:60]}». Dùng một mã như PAR_INDEX, SIPAS, PAPI, "
            "PCI, DTI, ICT_INDEX, DDCI.",
        )
    raw_year = values.get("year", "")
    year = None
    if not raw_year:
        err("year", "chưa ghi năm.")
    elif not re.fullmatch(r"\d{4}", raw_year) or not 2000 <= int(raw_year) <= 2100:
        err("year", f"năm «{raw_year[:20]}» không hợp lệ (ghi 4 chữ số, ví dụ 2023).")
    else:
        year = int(raw_year)
    if code is None or year is None:
        return None, errors
    definition = by_code[code]
    row = ResultRow(row_number=number, indicator=code, year=year)

    raw_scope = values.get("scope", "")
    if raw_scope:
        scope = _scope(raw_scope)
        if scope is None or (scope and scope not in definition.scopes):
            allowed = ", ".join(f"«{SCOPE_LABELS[s]}»" for s in definition.scopes)
            err(
                "scope",
                f"phạm vi «{raw_scope[:40]}» không dùng cho {definition.label}"
                + (f"; chọn {allowed} hoặc để trống." if allowed else "; để trống cột này."),
            )
        else:
            row.scope = scope
    row.territory = values.get("territory", "")[:150]

    raw_score = values.get("score", "")
    if raw_score:
        text, row.score_derived = _strip_derived(raw_score)
        score = _parse_score(text)
        if score is None:
            err("score", f"điểm «{raw_score[:30]}» không phải là số (ví dụ 85,78 hoặc 81,83%).")
        elif not definition.unit:
            err("score", f"{definition.label} không có điểm số; để trống cột này.")
        elif (definition.scale_min is not None and score < definition.scale_min) or (
            definition.scale_max is not None and score > definition.scale_max
        ):
            low, high = _fmt(definition.scale_min), _fmt(definition.scale_max)
            err(
                "score",
                f"điểm {_fmt(score)} nằm ngoài thang điểm của {definition.label} ({low}–{high}).",
            )
        elif score.as_tuple().exponent < -4:
            err("score", "điểm có quá 4 chữ số thập phân.")
        else:
            row.score = score

    raw_rank = values.get("rank", "")
    raw_rank_of = values.get("rank_of", "")
    if raw_rank_of:
        if re.fullmatch(r"\d{1,3}", raw_rank_of) and int(raw_rank_of) > 0:
            row.rank_of = int(raw_rank_of)
        else:
            err("rank_of", f"«{raw_rank_of[:20]}» không phải là số nguyên dương.")
    if raw_rank:
        text, row.rank_derived = _strip_derived(raw_rank)
        m = _RANK_RE.match(text)
        if not m or int(m.group(1)) < 1:
            err("rank", f"thứ hạng «{raw_rank[:20]}» không hợp lệ (ví dụ 29 hoặc 29/63).")
        else:
            row.rank = int(m.group(1))
            if m.group(2):
                if row.rank_of and row.rank_of != int(m.group(2)):
                    err("rank_of", f"khác với tổng số ghi ở cột «{COLUMNS['rank']}».")
                row.rank_of = int(m.group(2))
    if row.rank is not None and row.rank_of is None:
        row.rank_of = definition.rank_of
    if row.rank is not None and row.rank_of is not None and row.rank > row.rank_of:
        err("rank", f"hạng {row.rank} lớn hơn tổng số {row.rank_of}.")

    raw_tier = values.get("tier", "")
    if raw_tier:
        tier = raw_tier.strip().lower().removeprefix("nhóm ").strip()
        if not definition.tiers or tier not in definition.tiers:
            allowed = ", ".join(f"«{t}»" for t in definition.tiers)
            err(
                "tier",
                f"nhóm «{raw_tier[:30]}» không có trong thang xếp loại của {definition.label}"
                + (f" ({allowed})." if allowed else " (chỉ số này không xếp nhóm)."),
            )
        elif tier_position(tier) is None:
            err("tier", f"nhóm «{raw_tier[:30]}» không hợp lệ.")
        else:
            row.tier = tier

    raw_kind = values.get("source_kind", "").upper().strip()
    if raw_kind:
        if raw_kind not in SOURCE_KINDS:
            err("source_kind", f"«{raw_kind[:10]}» không hợp lệ; ghi P, S hoặc D.")
        else:
            row.source_kind = raw_kind
    if row.source_kind == "D" and not (row.score_derived or row.rank_derived):
        row.score_derived = row.score is not None
        row.rank_derived = row.rank is not None

    raw_url = values.get("source_url", "")
    if raw_url:
        if len(raw_url) > 500 or not _URL_RE.match(raw_url):
            err(
                "source_url",
                "đường dẫn phải bắt đầu bằng http:// hoặc https:// (tối đa 500 ký tự).",
            )
        else:
            row.source_url = raw_url
    row.note = values.get("note", "")[:2000]

    if row.score is None and row.rank is None and not row.tier and not errors:
        err("score", "dòng không có điểm, thứ hạng hay nhóm xếp loại nào.")
    return row, errors


def _fmt(value: Decimal) -> str:
    if value == value.to_integral_value():
        return format_decimal(value.quantize(Decimal(1)))
    return format_decimal(value.normalize())


def _scope(text: str) -> str | None:
    key = fold(text)
    if key in ("", "toan tinh", "chung"):
        return ""
    if key in ("departments",) or re.search(r"\b(?:so|ban|nganh)\b", key):
        return "departments"
    if key in ("localities",) or re.search(r"\b(?:dia phuong|huyen)\b", key):
        return "localities"
    return None


def _strip_derived(text: str) -> tuple[str, bool]:
    stripped = _DERIVED_RE.sub("", text)
    return stripped.strip().lstrip("≈~").strip(), stripped != text


def _parse_score(text: str) -> Decimal | None:
    text = text.strip().removesuffix("%").removesuffix("điểm").strip()
    try:
        return parse_decimal(text)
    except ValueError:
        return None


# --- Writing -------------------------------------------------------------------------------


def row_cells(row: ResultRow) -> list[str]:
    def mark(value: str, derived: bool) -> str:
        return f"{value} {DERIVED_MARK}" if value and derived else value

    score = _fmt(row.score) if row.score is not None else ""
    return [
        row.indicator,
        str(row.year),
        SCOPE_LABELS.get(row.scope, "") if row.scope else "",
        row.territory,
        mark(score, row.score_derived),
        mark(str(row.rank) if row.rank is not None else "", row.rank_derived),
        str(row.rank_of) if row.rank_of is not None else "",
        row.tier,
        row.source_kind,
        row.source_url,
        row.note,
    ]


def write_results_xlsx(rows: Iterable[ResultRow], indicators: Iterable[Definition] = ()) -> bytes:
    """The import layout: header, the rows given, a drop-down for the source kind, and a
    second sheet listing the indicators and their scales."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kết quả chỉ số"
    widths = (14, 8, 20, 20, 12, 11, 12, 16, 12, 50, 60)
    sheet.append(list(COLUMNS.values()))
    count = 1
    for row in rows:
        count += 1
        for col, value in enumerate(row_cells(row), start=1):
            cell = sheet.cell(row=count, column=col)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", value) if value else None
            cell.data_type = "s"
            cell.number_format = "@"
    for col, width in enumerate(widths, start=1):
        sheet.cell(row=1, column=col).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = width
    choice = DataValidation(type="list", formula1='"P,S,D"', allow_blank=True)
    sheet.add_data_validation(choice)
    choice.add(f"I2:I{max(count, 500)}")
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Danh mục chỉ số")
    guide.append(["Mã", "Tên chỉ số", "Thang điểm", "Nhóm xếp loại", "Phạm vi", "Cơ quan công bố"])
    for d in indicators:
        scale = (
            f"{_fmt(d.scale_min)}–{_fmt(d.scale_max)}"
            if d.scale_min is not None and d.scale_max is not None
            else ""
        )
        guide.append(
            [
                d.code,
                d.name,
                scale,
                ", ".join(d.tiers),
                ", ".join(SCOPE_LABELS[s] for s in d.scopes),
                d.publisher,
            ]
        )
    for col, width in enumerate((22, 70, 12, 60, 40, 60), start=1):
        guide.cell(row=1, column=col).font = Font(bold=True)
        guide.column_dimensions[get_column_letter(col)].width = width
    guide.append([])
    guide.append(
        [
            "Ghi chú",
            "Điểm ghi 85,78 hoặc 85.78; SIPAS ghi 81,83 hoặc 81,83%. Thứ hạng ghi 29 hoặc 29/63. "
            "Số suy ra từ mức thay đổi đã công bố: thêm [D] sau số (ví dụ 0,305 [D]). "
            "Loại nguồn: P chính thức, S báo chí, D suy ra.",
        ]
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
