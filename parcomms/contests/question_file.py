"""Question bank files (XLSX), pure Python: read, validate, write.

One row per multiple-choice question:

    STT | Câu hỏi | Phương án A … Phương án F | Đáp án đúng | Lĩnh vực | Văn bản | Mức độ |
    Giải thích | Nguồn

"Đáp án đúng" lists one or several letters ("B" or "A, C"); "Lĩnh vực" lists content-area
labels of the plan ("a", "đ"); "Văn bản" lists legal-document numbers and symbols
("1894/QĐ-UBND; 76/NQ-CP"); "Mức độ" is Dễ / Trung bình / Khó.

`read_question_file` raises `QuestionFileError` when the file cannot be read at all;
`validate` returns every row and column problem at once (messages in Vietnamese). The Django
import service refuses the whole file when there is any.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from parcomms.vn.text import fold, nfc, squash_spaces

MAX_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
MAX_ROWS = 5000
MAX_QUESTION_CHARS = 2000
MAX_OPTION_CHARS = 1000
MAX_SOURCE_CHARS = 500
LETTERS = "ABCDEF"
MIN_OPTIONS = 2

DIFFICULTY_LABELS = {1: "Dễ", 2: "Trung bình", 3: "Khó"}
_DIFFICULTY_LOOKUP = {
    "de": 1,
    "1": 1,
    "trung binh": 2,
    "tb": 2,
    "vua": 2,
    "2": 2,
    "kho": 3,
    "3": 3,
}

COLUMNS: dict[str, str] = {
    "number": "STT",
    "text": "Câu hỏi",
    **{f"option_{letter}": f"Phương án {letter}" for letter in LETTERS},
    "correct": "Đáp án đúng",
    "areas": "Lĩnh vực",
    "documents": "Văn bản",
    "difficulty": "Mức độ",
    "explanation": "Giải thích",
    "source": "Nguồn",
}
_ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("stt", "tt", "so tt"),
    "text": ("cau hoi", "noi dung cau hoi", "noi dung"),
    "correct": ("dap an dung", "dap an", "phuong an dung", "dap an chinh xac"),
    "areas": ("linh vuc", "noi dung tuyen truyen", "chu de"),
    "documents": ("van ban", "van ban lien quan", "can cu"),
    "difficulty": ("muc do", "do kho"),
    "explanation": ("giai thich", "huong dan", "giai thich dap an"),
    "source": ("nguon", "nguon trich dan", "trich dan"),
}
for _letter in LETTERS:
    _l = _letter.lower()
    _ALIASES[f"option_{_letter}"] = (
        f"phuong an {_l}",
        f"dap an {_l}",
        f"lua chon {_l}",
        _l,
    )
_LOOKUP = {alias: f for f, aliases in _ALIASES.items() for alias in aliases}
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class QuestionFileError(Exception):
    """The file cannot be read at all; the message is Vietnamese, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row_number: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row_number}, cột {self.column}: {self.message}"


@dataclass
class QuestionRow:
    row_number: int
    text: str
    options: list[tuple[str, str]]  # (letter, text), in the file's order, blanks left out
    correct: list[str]  # letters
    areas: list[str]  # content-area labels as written ("a", "đ")
    documents: list[str]  # references as written
    difficulty: int | None  # None when invalid
    explanation: str
    source: str
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, message)

    @property
    def key(self) -> str:
        return question_key(self.text)


@dataclass
class QuestionFile:
    filename: str
    rows: list[QuestionRow]
    headers: dict[str, str]  # field -> header as written

    def column(self, name: str) -> str:
        return self.headers.get(name, COLUMNS[name])


def question_key(text: str) -> str:
    """The duplicate-detection key: the text folded (no case, no diacritics, no punctuation)."""
    folded = squash_spaces(_NON_WORD_RE.sub(" ", fold(text)))
    return hashlib.sha1(folded.encode()).hexdigest()


