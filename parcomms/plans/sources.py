"""Plan files read into logical lines (pure Python, no Django).

Whatever the file, the parser sees the same thing: a list of `Line`s, one per paragraph as
the author meant it. A `.txt`/`.md` file loses its markdown decorations, hard wraps and
page-break cuts; a `.docx` file gives its paragraphs (Word's automatic numbering written out
as text, table cells in reading order); a PDF gives its text layer re-assembled into
paragraphs from line positions.

The format is decided by the content (zip magic, `%PDF`), not by the file name, and every way
a file can fail to be a plan ends in a `PlanFileError` carrying a message for the user in
Vietnamese and one for the log in English.
"""

import io
import re
import statistics
import unicodedata
import zipfile
from dataclasses import dataclass

from parcomms.vn.legacy import decode_bytes
from parcomms.vn.text import nfc

MAX_PLAN_BYTES = 20 * 1024 * 1024
# A .docx is a zip: its declared sizes are checked before anything is decompressed, so a zip
# bomb is refused from its directory alone (zipfile never inflates a member past its
# declared size, so a lying directory only yields a truncated, unreadable part).
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCX_PART = 64 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_ZIP_ENTRIES = 5000
MAX_PDF_PAGES = 500
_CHUNK = 1024 * 1024

HELP_FORMATS = "Hãy tải lên kế hoạch dạng .docx, .pdf có lớp chữ, .txt hoặc .md."