def _header_key(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", fold(nfc(str(text))))
    return squash_spaces(_NON_WORD_RE.sub(" ", text))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return squash_spaces(_CONTROL_RE.sub(" ", nfc(str(value))))


def _multiline_text(value: object) -> str:
    """Like _cell_text but keeps line breaks (explanations often have paragraphs)."""
    if value is None:
        return ""
    lines = [squash_spaces(_CONTROL_RE.sub(" ", line)) for line in nfc(str(value)).splitlines()]
    return "\n".join(line for line in lines if line)


def _split_list(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n]+", text) if p.strip()]


def parse_area_labels(text: str) -> list[str]:
    """'a, đ' / 'a); đ)' / 'A Đ' -> ['a', 'đ'] (đ is its own letter, never folded to d)."""
    labels = []
    for part in re.split(r"[,;\s]+", nfc(text).lower()):
        part = part.strip().rstrip(").").lstrip("(")
        if part and part not in labels:
            labels.append(part)
    return labels


def parse_correct(text: str) -> list[str]:
    """'A, C' / 'a;c' / 'AC' / 'Phương án B' -> ['A', 'C'] / ['B']; [] when unreadable."""
    cleaned = re.sub(r"(?i)ph\w*ng\s+[aá]n|đ[aá]p\s+[aá]n", " ", nfc(text))
    compact = re.sub(r"[\s,;/&+và]+", "", cleaned, flags=re.IGNORECASE).upper()
    if not compact or any(ch not in LETTERS for ch in compact):
        return []
    return sorted(set(compact))


def read_question_file(data: bytes, filename: str) -> QuestionFile:
    if not data:
        raise QuestionFileError(f"Tệp «{filename}» rỗng.")
    if len(data) > MAX_BYTES:
        raise QuestionFileError(
            f"Tệp «{filename}» quá lớn; tối đa {MAX_BYTES // (1024 * 1024)} MB."
        )
    if not data.startswith(b"PK\x03\x04"):
        raise QuestionFileError(
            f"Tệp «{filename}» không phải là bảng tính XLSX. Hãy lưu tệp dưới dạng "
            "Excel Workbook (.xlsx) và tải lên lại."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise QuestionFileError(f"Tệp «{filename}» giải nén ra quá lớn.")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except QuestionFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise QuestionFileError(
            f"Không đọc được tệp «{filename}» (tệp hỏng hoặc không phải XLSX)."
        ) from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_cells, header_row = None, 0
        for index, cells in enumerate(rows, start=1):
            if index > 10:
                break
            keys = [_header_key(c) if c is not None else "" for c in cells]
            if "cau hoi" in keys or "noi dung cau hoi" in keys:
                header_cells, header_row = cells, index
                break
        if header_cells is None:
            raise QuestionFileError(
                f"Tệp «{filename}» không có dòng tiêu đề với cột «Câu hỏi» trong 10 dòng đầu. "
                "Hãy dùng tệp mẫu."
            )
        columns: dict[str, int] = {}
        headers: dict[str, str] = {}
        for i, cell in enumerate(header_cells):
            name = _LOOKUP.get(_header_key(cell) if cell is not None else "")
            if name and name not in columns:
                columns[name] = i
                headers[name] = _cell_text(cell)
        missing = [
            COLUMNS[f] for f in ("text", "option_A", "option_B", "correct") if f not in columns
        ]
        if missing:
            raise QuestionFileError(
                f"Tệp «{filename}» thiếu cột: {', '.join(missing)}. Hãy dùng tệp mẫu."
            )
        parsed: list[QuestionRow] = []
        for row_number, cells in enumerate(rows, start=header_row + 1):
            if len(parsed) >= MAX_ROWS:
                raise QuestionFileError(f"Tệp «{filename}» có quá {MAX_ROWS} câu hỏi.")

            def get(name, cells=cells):
                i = columns.get(name)
                return cells[i] if i is not None and i < len(cells) else None

            if all(_cell_text(get(f)) == "" for f in columns if f != "number"):
                continue
            parsed.append(_parse_row(row_number, get))
    finally:
        book.close()
    if not parsed:
        raise QuestionFileError(f"Tệp «{filename}» không có câu hỏi nào.")
    return QuestionFile(filename=filename, rows=parsed, headers=headers)


def _parse_row(row_number: int, get: Callable[[str], object]) -> QuestionRow:
    problems: list[tuple[str, str]] = []
    text = _multiline_text(get("text"))
    if not text:
        problems.append(("text", "Thiếu nội dung câu hỏi"))
    elif len(text) > MAX_QUESTION_CHARS:
        problems.append(("text", f"Câu hỏi quá dài (tối đa {MAX_QUESTION_CHARS} ký tự)"))
    options = []
    for letter in LETTERS:
        value = _multiline_text(get(f"option_{letter}"))
        if value:
            if len(value) > MAX_OPTION_CHARS:
                problems.append(
                    (f"option_{letter}", f"Phương án quá dài (tối đa {MAX_OPTION_CHARS} ký tự)")
                )
            options.append((letter, value))
    letters_present = [letter for letter, _ in options]
    if len(options) < MIN_OPTIONS:
        problems.append(("option_B", f"Cần ít nhất {MIN_OPTIONS} phương án trả lời"))
    seen_options: dict[str, str] = {}
    for letter, value in options:
        key = fold(value)
        if key in seen_options:
            problems.append(
                (
                    f"option_{letter}",
                    f"Phương án {letter} trùng với phương án {seen_options[key]}",
                )
            )
        seen_options.setdefault(key, letter)
    correct_text = _cell_text(get("correct"))
    correct = parse_correct(correct_text)
    if not correct_text:
        problems.append(("correct", "Thiếu đáp án đúng (ví dụ: B hoặc A, C)"))
    elif not correct:
        problems.append(
            (
                "correct",
                f"Đáp án đúng không hợp lệ: «{correct_text}» (ghi chữ cái A–F, ví dụ: B hoặc A, C)",
            )
        )
    else:
        absent = [letter for letter in correct if letter not in letters_present]
        if absent:
            problems.append(
                (
                    "correct",
                    f"Đáp án {', '.join(absent)} không có nội dung phương án tương ứng",
                )
            )
        elif len(correct) == len(options):
            problems.append(("correct", "Tất cả phương án đều đúng; cần ít nhất một phương án sai"))
    difficulty_text = _cell_text(get("difficulty"))
    difficulty: int | None = 2
    if difficulty_text:
        difficulty = _DIFFICULTY_LOOKUP.get(fold(difficulty_text))
        if difficulty is None:
            problems.append(
                (
                    "difficulty",
                    f"Mức độ không hợp lệ: «{difficulty_text}» (chấp nhận: Dễ, Trung bình, Khó)",
                )
            )
    source = _cell_text(get("source"))
    if len(source) > MAX_SOURCE_CHARS:
        problems.append(("source", f"Nguồn quá dài (tối đa {MAX_SOURCE_CHARS} ký tự)"))
    return QuestionRow(
        row_number=row_number,
        text=text,
        options=options,
        correct=correct,
        areas=parse_area_labels(_cell_text(get("areas"))),
        documents=_split_list(_multiline_text(get("documents"))),
        difficulty=difficulty,
        explanation=_multiline_text(get("explanation")),
        source=source,
        problems=problems,
    )


def validate(
    qfile: QuestionFile,
    *,
    known_areas: Iterable[str],
    resolve_document: Callable[[str], object | None],
    existing: Mapping[str, int],
    skip_existing: bool = False,
) -> tuple[list[RowError], list[QuestionRow], list[QuestionRow]]:
    """Check every row. Returns (errors, rows to import, rows skipped as already in the bank).

    `existing` maps question keys already in the bank to their ids. A question whose text
    repeats another row of the file is always an error; one already in the bank is an error
    unless `skip_existing`.
    """
    areas = set(known_areas)
    errors: list[RowError] = []
    to_import: list[QuestionRow] = []
    skipped: list[QuestionRow] = []
    first_row: dict[str, int] = {}
    for row in qfile.rows:
        row_errors = [RowError(row.row_number, qfile.column(f), m) for f, m in row.problems]
        unknown = [a for a in row.areas if a not in areas]
        if unknown:
            if areas:
                allowed = ", ".join(sorted(areas))
                message = f"Lĩnh vực không có trong kế hoạch: {', '.join(unknown)} (có: {allowed})"
            else:
                message = "Chưa có kế hoạch nào có các lĩnh vực (nội dung tuyên truyền); để trống cột này hoặc nhập kế hoạch trước"
            row_errors.append(RowError(row.row_number, qfile.column("areas"), message))
        for ref in row.documents:
            if resolve_document(ref) is None:
                row_errors.append(
                    RowError(
                        row.row_number,
                        qfile.column("documents"),
                        f"Không tìm thấy văn bản «{ref}» trong sổ văn bản",
                    )
                )
        duplicate = False
        if row.text:
            key = row.key
            if key in first_row:
                row_errors.append(
                    RowError(
                        row.row_number,
                        qfile.column("text"),
                        f"Câu hỏi trùng với dòng {first_row[key]} của tệp",
                    )
                )
            else:
                first_row[key] = row.row_number
                if key in existing:
                    if skip_existing:
                        duplicate = True
                    else:
                        row_errors.append(
                            RowError(
                                row.row_number,
                                qfile.column("text"),
                                f"Câu hỏi đã có trong ngân hàng (mã {existing[key]})",
                            )
                        )
        errors.extend(row_errors)
        if not row_errors:
            (skipped if duplicate else to_import).append(row)
    return errors, to_import, skipped


@dataclass(frozen=True)
class ExportQuestion:
    text: str
    options: list[tuple[str, bool]]  # (text, is_correct) in stored order
    areas: list[str]
    documents: list[str]
    difficulty: int
    explanation: str
    source: str


def write_question_xlsx(questions: Iterable[ExportQuestion]) -> bytes:
    """The bank (or the template) as XLSX, readable back by `read_question_file`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Câu hỏi"
    headers = list(COLUMNS.values())
    sheet.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDE9E7")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, q in enumerate(questions, start=1):
        options = [text for text, _ in q.options][: len(LETTERS)]
        correct = [LETTERS[i] for i, (_, ok) in enumerate(q.options[: len(LETTERS)]) if ok]
        row = [number, q.text]
        row += options + [""] * (len(LETTERS) - len(options))
        row += [
            ", ".join(correct),
            ", ".join(q.areas),
            "; ".join(q.documents),
            DIFFICULTY_LABELS.get(q.difficulty, ""),
            q.explanation,
            q.source,
        ]
        sheet.append(row)
    widths = [6, 50] + [24] * len(LETTERS) + [12, 10, 24, 12, 40, 30]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


TEMPLATE_QUESTIONS = [
    ExportQuestion(
        text="Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021–2030 "
        "được ban hành kèm theo văn bản nào?",
        options=[
            ("Nghị quyết số 76/NQ-CP của Chính phủ", True),
            ("Nghị định số 30/2020/NĐ-CP của Chính phủ", False),
            ("Quyết định số 1894/QĐ-UBND của UBND tỉnh", False),
            ("Chỉ thị số 23/CT-TTg của Thủ tướng Chính phủ", False),
        ],
        areas=["a"],
        documents=[],
        difficulty=1,
        explanation="Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình.",
        source="Nghị quyết số 76/NQ-CP",
    ),
    ExportQuestion(
        text="Những chỉ số nào dưới đây đánh giá kết quả cải cách hành chính và sự hài lòng "
        "của người dân? (chọn tất cả đáp án đúng)",
        options=[("PAR INDEX", True), ("SIPAS", True), ("GDP", False), ("CPI", False)],
        areas=[],
        documents=[],
        difficulty=2,
        explanation="PAR INDEX đo kết quả CCHC; SIPAS đo sự hài lòng của người dân, tổ chức.",
        source="",
    ),
]