class PlanFileError(ValueError):
    """The file is not a plan the parser can read.

    `str(error)` is the message for the user (Vietnamese); `log_message` is for the log
    (English); `code` names the case for callers and tests.
    """

    def __init__(self, message: str, log_message: str = "", code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.log_message = log_message or message
        self.code = code


@dataclass
class Line:
    """One logical line: a paragraph, or one line of a multi-line block (title, header)."""

    text: str  # NFC, whitespace squashed, markdown removed
    new_block: bool = True  # False when it followed the previous line without a blank line
    bold: bool = False
    italic: bool = False
    raw: str = ""  # before squashing: tabs and runs of spaces still separate columns


# ---- reading the bytes ------------------------------------------------------------------------


def read_source(source) -> bytes:
    """The bytes of `source` (bytes or a binary file object), refusing oversized files early.

    A file object that knows its size (Django's UploadedFile `.size`, or seekable) is refused
    before anything is read; otherwise at most MAX_PLAN_BYTES + 1 bytes are read.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        _check_size(len(data))
        return data
    if isinstance(source, str):
        raise TypeError("parse_plan takes bytes or a binary file object, not str")
    size = getattr(source, "size", None)
    if not isinstance(size, int):
        size = _seekable_size(source)
    if size is not None:
        _check_size(size)
    chunks, total = [], 0
    while total <= MAX_PLAN_BYTES:
        chunk = source.read(min(_CHUNK, MAX_PLAN_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(bytes(chunk))
        total += len(chunk)
    _check_size(total)
    return b"".join(chunks)


def _seekable_size(f) -> int | None:
    try:
        if not f.seekable():
            return None
        here = f.tell()
        end = f.seek(0, io.SEEK_END)
        f.seek(here)
        return end - here
    except (AttributeError, OSError, ValueError):
        return None


def _check_size(size: int) -> None:
    if size > MAX_PLAN_BYTES:
        raise PlanFileError(
            f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB); kế hoạch tải lên không được vượt quá "
            f"{MAX_PLAN_BYTES // 1024 // 1024} MB.",
            f"file refused: {size} bytes is over the {MAX_PLAN_BYTES}-byte limit",
            "too_large",
        )


# ---- format detection ---------------------------------------------------------------------------

_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_OTHER_MAGIC = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
    (b"{\\rtf", "rtf"),
    (b"\x1f\x8b", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"Rar!\x1a\x07", "archive"),
    (b"\x7fELF", "binary"),
    (b"MZ", "binary"),
)


def sniff(data: bytes) -> str:
    """ "docx", "pdf" or "text"; raises PlanFileError for what cannot be a plan."""
    if not data.strip():
        raise PlanFileError(
            "Tệp rỗng: không có nội dung nào để đọc. " + HELP_FORMATS, "empty file", "empty"
        )
    head = data[:16]
    for magic, name in _IMAGE_MAGIC:
        if head.startswith(magic):
            raise _image_error(name)
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise _image_error("WEBP")
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        raise _image_error("HEIC")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    for magic, kind in _OTHER_MAGIC:
        if head.startswith(magic):
            raise _unsupported(kind)
    return "text"


def _image_error(name: str) -> PlanFileError:
    return PlanFileError(
        f"Tệp là ảnh ({name}), không phải văn bản kế hoạch. " + HELP_FORMATS,
        f"file refused: {name} image",
        "image",
    )


def _unsupported(kind: str) -> PlanFileError:
    if kind == "doc":
        return PlanFileError(
            "Tệp Word 97-2003 (.doc) chưa được hỗ trợ: hãy mở bằng Word và lưu lại dưới dạng "
            ".docx rồi tải lên.",
            "file refused: OLE2 (.doc) file",
            "doc",
        )
    if kind == "rtf":
        return PlanFileError(
            "Tệp RTF chưa được hỗ trợ: hãy lưu lại dưới dạng .docx rồi tải lên.",
            "file refused: RTF file",
            "rtf",
        )
    return _binary_error(kind)


def _binary_error(what: str = "binary") -> PlanFileError:
    return PlanFileError(
        "Tệp không phải văn bản đọc được (dữ liệu nhị phân). " + HELP_FORMATS,
        f"file refused: {what} data",
        "binary",
    )


def read_lines(data: bytes) -> tuple[list[Line], str]:
    """The logical lines of a plan file and the format read ("docx", "pdf" or the text's
    encoding, e.g. "utf-8", "tcvn3")."""
    kind = sniff(data)
    if kind == "docx":
        return docx_lines(data), "docx"
    if kind == "pdf":
        return pdf_lines(data), "pdf"
    text, encoding = decode_bytes(data)
    if _looks_binary(text):
        raise _binary_error()
    return text_lines(text), encoding


_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _looks_binary(text: str) -> bool:
    junk = len(_CONTROL_RE.findall(text))
    return junk > 8 and junk > 0.02 * len(text)


# ---- shared line finishing ----------------------------------------------------------------------

_DECORATION_RE = re.compile(r"[\s\-_=~*.·•…+#|]*")
_TERMINAL = ".;:!?…"
_CLOSERS = "\"'”’»)]"
_MARKER_RE = re.compile(r"(?:(?:[IVXLC]+|\d{1,3}(?:\.\d{1,3})*)[.)]|[a-zđ][).]|[-–—•+*·▪●○◦➢✓])\s*")
_WS_RE = re.compile(r"\s+")
_LETTER_POINT_RE = re.compile(r"[a-zđ]\)\s")  # "a) tuyên truyền …" opens a point, whatever its case


def squash(text: str) -> str:
    return _WS_RE.sub(" ", _CONTROL_RE.sub(" ", text)).strip()


def starts_block(text: str) -> bool:
    """Does `text` open a new paragraph by its marker ("I.", "1.", "a)", "- ")?

    A marker followed by a lowercase letter does not count: that is a wrapped line starting
    with "- xã hội" or the like. Without a space after it, a marker counts only before a
    capital: "-Tuyên truyền" is a bullet, "-5%" and "10.5%" are numbers.
    """
    m = _MARKER_RE.match(text)
    if not m:
        return False
    rest = text[m.end() :]
    if not rest:
        return False
    if m.group()[-1].isspace():
        return not rest[0].islower()
    return rest[0].isupper()


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _TERMINAL


def starts_lowercase(text: str) -> bool:
    return bool(text) and text[0].isalpha() and text[0].islower()


def join_text(a: str, b: str) -> str:
    """Join two pieces of one paragraph; a word cut after its hyphen ("843/QĐ-" "UBND") is
    joined without a space."""
    if len(a) >= 2 and a[-1] == "-" and a[-2].isalnum() and b[:1].isalnum():
        return a + b
    return f"{a} {b}"


def finish(lines: list[Line]) -> list[Line]:
    """Squash whitespace, drop empty and decoration lines, and re-join paragraphs cut by a page
    break: a line ending without terminal punctuation followed by a line starting in lower
    case continues it."""
    out: list[Line] = []
    for line in lines:
        text = squash(nfc(line.text))
        if not text or _DECORATION_RE.fullmatch(text):
            continue
        line.text = text
        line.raw = nfc(line.raw).strip() if line.raw else text
        if (
            out
            and starts_lowercase(text)
            and not _LETTER_POINT_RE.match(text)
            and not ends_sentence(out[-1].text)
        ):
            prev = out[-1]
            prev.text = join_text(prev.text, text)
            prev.raw = prev.text
            continue
        out.append(line)
    return out


# ---- text and markdown --------------------------------------------------------------------------

_ATX_RE = re.compile(r"^#{1,6}(?:\s+|$)")
_ATX_CLOSE_RE = re.compile(r"\s+#+$")
_QUOTE_RE = re.compile(r"^(?:>\s?)+")
_STAR_BULLET_RE = re.compile(r"^\*\s+(?=\S)")
_EMPHASIS_RE = re.compile(r"(\*{1,3})(?=[^\s*])([^*]*[^\s*])?\1")
_UNDERSCORE_RE = re.compile(r"(?<!\w)__(?=\S)([^_]*\S)__(?!\w)")
_STRAY_STARS_RE = re.compile(r"^\*+(?=\S)|(?<=\S)\*+$")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_LINK_RE = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TABLE_SEPARATOR_RE = re.compile(r"\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*")
_SPACES_RE = re.compile(r"[ \t\u00a0]+")


@dataclass
class _Physical:
    text: str
    raw: str
    length: int  # of the source line, markdown included: what a hard wrap counted
    first_word: int
    hard_break: bool
    bold: bool
    italic: bool


def _strip_markdown(line: str) -> tuple[str, str, bool, bool]:
    """(text, raw with columns kept, bold, italic) of one source line."""
    s = line.strip()
    s = _ATX_RE.sub("", s)
    s = _ATX_CLOSE_RE.sub("", s)
    s = _QUOTE_RE.sub("", s)
    table_row = s.startswith("|") or (s.endswith("|") and "|" in s[:-1])
    if table_row:
        if _TABLE_SEPARATOR_RE.fullmatch(s):
            return "", "", False, False
        cells = [c.strip() for c in s.strip("|").split("|")]
        s = "\t".join(c for c in cells if c)
    s = _STAR_BULLET_RE.sub("- ", s)
    bold = s.startswith("**") or s.startswith("__")
    italic = s.startswith("***") or (s.startswith("*") and not s.startswith("**"))
    s = _EMPHASIS_RE.sub(lambda m: m.group(2) or "", s)
    s = _UNDERSCORE_RE.sub(r"\1", s)
    s = _STRAY_STARS_RE.sub("", s)
    s = _LINK_RE.sub(r"\1", s)
    s = _ESCAPE_RE.sub(r"\1", s)
    raw = s.strip()
    text = raw.replace("\t", " | ") if table_row else raw  # as a .docx table row reads
    return _SPACES_RE.sub(" ", text), raw, bold, italic


def _wrap_width(lines: list[_Physical]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None if it was not wrapped.

    A wrapped text has no line longer than the width and many lines just under it; an
    unwrapped one has paragraphs as long as they are, mostly far over 120 characters.
    """
    lengths = [p.length for p in lines if p.text]
    if not lengths:
        return None
    width = max(lengths)
    if not 40 <= width <= 120:
        return None
    near = sum(1 for n in lengths if n >= width - 12)
    longish = sum(1 for n in lengths if n >= 20)
    return width if near >= 3 and near >= 0.3 * longish else None


def text_lines(text: str) -> list[Line]:
    text = nfc(text)
    text = _BR_RE.sub("  \n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    text = text.replace("\u2028", "\n").replace("\f", "\n\n").replace("\u2029", "\n\n")
    physical = []
    for source in text.split("\n"):
        stripped = source.rstrip()
        body, raw, bold, italic = _strip_markdown(stripped)
        first = len(stripped.split(None, 1)[0]) if stripped.strip() else 0
        # A markdown line break, or a line laid out in columns (tabs, runs of spaces).
        hard = source.endswith("  ") or stripped.endswith("\\") or "\t" in raw or "   " in raw
        physical.append(_Physical(body, raw, len(stripped), first, hard, bold, italic))
    width = _wrap_width(physical)
    lines: list[Line] = []
    previous: _Physical | None = None
    blank = True
    for p in physical:
        if not p.text:
            previous, blank = None, True
            continue
        if (
            width
            and previous is not None
            and not previous.hard_break
            and previous.length + 1 + p.first_word >= width - 1
            and not starts_block(p.text)
        ):
            line = lines[-1]
            line.text = join_text(line.text, p.text)
            line.raw = line.text
        else:
            lines.append(Line(p.text, blank, p.bold, p.italic, p.raw))
        previous, blank = p, False
    return finish(lines)


# ---- docx ---------------------------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise _corrupt_docx(f"bad zip: {e!r}") from e
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
            what = "Excel" if "xl/workbook.xml" in names else "PowerPoint"
            raise PlanFileError(
                f"Tệp là bảng tính/trình chiếu {what}, không phải văn bản Word. " + HELP_FORMATS,
                f"file refused: {what} package",
                "not_docx",
            )
        raise PlanFileError(
            "Tệp nén này không phải văn bản Word (.docx). " + HELP_FORMATS,
            "file refused: zip without word/document.xml",
            "not_docx",
        )
    total = sum(i.file_size for i in infos)
    worst = max(infos, key=lambda i: i.file_size)
    ratio = worst.file_size / max(worst.compress_size, 1)
    if (
        len(infos) > MAX_ZIP_ENTRIES
        or total > MAX_DOCX_UNCOMPRESSED
        or worst.file_size > MAX_DOCX_PART
        or (ratio > MAX_ZIP_RATIO and worst.file_size > 1024 * 1024)
    ):
        raise PlanFileError(
            "Tệp .docx có nội dung nén bất thường (quá lớn khi giải nén) nên bị từ chối. "
            "Hãy lưu lại văn bản bằng Word rồi tải lên.",
            f"zip bomb refused: {len(infos)} entries, {total} bytes uncompressed, "
            f"{worst.filename} {worst.file_size} bytes at ratio {ratio:.0f}",
            "zip_bomb",
        )


def _corrupt_docx(log: str) -> PlanFileError:
    return PlanFileError(
        "Tệp .docx bị hỏng hoặc không đúng định dạng Word, không đọc được. "
        "Hãy mở bằng Word, lưu lại rồi tải lên.",
        f"corrupt docx: {log}",
        "corrupt_docx",
    )


def docx_lines(data: bytes) -> list[Line]:
    _check_zip(data)
    import docx  # python-docx; imported here so text-only callers do not pay for it

    try:
        document = docx.Document(io.BytesIO(data))
        reader = _DocxReader(document)
        lines = reader.read()
    except PlanFileError:
        raise
    except Exception as e:  # python-docx and lxml raise many kinds for a broken package
        raise _corrupt_docx(repr(e)) from e
    return finish(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_BULLET_MARKS = ("-", "–", "+", "•")
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    # Word's own sequence: a..z, then aa, bb ... (it does not know the Vietnamese đ).
    n = max(n, 1) - 1
    return chr(ord("a") + n % 26) * (n // 26 + 1)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _on(el) -> bool:
    """A w:b / w:i style toggle: present and not switched off."""
    if el is None:
        return False
    return el.get(f"{_W}val", "true").lower() not in ("0", "false", "off", "none")


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


class _DocxReader:
    """Paragraphs and tables of a python-docx Document, in reading order."""

    def __init__(self, document):
        self.document = document
        self.levels: dict[str, dict[int, _Level]] = {}  # numId -> ilvl -> level
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        self.style_caps: set[str] = set()
        self._read_numbering()
        self._read_styles()

    def _read_numbering(self) -> None:
        try:
            numbering = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for a in numbering.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = _Level(
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[a.get(f"{_W}abstractNumId")] = levels
        for num in numbering.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            levels = {
                k: _Level(v.fmt, v.text, v.start)
                for k, v in abstract.get(ref.get(f"{_W}val"), {}).items()
            }
            for override in num.iter(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0"))
                start = override.find(f"{_W}startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl].start = int(start.get(f"{_W}val", "1"))
            self.levels[num.get(f"{_W}numId")] = levels

    def _read_styles(self) -> None:
        try:
            styles = self.document.styles.element
        except (KeyError, AttributeError):
            return
        by_id = {s.get(f"{_W}styleId"): s for s in styles.iter(f"{_W}style")}
        for style_id in by_id:
            seen, current = set(), style_id
            while current and current not in seen:
                seen.add(current)
                style = by_id.get(current)
                if style is None:
                    break
                num_pr = style.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None:
                    num_id = num_pr.find(f"{_W}numId")
                    ilvl = num_pr.find(f"{_W}ilvl")
                    if num_id is not None:
                        self.style_numbering[style_id] = (
                            num_id.get(f"{_W}val"),
                            int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0,
                        )
                    break
                based = style.find(f"{_W}basedOn")
                current = based.get(f"{_W}val") if based is not None else None
            caps = by_id[style_id].find(f"{_W}rPr/{_W}caps")
            if _on(caps):
                self.style_caps.add(style_id)

    def read(self) -> list[Line]:
        out: list[Line] = []
        self._block(self.document.element.body, out)
        return out

    def _block(self, container, out: list[Line]) -> None:
        for child in container:
            tag = child.tag
            if tag == f"{_W}p":
                self._paragraph(child, out)
            elif tag == f"{_W}tbl":
                self._table(child, out)
            elif tag in (f"{_W}sdt", f"{_W}customXml"):
                content = child.find(f"{_W}sdtContent")
                self._block(content if content is not None else child, out)

    def _table(self, tbl, out: list[Line]) -> None:
        rows = tbl.findall(f"{_W}tr")
        width = max((len(r.findall(f"{_W}tc")) for r in rows), default=0)
        for row in rows:
            cells = row.findall(f"{_W}tc")
            if width <= 2:
                # A layout table (header block, signature block): cells in reading order.
                for cell in cells:
                    self._block(cell, out)
                continue
            texts = []
            for cell in cells:
                inner: list[Line] = []
                self._block(cell, inner)
                texts.append(" ".join(line.text for line in inner))
            if any(t.strip() for t in texts):
                out.append(Line(" | ".join(texts), True, raw="\t".join(texts)))

    def _paragraph(self, p, out: list[Line]) -> None:
        ppr = p.find(f"{_W}pPr")
        style_id = None
        num = None
        if ppr is not None:
            style = ppr.find(f"{_W}pStyle")
            style_id = style.get(f"{_W}val") if style is not None else None
            num_pr = ppr.find(f"{_W}numPr")
            if num_pr is not None:
                num_id = num_pr.find(f"{_W}numId")
                ilvl = num_pr.find(f"{_W}ilvl")
                if num_id is not None:
                    num = (
                        num_id.get(f"{_W}val"),
                        int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0,
                    )
        if num is None and style_id in self.style_numbering:
            num = self.style_numbering[style_id]
        caps_style = style_id in self.style_caps
        pieces: list[list] = [[]]  # lines split at <w:br/>: each a list of (text, bold, italic)
        boxes: list = []
        self._runs(p, pieces, boxes, caps_style)
        label = self._label(num) if num else ""
        first = True
        for piece in pieces:
            text = "".join(t for t, _, _ in piece)
            if not text.strip():
                continue
            if first and label:
                text = f"{label} {text.lstrip()}"
            shown = [(t, b, i) for t, b, i in piece if t.strip()]
            bold = bool(shown) and all(b for _, b, _ in shown)
            italic = bool(shown) and all(i for _, _, i in shown)
            out.append(Line(text, first, bold, italic, text))
            first = False
        for box in boxes:
            self._block(box, out)

    def _runs(self, el, pieces, boxes, caps_style: bool) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{_W}r":
                self._run(child, pieces, boxes, caps_style)
            elif tag in (f"{_W}del", f"{_W}pPr", f"{_W}rPr"):
                continue
            elif tag == f"{_MC}AlternateContent":
                choice = child.find(f"{_MC}Choice")
                if choice is not None:
                    self._runs(choice, pieces, boxes, caps_style)
            elif tag == f"{_W}txbxContent":
                boxes.append(child)
            else:
                # hyperlinks, insertions, smart tags, simple fields: their runs count
                self._runs(child, pieces, boxes, caps_style)

    def _run(self, r, pieces, boxes, caps_style: bool) -> None:
        rpr = r.find(f"{_W}rPr")
        bold = italic = False
        caps = caps_style
        if rpr is not None:
            bold = _on(rpr.find(f"{_W}b"))
            italic = _on(rpr.find(f"{_W}i"))
            caps_el = rpr.find(f"{_W}caps")
            if caps_el is not None:
                caps = _on(caps_el)
            if _on(rpr.find(f"{_W}vanish")):
                return
        for child in r:
            tag = child.tag
            if tag == f"{_W}t":
                text = child.text or ""
                pieces[-1].append((text.upper() if caps else text, bold, italic))
            elif tag == f"{_W}tab":
                pieces[-1].append(("\t", bold, italic))
            elif tag in (f"{_W}br", f"{_W}cr"):
                pieces.append([])
            elif tag == f"{_W}noBreakHyphen":
                pieces[-1].append(("-", bold, italic))
            elif tag in (f"{_W}drawing", f"{_W}pict", f"{_MC}AlternateContent"):
                boxes.extend(child.iter(f"{_W}txbxContent"))

    def _label(self, num: tuple[str, int]) -> str:
        num_id, ilvl = num
        levels = self.levels.get(num_id)
        if not levels or num_id == "0":
            return ""
        level = levels.get(ilvl)
        if level is None:
            return ""
        if level.fmt == "bullet":
            return level.text if level.text in _BULLET_MARKS else "•"
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def value(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k)
            if lv is None:
                return ""
            n = counters.get(k, lv.start)
            return _format_number(n, lv.fmt)

        return re.sub(r"%([1-9])", value, level.text).strip()


# ---- pdf ----------------------------------------------------------------------------------------


@dataclass
class _PdfLine:
    text: str
    x: float
    y: float
    size: float
    page: int


_PAGE_NUMBER_RE = re.compile(r"(?:trang\s*)?[-–]?\s*\d{1,3}\s*[-–]?(?:\s*/\s*\d{1,3})?", re.I)


def pdf_lines(data: bytes) -> list[Line]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # unsupported algorithms raise their own errors
                ok = 0
            if not ok:
                raise PlanFileError(
                    "Tệp PDF được đặt mật khẩu: hãy gỡ mật khẩu rồi tải lên lại.",
                    "encrypted pdf",
                    "pdf_encrypted",
                )
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise PlanFileError(
                f"Tệp PDF có {len(pages)} trang, quá dài cho một kế hoạch "
                f"(tối đa {MAX_PDF_PAGES} trang).",
                f"pdf refused: {len(pages)} pages",
                "too_large",
            )
        physical: list[_PdfLine] = []
        for number, page in enumerate(pages):
            physical.extend(_page_lines(page, number))
    except PlanFileError:
        raise
    except (PyPdfError, Exception) as e:  # pypdf raises assorted errors for broken files
        raise PlanFileError(
            "Tệp PDF bị hỏng, không đọc được. " + HELP_FORMATS,
            f"corrupt pdf: {e!r}",
            "corrupt_pdf",
        ) from e
    if sum(len(p.text) for p in physical) < 20:
        raise PlanFileError(
            "Tệp PDF không có lớp chữ (có thể là bản quét): hãy tải lên bản .docx hoặc PDF "
            "xuất trực tiếp từ Word.",
            "pdf without a text layer",
            "pdf_no_text",
        )
    return finish(_pdf_paragraphs(physical))


def _page_lines(page, number: int) -> list[_PdfLine]:
    lines: list[_PdfLine] = []
    current: list[str] = []
    position: list[float] | None = None
    last: list[float] | None = None  # x, y, size, estimated end of the previous chunk

    def close() -> None:
        nonlocal current, position, last
        text = unicodedata.normalize("NFC", "".join(current))
        if text.strip() and position is not None:
            lines.append(_PdfLine(text.strip(), position[0], position[1], position[2], number))
        current, position, last = [], None, None

    def visit(text, cm, tm, font_dict, font_size) -> None:
        nonlocal position, last
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                close()
            if part.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                size = (font_size or 12) * (scale or 1)
                if last is not None and abs(y - last[1]) < 0.5 * size and x > last[3] + 2.5 * size:
                    close()  # a jump to the right on the same baseline: the next table column
                if position is None:
                    position = [x, y, size]
                # Half an em per character is generous for Times: it under-reports gaps.
                last = [x, y, size, x + 0.55 * size * len(part)]
            current.append(part)

    page.extract_text(visitor_text=visit)
    close()
    # Page numbers and running heads: a bare number first or last on the page.
    while lines and _PAGE_NUMBER_RE.fullmatch(lines[0].text):
        lines.pop(0)
    while lines and _PAGE_NUMBER_RE.fullmatch(lines[-1].text):
        lines.pop()
    return lines


def _pdf_paragraphs(physical: list[_PdfLine]) -> list[Line]:
    """Re-assemble PDF lines into paragraphs.

    On a page, a new paragraph starts at a marker ("I.", "1.", "a)", "- "), at a jump to
    another column or back up the page (table cells), at a larger gap than the line pitch
    (ND30 asks for ≥ 6 pt between paragraphs), at a change of font size or of capitals, and at
    an indented first line. Across a page break, the first line continues the last one when it
    starts in lower case, or when it is not indented and the last line is not a heading and
    either has no terminal punctuation or is as long as the lines that wrap on the same pages.
    """
    gaps = [
        round(a.y - b.y, 1)
        for a, b in zip(physical, physical[1:], strict=False)
        if a.page == b.page and abs(a.x - b.x) < 40 and 0 < a.y - b.y < 3 * a.size
    ]
    pitch = statistics.mode(gaps) if gaps else None
    spaced = pitch is not None and sum(g > pitch * 1.15 for g in gaps) >= 0.05 * len(gaps)
    lengths = sorted(len(p.text) for p in physical)
    full = lengths[int(len(lengths) * 0.9)] * 0.8 if lengths else 0
    breaks = [True]
    wrapped_lengths, continuation_x = [], []
    for a, b in zip(physical, physical[1:], strict=False):
        if a.page != b.page:
            breaks.append(True)  # decided below, once the page statistics are known
            continue
        new = starts_block(b.text) or _pdf_break(a, b, pitch, spaced, full)
        breaks.append(new)
        if not new:
            wrapped_lengths.append(len(a.text))
            continuation_x.append(round(b.x))
    wrapped_lengths.sort()
    wraps_at = wrapped_lengths[len(wrapped_lengths) // 10] if len(wrapped_lengths) >= 5 else None
    body_x = statistics.mode(continuation_x) if continuation_x else None

    out: list[Line] = []
    lines_in_paragraph = 0
    for i, cur in enumerate(physical):
        new = breaks[i]
        if i and cur.page != physical[i - 1].page:
            new = _page_break(physical[i - 1], cur, out[-1].text, wraps_at, body_x)
        elif i and not new and lines_in_paragraph >= 2 and cur.x > physical[i - 1].x + 10:
            new = True  # an indented first line after a paragraph's flush continuation lines
        if new:
            out.append(Line(cur.text, True, raw=cur.text))
            lines_in_paragraph = 1
        else:
            out[-1].text = join_text(out[-1].text.rstrip(), cur.text)
            out[-1].raw = out[-1].text
            lines_in_paragraph += 1
    return out


def _page_break(a: _PdfLine, b: _PdfLine, paragraph: str, wraps_at, body_x) -> bool:
    """Does the first line of a page start a new paragraph?"""
    if starts_block(b.text):
        return True
    if starts_lowercase(b.text):
        return False
    if body_x is not None and b.x > body_x + 10:
        return True  # indented: a first line
    if _heading_like(paragraph):
        return True
    if not ends_sentence(a.text):
        return False
    first_word = len(b.text.split(None, 1)[0])
    # A sentence ended at the foot of the page; the line was full if the next word could not
    # have fitted on it, as on the lines that wrap.
    return wraps_at is None or len(a.text) + 1 + first_word <= wraps_at


def _heading_like(text: str) -> bool:
    return len(text) < 120 and bool(_MARKER_RE.match(text)) and not text.startswith(("-", "–"))


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _pdf_break(a: _PdfLine, b: _PdfLine, pitch, spaced: bool, full: float) -> bool:
    dy = a.y - b.y
    if dy <= 0.5 * min(a.size, b.size) or abs(a.x - b.x) > 100:
        return True  # same line further right, or back up: another table cell
    if abs(a.size - b.size) > 0.6:
        return True
    if _is_upper(a.text) != _is_upper(b.text) and len(a.text) < 60:
        return True
    if pitch and dy > pitch * 1.15:
        return True
    if not spaced:
        # No paragraph spacing to go by: a line that stops short at a sentence end ends it.
        return ends_sentence(a.text) and len(a.text) < full
    return False
