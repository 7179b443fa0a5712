"""A plan document parsed into a `ParsedPlan` (pure Python, no Django).

    plan = parse_plan(uploaded_bytes, "ke-hoach.docx")

`sources` turns the file (.txt/.md, .docx, text-layer .pdf) into logical lines; this module
reads the Decree 30 layout from them:

1. Header: chủ quản and issuer lines, national motto, "Số: …/KH-VPUB", "Ninh Thuận, ngày …".
   Lines may be table cells or columns on one line (tabs, runs of spaces).
2. Tên loại ("KẾ HOẠCH") and trích yếu (the title).
3. Preamble: the "Căn cứ"/"Thực hiện" paragraph(s) (legal bases) and other opening prose.
4. Sections: "I." roman (level 1), "1." arabic (2), "a)" letters (3, in Vietnamese order:
   a b c d đ e g h i k …, no f), "-" bullets and plain paragraphs (4), "+" sub-bullets (5).
5. Closing ("Trên đây là Kế hoạch …"), "Nơi nhận:" list, signature block.

Typed parts (objectives, requirements, audiences, topics, channels, duties, funding) are found
by folded keywords in section titles ("Mục tiêu", "Yêu cầu", "Đối tượng", "Nội dung", "Hình
thức", "Tổ chức thực hiện", "Kinh phí"), wherever the plan puts them.

Decisions (the golden test asserts them):
- Issuer: the body's own wording ("Văn phòng Ủy ban nhân dân tỉnh xây dựng Kế hoạch …", or
  "Trên đây là Kế hoạch … của <issuer>") wins over the header, whose names are upper case and
  often abbreviated; the header is used when the body does not name the issuer.
- Parent issuer: the header's chủ quản line when there is one. Otherwise, for an issuer
  "Văn phòng <body>", the body it serves, completed with the place when it ends with an
  administrative level ("Văn phòng Ủy ban nhân dân tỉnh" in Ninh Thuận gives "Ủy ban nhân dân
  tỉnh Ninh Thuận"): ND30 Phụ lục I II.2.a puts exactly that body above a Văn phòng.
- Recipients drop the leading "- " and the list punctuation (";" "," and a final "."), which
  ND30 prescribes and the exporter writes back; the "Lưu: …" line is kept exactly as written,
  as its final dot ends the drafter's code ("Lưu: VT, VXNV. NAM.").
- Section titles are kept as written ("Đối tượng:"); matching ignores case, marks and
  punctuation. A heading "3. Đối tượng: Toàn thể …" is split into the title "Đối tượng:" and a
  paragraph.
- A repeated letter where "đ" belongs ("d)" after "d)") is read as "đ)", with a warning.
- Whatever cannot be placed ends up in `warnings`, never silently dropped.
"""

import re
import unicodedata
from functools import lru_cache

from parcomms.plans.parsed import Channel, Duty, ParsedPlan, Section, Signer, Topic
from parcomms.plans.sources import (
    MAX_PLAN_BYTES,
    Line,
    PlanFileError,
    read_lines,
    read_source,
    text_lines,
)
from parcomms.plans.targets import find_targets
from parcomms.vn.citations import find_citations, unique_documents
from parcomms.vn.dates import parse_date
from parcomms.vn.text import fold

__all__ = ["MAX_PLAN_BYTES", "PlanFileError", "parse_lines", "parse_plan", "parse_text"]


def parse_plan(source, filename: str = "plan.txt") -> ParsedPlan:
    """Parse a plan file: `source` is its bytes or a binary file object.

    The format is detected from the content; `filename` only helps the messages. Raises
    PlanFileError for files that are not a readable plan (empty, image, binary, too large,
    zip bomb, corrupt .docx/.pdf, no plan structure); anything else odd becomes a warning.
    """
    data = read_source(source)
    lines, _fmt = read_lines(data)
    return parse_lines(lines, filename)


def parse_text(text: str) -> ParsedPlan:
    """Parse a plan given as text (markdown decorations allowed)."""
    return parse_lines(text_lines(text))


def parse_lines(lines: list[Line], filename: str = "plan") -> ParsedPlan:
    return _Parser(lines, filename).parse()


# ---- text helpers -----------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


def _fold_keep(text: str) -> str:
    """fold() that keeps the length, so offsets in the folded text are offsets in `text`."""
    return "".join(_fold_char(ch) for ch in text)


_NON_WORD_RE = re.compile(r"[^a-z0-9]+")


def _key(text: str) -> str:
    """Folded words only: "### **3. Đối tượng:**" -> "3 doi tuong"."""
    return _NON_WORD_RE.sub(" ", fold(text)).strip()


def _head_key(text: str, n: int = 60) -> str:
    """_key of the start of `text`: enough to test how a paragraph begins, in bounded time."""
    return _key(text[:n])


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


_CELL_SPLIT_RE = re.compile(r"\t+| {3,}")
# Room left for a number or a date to be written in by hand is not a column gap:
# "Số:      /KH-VPUB", "ngày     tháng 02 năm 2023".
_BLANK_FIELD_RE = re.compile(r"(?i)(?<!\w)(s[ốo]\s*:|ngày|tháng)[ \t]+(?=[/.…_-]|tháng|năm)")


def _cells(line: Line) -> list[str]:
    raw = _BLANK_FIELD_RE.sub(r"\1 ", line.raw or line.text)
    parts = [" ".join(p.split()) for p in _CELL_SPLIT_RE.split(raw)]
    return [p for p in parts if p] or [line.text]


# ---- section markers ----------------------------------------------------------------------------

VN_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN_RE = re.compile(r"(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_HEADING_RE = re.compile(
    r"(?P<label>(?P<roman>[IVXLC]{1,7})[.)]|(?P<dotted>\d{1,3}(?:\.\d{1,3})+)\.?"
    r"|(?P<arabic>\d{1,3})[.)]|(?P<letter>[a-zđ])\))\s*(?P<title>\S.*)"
)
_BULLET_RE = re.compile(r"(?P<mark>[-–—•·▪●○◦➢✓*+])\s*(?P<title>\S.*)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman_value(s: str) -> int | None:
    if not _ROMAN_RE.fullmatch(s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def _marker(text: str) -> tuple[str, str, str, int] | None:
    """(kind, label, title, level) of a numbered heading or bullet, else None.

    A numbered heading needs a title that does not start in lower case ("2.5 triệu" is a
    number); a letter point or a bullet may ("- của công chức;"), but without a space after
    the mark only a capital counts ("-Tuyên truyền" yes, "-5%" no).
    """
    m = _HEADING_RE.match(text)
    if m:
        title = m.group("title")
        spaced = m.start("title") > m.end("label")
        if m.group("letter"):
            if not (spaced or title[0].isupper()):
                return None
            return "letter", m.group("label"), title, 3
        if not ((spaced and not title[0].islower()) or title[0].isupper()):
            return None
        if m.group("roman"):
            if _roman_value(m.group("roman")) is None:
                return None
            return "roman", m.group("label"), title, 1
        if m.group("dotted"):
            return "dotted", m.group("label"), title, 3
        return "arabic", m.group("label"), title, 2
    m = _BULLET_RE.match(text)
    if m:
        mark, title = m.group("mark"), m.group("title")
        spaced = m.start("title") > m.end("mark")
        if not spaced and (mark == "*" or not title[0].isupper()):
            return None
        mark = "-" if mark == "*" else mark
        return "bullet", mark, title, 5 if mark == "+" else 4
    return None


def _label_number(kind: str, label: str) -> int | None:
    core = label.rstrip(".)")
    if kind == "roman":
        return _roman_value(core)
    if kind == "arabic":
        return int(core)
    if kind == "dotted":
        return int(core.split(".")[-1])
    if kind == "letter":
        return VN_LETTERS.index(core) + 1 if core in VN_LETTERS else None
    return None


# ---- header vocabulary --------------------------------------------------------------------------

TYPE_NAMES = (
    "Chương trình hành động",
    "Kế hoạch hành động",
    "Kế hoạch",
    "Chương trình",
    "Báo cáo",
    "Quyết định",
    "Chỉ thị",
    "Hướng dẫn",
    "Thông báo",
    "Đề án",
    "Phương án",
    "Dự án",
    "Tờ trình",
    "Quy chế",
    "Quy định",
    "Nghị quyết",
)
_TYPE_BY_KEY = {_key(name): name for name in TYPE_NAMES}
_MOTTO_RE = re.compile(
    r"cong\s*hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam"
    r"|doc\s+lap\s*[-–—]+\s*tu\s+do\s*[-–—]+\s*hanh\s+phuc"
    r"|dang\s+cong\s+san\s+viet\s+nam"
)
_NUMBER_RE = re.compile(
    r"s[ốo]\s*[:.]?\s*(?P<num>\d{1,6})?[\s.…_]*(?P<sep>[/-])\s*(?P<sym>[^\s,;]+)", re.IGNORECASE
)
_PLACE_DATE_RE = re.compile(
    r"(?:(?P<place>[^\d,;:]{2,60}?)\s*,\s*)?"
    r"(?P<date>ngày\b.{0,60}?(?:năm\s*\d{4}|\d{1,2}\s*([/.-])\s*\d{1,2}\s*\3\s*\d{4}))",
    re.IGNORECASE,
)
_DATE_BLANKS_RE = re.compile(r"\.{2,}|…+|_+")
_ADMIN_RE = re.compile(r"\b(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|tp\.?)\s+(\S.*)$")
_ADMIN_END_RE = re.compile(r"\b(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)$")
_UNIT_WORDS_RE = re.compile(r"^(so|ban|phong|cuc|chi cuc|bo|trung tam|vu|dai|bao)\s+(\S)")
_ABBREVIATIONS = {"ubnd": "ủy ban nhân dân", "hdnd": "hội đồng nhân dân"}


def _agency_name(text: str, place: str | None) -> str:
    """An upper-case header name in running-text case.

    "UBND TỈNH NINH THUẬN" -> "Ủy ban nhân dân tỉnh Ninh Thuận", "SỞ NỘI VỤ" -> "Sở Nội vụ".
    """
    words = []
    for word in text.split():
        words.append(_ABBREVIATIONS.get(fold(word).strip("."), word.lower()))
    name = " ".join(words)
    folded = _fold_keep(name)
    m = _ADMIN_RE.search(folded)
    if m:
        tail = name[m.start(2) :]
        if place and fold(tail) == fold(place):
            tail = place
        else:
            tail = " ".join(w[:1].upper() + w[1:] for w in tail.split())
        name = name[: m.start(2)] + tail
    m = _UNIT_WORDS_RE.match(folded)
    if m:
        i = m.start(2)
        name = name[:i] + name[i].upper() + name[i + 1 :]
    return name[:1].upper() + name[1:]


def _parent_from_issuer(issuer: str, place: str | None) -> str | None:
    """The body a "Văn phòng …" serves: "Văn phòng Ủy ban nhân dân tỉnh" -> "Ủy ban nhân dân
    tỉnh" + place."""
    folded = _fold_keep(issuer).lower()
    if not folded.startswith("van phong "):
        return None
    parent = issuer[len("van phong ") :].strip()
    words = parent.split()
    if words and fold(words[0]) == "ubnd":
        parent = " ".join(["Ủy ban nhân dân", *words[1:]])
    if not parent:
        return None
    parent = parent[:1].upper() + parent[1:]
    if place and _ADMIN_END_RE.search(fold(parent)) and fold(place) not in fold(parent):
        parent = f"{parent} {place}"
    return parent


# ---- preamble, closing, signature vocabulary --------------------------------------------------

_BASIS_KEYS = ("can cu", "thuc hien", "trien khai", "theo de nghi")
_ISSUER_IN_BODY_RE = re.compile(
    r"(?P<who>[^,.;:()]{3,120}?)\s+(?:xay dung|ban hanh|trien khai|lap)\s+(?:ke hoach|chuong trinh)\b"
)
_ISSUER_IN_CLOSING_RE = re.compile(
    r"tren day la (?:ke hoach|chuong trinh)[^.;]{0,200}? cua (?P<who>[^.;:()]{3,120}?)\s*(?:[.;]|$)"
)
_PREFIX_RE = re.compile(r"(?P<p>KT|TL|TUQ|TM|Q|K/T|T/L|T/M)\s*[.:]?\s+(?P<rest>\S.*)")
_SIGN_MARK_KEYS = ("da ky", "ky", "chu ky", "da ky va dong dau", "ky ten dong dau", "ky ten")
_NAME_WORD_RE = re.compile(r"[^\W\d_]+")
_LEAD_IN_TAIL_RE = re.compile(
    r"\s+(?:(?:co|chiu) trach nhiem|co nhiem vu|thuc hien (?:cac )?(?:noi dung|nhiem vu))\b"
    r"[^:]{0,80}:?\s*$"
)
_DUTY_OF_RE = re.compile(r"(?:trach nhiem|nhiem vu|phan cong)(?: cua| doi voi)? (?=\S)")
_WHO_IN_SENTENCE_RE = re.compile(r"(?P<who>[^,.;:]{2,100}?)\s+(?:co|chiu) trach nhiem\b|"
                                 r"(?P<who2>[^,.;:]{2,100}?)\s+chu tri\b")  # fmt: skip


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6:
        return False
    for w in words:
        initial = len(w) == 1 and w.isupper()  # "Nguyễn T. Minh" is rare; "Lê Văn A" is not
        if not initial and not (_NAME_WORD_RE.fullmatch(w) and w[0].isupper() and w[1:].islower()):
            return False
    return True


def _is_sign_mark(text: str) -> bool:
    k = _head_key(text, 80)
    return k in _SIGN_MARK_KEYS or k.startswith(("ky boi", "signature", "da ky"))


def _clean_recipient(text: str) -> str:
    text = text.strip().lstrip("-–—•+* ").strip()
    if _head_key(text).startswith("luu"):
        return text
    return text.rstrip(";,. ").strip()


# ---- typed parts ----------------------------------------------------------------------------------

CATEGORIES = (
    ("objectives", ("muc tieu", "muc dich")),
    ("requirements", ("yeu cau",)),
    ("audiences", ("doi tuong",)),
    ("content", ("noi dung",)),
    ("channels", ("hinh thuc", "phuong thuc")),
    ("duties", ("to chuc thuc hien", "trach nhiem", "phan cong")),
    ("funding", ("kinh phi",)),
)
_CATEGORY_RES = tuple(
    (name, re.compile(r"\b(?:" + "|".join(words) + r")\b")) for name, words in CATEGORIES
)


def _categories(title: str) -> list[str]:
    key = _head_key(title, 200)
    found = []
    for name, pattern in _CATEGORY_RES:
        m = pattern.search(key)
        if m:
            found.append((m.start(), name))
    return [name for _, name in sorted(found)]


_CHANNEL_RE = re.compile(
    r"(?P<bulletin>\bbang tin\b|\bban tin\b)"
    r"|(?P<zalo>\bzalo\b)"
    r"|(?P<portal>\b(?:cong|trang) thong tin dien tu"
    r"(?: cua (?:tinh|thanh pho|huyen|so|co quan|don vi|van phong)| (?:tinh|thanh pho|huyen))?\b"
    r"|\bwebsite\b|\bcong dich vu cong\b)"
    r"|(?P<meeting>\bhoi nghi(?:,? (?:buoi|cuoc) hop)?\b|\b(?:buoi|cuoc) hop\b|\bhoi thao\b"
    r"|\btoa dam\b|\bsinh hoat chuyen de\b)"
    r"|(?P<other>\bfacebook\b|\bfanpage\b|\bmang xa hoi\b|\bbao chi\b|\bdai phat thanh\b"
    r"|\bpa ?no\b|\bbang ron\b|\bkhau hieu\b|\bto roi\b|\bcuoc thi\b|\bemail\b|\bthu dien tu\b)"
)


def _channels(text: str) -> list[Channel]:
    folded = _fold_keep(text).lower()
    found, kinds = [], set()
    for m in _CHANNEL_RE.finditer(folded):
        kind = m.lastgroup or "other"
        name = text[m.start() : m.end()]
        if (kind, fold(name)) in kinds:
            continue
        kinds.add((kind, fold(name)))
        found.append(Channel(kind=kind, text=text, name=name))
    return found or [Channel(kind="other", text=text, name="")]


def _items(node: Section) -> list[str]:
    """The item texts under a section: bullets and paragraphs, sub-headings' items in order."""
    out: list[str] = []
    for child in node.children:
        if child.level >= 4 or not child.children:
            out.append(child.title)
            out.extend(_items(child))
        else:
            out.extend(_items(child))
    return out


# ---- the parser -----------------------------------------------------------------------------------


class _Parser:
    def __init__(self, lines: list[Line], filename: str):
        self.lines = lines
        self.filename = filename
        self.warnings: list[str] = []
        self.claims: dict[str, list[tuple[Section, bool]]] = {name: [] for name, _ in CATEGORIES}
        self.claimed_leaves: dict[str, list[Section]] = {name: [] for name, _ in CATEGORIES}

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    # -- top level --------------------------------------------------------------------------

    def parse(self) -> ParsedPlan:
        lines = self.lines
        n = len(lines)
        markers = [_marker(line.text) for line in lines]
        first_heading = next((i for i, m in enumerate(markers) if m and m[0] != "bullet"), n)
        first_basis = next(
            (i for i, line in enumerate(lines[:first_heading]) if self._is_basis(line.text)),
            first_heading,
        )
        type_index, type_name, inline_title = self._find_type(min(first_basis, first_heading, 60))
        if type_index is None and first_heading == n:
            raise PlanFileError(
                "Không nhận ra cấu trúc kế hoạch: không thấy tên loại văn bản (KẾ HOẠCH), "
                "trích yếu hay các mục I., II., 1., 2. Hãy kiểm tra lại tệp tải lên.",
                f"no plan structure in {self.filename}: no type line and no numbered headings",
                "no_structure",
            )

        # Header zone, title.
        if type_index is not None:
            header_end = type_index
            title_lines = [inline_title] if inline_title else []
            i = type_index + 1
            if not inline_title and i < first_heading and not self._is_body_start(lines[i]):
                title_lines.append(lines[i].text)
                i += 1
            while (
                i < first_heading
                and title_lines
                and not lines[i].new_block
                and not self._is_body_start(lines[i])
            ):
                title_lines.append(lines[i].text)
                i += 1
            body_start = i
        else:
            header_end = self._header_prefix(first_basis)
            title_lines = []
            body_start = header_end
            self.warn("Không tìm thấy tên loại văn bản (KẾ HOẠCH) và trích yếu ở đầu văn bản.")
        title = " ".join(title_lines)
        if type_index is not None and not title:
            self.warn("Không tìm thấy trích yếu (tên kế hoạch) dưới dòng tên loại văn bản.")
        header = self._header(lines[:header_end])

        # Preamble.
        preamble_lines = lines[body_start:first_heading]
        basis = [line.text for line in preamble_lines if self._is_basis(line.text)]
        preamble = [line.text for line in preamble_lines if not self._is_basis(line.text)]
        legal_basis_text = "\n".join(basis)
        legal_bases = unique_documents(find_citations(legal_basis_text)) if basis else []

        # Tail: closing, recipients, signature.
        body_end, closing, tail = self._split_tail(first_heading)
        sections = self._sections(lines[first_heading:body_end])

        # Issuer and parent.
        place = header["place"]
        issuer = self._issuer_from_body(preamble, closing)
        parent = header["parent"]
        if issuer is None:
            issuer = header["issuer"]
        if parent is None and issuer:
            parent = _parent_from_issuer(issuer, place)

        recipients, signer = self._tail(tail)

        for node in sections:
            self._claim(node, None)
        plan = ParsedPlan(
            number=header["number"],
            symbol=header["symbol"],
            place=place,
            date=header["date"],
            type=type_name or "",
            title=title,
            issuer=issuer,
            parent_issuer=parent,
            legal_bases=legal_bases,
            legal_basis_text=legal_basis_text,
            preamble=preamble,
            sections=sections,
            closing=closing,
            recipients=recipients,
            signer=signer,
        )
        self._typed_parts(plan)
        full_text = "\n".join(line.text for line in lines)
        plan.citations = unique_documents(find_citations(full_text))
        body_text = "\n\n".join(line.text for line in lines[first_heading:body_end])
        plan.targets = find_targets(body_text)
        plan.warnings = self.warnings
        return plan

    # -- zones -------------------------------------------------------------------------------

    @staticmethod
    def _is_basis(text: str) -> bool:
        key = _head_key(text.lstrip("-–•+ "))
        return key.startswith(_BASIS_KEYS)

    def _is_body_start(self, line: Line) -> bool:
        return self._is_basis(line.text) or _marker(line.text) is not None

    def _find_type(self, limit: int) -> tuple[int | None, str | None, str]:
        for i, line in enumerate(self.lines[:limit]):
            text = line.text
            name = _TYPE_BY_KEY.get(_head_key(text))
            if name:  # "KẾ HOẠCH" alone on its line (any case: a header line is no sentence)
                return i, name, ""
            if not _is_upper(text[:30]):
                continue
            for name in TYPE_NAMES:
                n = len(name)
                head = text[:n]
                if (
                    len(text) > n + 1
                    and text[n] == " "
                    and _is_upper(head)
                    and fold(head) == fold(name)
                ):
                    return i, name, text[n + 1 :].strip()
        return None, None, ""

    def _header_prefix(self, limit: int) -> int:
        """Without a type line: how many leading lines look like header lines."""
        i = 0
        while i < limit and i < 12:
            text = self.lines[i].text
            folded = _fold_keep(text).lower()
            if not (
                _is_upper(text)
                or _MOTTO_RE.search(folded)
                or _NUMBER_RE.match(text)
                or _PLACE_DATE_RE.search(text)
            ):
                break
            i += 1
        return i

    def _header(self, lines: list[Line]) -> dict:
        out = {
            "number": None,
            "symbol": None,
            "place": None,
            "date": None,
            "issuer": None,
            "parent": None,
        }
        agencies: list[str] = []
        for line in lines:
            for cell in _cells(line):
                for piece in self._header_pieces(cell, out):
                    if _is_upper(piece):
                        agencies.append(piece)
                    else:
                        self.warn(f'Không xếp được dòng ở phần đầu văn bản: "{piece}".')
        # A name wrapped in its column: "ỦY BAN NHÂN DÂN TỈNH" / "NINH THUẬN".
        joined: list[str] = []
        for name in agencies:
            if joined and _ADMIN_END_RE.search(_key(joined[-1])):
                joined[-1] = f"{joined[-1]} {name}"
            else:
                joined.append(name)
        if len(joined) > 2:
            for extra in joined[:-2]:
                self.warn(f'Không xếp được dòng cơ quan ở phần đầu văn bản: "{extra}".')
            joined = joined[-2:]
        place = out["place"]
        names = [_agency_name(name, place) for name in joined]
        if len(names) == 2:
            out["parent"] = names[0]
            issuer = names[1]
            if _key(issuer) == "van phong":
                issuer = f"{issuer} {names[0]}"
            out["issuer"] = issuer
        elif names:
            out["issuer"] = names[0]
        return out

    def _header_pieces(self, cell: str, out: dict) -> list[str]:
        """Take the motto, number and place/date out of a header cell; return what is left."""
        folded = _fold_keep(cell).lower()
        pieces, last = [], 0
        for m in _MOTTO_RE.finditer(folded):
            pieces.append(cell[last : m.start()])
            last = m.end()
        pieces.append(cell[last:])
        rest: list[str] = []
        for piece in pieces:
            piece = piece.strip(" -–,;")
            if not piece:
                continue
            m = _NUMBER_RE.search(piece)
            if m and out["symbol"] is None and _key(piece[: m.start()]) == "":
                out["number"] = m.group("num")
                out["symbol"] = m.group("sym")  # Party style "Số 36-HD/VPTW" gives "HD/VPTW"
                piece = piece[m.end() :].strip()
            m = _PLACE_DATE_RE.search(piece)
            if m and out["date"] is None:
                date_text = _DATE_BLANKS_RE.sub(" ", m.group("date"))
                date = parse_date(date_text)
                if date is not None:
                    out["date"] = date
                    if m.group("place"):
                        out["place"] = " ".join(m.group("place").split())
                    piece = (piece[: m.start()] + " " + piece[m.end() :]).strip(" ,;")
            if piece.strip(" -–*,;."):
                rest.append(piece.strip())
        return rest

    def _split_tail(self, first_heading: int) -> tuple[int, list[str], list[Line]]:
        """(end of the body, closing paragraphs, tail lines: Nơi nhận and signature)."""
        lines = self.lines
        n = len(lines)
        closing_at = next(
            (i for i in range(first_heading, n) if _head_key(lines[i].text).startswith("tren day")),
            None,
        )
        recipients_at = next(
            (i for i in range(first_heading, n) if _head_key(lines[i].text).startswith("noi nhan")),
            None,
        )
        if closing_at is not None and (recipients_at is None or closing_at < recipients_at):
            i = closing_at
            closing = []
            while i < n and i != recipients_at and (i == closing_at or self._prose(lines[i])):
                closing.append(lines[i].text)
                i += 1
            return closing_at, closing, lines[i:]
        if recipients_at is not None:
            start = recipients_at
            while start > first_heading and self._signature_like(lines[start - 1]):
                start -= 1
            return start, [], lines[start:]
        start = n
        while start > first_heading + 1 and self._signature_like(lines[start - 1]):
            start -= 1
        return start, [], lines[start:]

    @staticmethod
    def _prose(line: Line) -> bool:
        text = line.text
        return not (
            _head_key(text).startswith("noi nhan")
            or text.startswith(("-", "–", "•", "+"))
            or (_is_upper(text) and len(text.split()) <= 12)
            or _is_name(text)
            or _is_sign_mark(text)
            or len(_cells(line)) > 1
        )

    @staticmethod
    def _signature_like(line: Line) -> bool:
        text = line.text
        if _marker(text) is not None:
            return False
        return (
            (_is_upper(text) and len(text.split()) <= 12) or _is_name(text) or _is_sign_mark(text)
        )

    # -- sections --------------------------------------------------------------------------

    def _sections(self, lines: list[Line]) -> list[Section]:
        roots: list[Section] = []
        stack: list[Section] = []
        # (id of the parent, kind of label) -> (label, its number) of the last such heading
        previous: dict[tuple[int, str], tuple[str, int | None]] = {}

        for line in lines:
            m = _marker(line.text)
            if m is None:
                node = Section("", line.text, 4)
                kind = "paragraph"
            else:
                kind, label, title, level = m
                node = Section(label, title, level)
            if node.level <= 3:
                while stack and stack[-1].level >= node.level:
                    stack.pop()
                parent = stack[-1] if stack else None
                self._check_sequence(parent, node, kind, previous)
                self._split_inline_text(node)
                (parent.children if parent else roots).append(node)
                stack.append(node)
                continue
            if node.level == 5:
                if stack and stack[-1].level == 4:
                    stack[-1].children.append(node)
                    continue
                node.level = 4
            while stack and stack[-1].level >= 4:
                stack.pop()
            (stack[-1].children if stack else roots).append(node)
            if kind == "bullet":
                stack.append(node)
        return roots

    def _check_sequence(self, parent, node: Section, kind: str, previous: dict) -> None:
        scope = id(parent) if parent is not None else 0
        prev = previous.get((scope, kind))
        number = _label_number(kind, node.label)
        if kind == "letter" and prev is not None:
            prev_label, prev_number = prev
            expected = prev_number + 1 if prev_number else None
            letter = node.label.rstrip(")")
            if (
                letter == prev_label
                and expected
                and expected <= len(VN_LETTERS)
                and fold(VN_LETTERS[expected - 1]) == letter
                and VN_LETTERS[expected - 1] != letter
            ):
                fixed = VN_LETTERS[expected - 1]
                self.warn(
                    f'Mục "{node.label} {node.title}" lặp lại nhãn "{node.label}" của mục trước; '
                    f'đã đọc là "{fixed})" theo thứ tự chữ cái tiếng Việt '
                    "(a, b, c, d, đ, e, g, …)."
                )
                node.label = f"{fixed})"
                number = expected
            elif number is None:
                self.warn(
                    f'Mục "{node.label} {node.title}": chữ "{letter}" không có trong thứ tự chữ '
                    "cái tiếng Việt dùng để đánh số (a, b, c, d, đ, e, g, h, i, k, …)."
                )
            elif expected and number != expected:
                self.warn(
                    f'Mục "{node.label} {node.title}" không theo thứ tự: sau "{prev_label})" phải '
                    f'là "{VN_LETTERS[expected - 1] if expected <= len(VN_LETTERS) else "?"})".'
                )
        elif kind in ("roman", "arabic", "dotted") and prev is not None:
            prev_label, prev_number = prev
            if number is not None and prev_number is not None and number != prev_number + 1:
                self.warn(
                    f'Mục "{node.label} {node.title}" không theo thứ tự đánh số: mục trước là '
                    f'"{prev_label}".'
                )
        previous[(scope, kind)] = (node.label.rstrip(".)"), number)

    @staticmethod
    def _split_inline_text(node: Section) -> None:
        """ "3. Đối tượng: Toàn thể công chức …" -> title "Đối tượng:" and a paragraph."""
        if node.level > 2:
            return  # a lettered point "a) Nội dung: …" is a topic, not a part of the plan
        head, sep, rest = node.title.partition(":")
        if not sep or not rest.strip() or len(head.split()) > 6 or not _categories(head):
            return
        node.title = head + ":"
        node.children.insert(0, Section("", rest.strip(), 4))

    # -- tail --------------------------------------------------------------------------------

    def _tail(self, tail: list[Line]) -> tuple[list[str], Signer | None]:
        recipients: list[str] = []
        titles: list[str] = []
        names: list[str] = []
        in_recipients = False
        for line in tail:
            for cell in _cells(line):
                key = _head_key(cell)
                if key.startswith("noi nhan"):
                    in_recipients = True
                    rest = cell.split(":", 1)[1].strip() if ":" in cell else ""
                    if rest:
                        recipients.append(_clean_recipient(rest))
                    continue
                if _is_sign_mark(cell):
                    continue
                if cell.startswith(("-", "–", "—", "•", "+")):
                    recipients.append(_clean_recipient(cell))
                    continue
                if _is_upper(cell) and len(cell.split()) <= 12:
                    titles.append(cell)
                    continue
                if _is_name(cell):
                    names.append(cell)
                    continue
                if in_recipients and not titles and not names:
                    recipients.append(_clean_recipient(cell))
                    continue
                self.warn(f'Không xếp được dòng ở phần cuối văn bản: "{cell}".')
        recipients = [r for r in recipients if r]
        if not recipients:
            self.warn("Không tìm thấy phần Nơi nhận.")
        signer = None
        if titles or names:
            if not names:
                self.warn("Không tìm thấy họ tên người ký.")
            for extra in names[:-1]:
                self.warn(f'Không xếp được dòng ở phần ký: "{extra}".')
            signer = self._signer(titles, names[-1] if names else "")
        else:
            self.warn("Không tìm thấy phần ký (chức vụ, họ tên người ký).")
        return recipients, signer

    @staticmethod
    def _signer(titles: list[str], name: str) -> Signer:
        prefix = None
        deputy = None
        lines = list(titles)
        if lines:
            m = _PREFIX_RE.fullmatch(lines[0])
            if m:
                p = m.group("p").replace("/", "")
                prefix = f"{p}."
                lines[0] = m.group("rest")
        if prefix and len(lines) >= 2:
            title = " / ".join(lines[:-1])
            deputy = lines[-1]
        elif prefix == "KT." and " PHÓ " in f" {lines[0]} " and len(lines) == 1:
            # "KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG" run together on one line
            head, _, tail = lines[0].partition(" PHÓ ")
            title, deputy = head, f"PHÓ {tail}"
        else:
            title = " ".join(lines)
        return Signer(prefix=prefix, title=title, name=name, deputy_title=deputy)

    # -- issuer --------------------------------------------------------------------------------

    @staticmethod
    def _issuer_from_body(preamble: list[str], closing: list[str]) -> str | None:
        for text in preamble:
            head = text[:300]
            m = _ISSUER_IN_BODY_RE.match(_fold_keep(head).lower())
            if m and head[:1].isupper():
                return head[: m.end("who")].strip()
        for text in closing[:1]:
            head = text[:400]
            m = _ISSUER_IN_CLOSING_RE.match(_fold_keep(head).lower())
            if m:
                return head[m.start("who") : m.end("who")].strip()
        return None

    # -- typed parts ---------------------------------------------------------------------------

    def _claim(self, node: Section, inherited: str | None) -> None:
        own = _categories(node.title)
        cats = own or ([inherited] if inherited else [])
        headings = [c for c in node.children if c.level < 4]
        if not cats:
            for child in headings:
                self._claim(child, None)
            return
        container = bool(headings) and (
            (len(cats) >= 2 or node.level == 1) and any(_categories(c.title) for c in headings)
        )
        if not container:
            self.claims[cats[0]].append((node, not own))
            return
        leaves = [c for c in node.children if c.level >= 4]
        self.claimed_leaves[cats[0]].extend(leaves)
        inherit = cats[0] if cats[0] in ("duties", "content") else None
        for child in headings:
            self._claim(child, inherit)

    def _typed_parts(self, plan: ParsedPlan) -> None:
        def items(category: str) -> list[str]:
            out = [leaf.title for leaf in self.claimed_leaves[category]]
            for node, _inherited in self.claims[category]:
                out.extend(_items(node))
            return out

        plan.objectives = items("objectives")
        plan.requirements = items("requirements")
        plan.audiences = items("audiences")
        for node, inherited in self.claims["content"]:
            headings = [c for c in node.children if c.level < 4]
            if headings:
                for child in headings:
                    plan.topics.append(Topic(child.label.rstrip(".)"), child.title, _items(child)))
            elif inherited:
                plan.topics.append(Topic(node.label.rstrip(".)"), node.title, _items(node)))
        for text in items("channels"):
            plan.channels.extend(_channels(text))
        funding = items("funding")
        duties: list[Duty] = []
        for leaf in self.claimed_leaves["duties"]:
            self._duty_leaf(leaf, None, duties, funding)
        for node, inherited in self.claims["duties"]:
            self._duties(node, _who_from_title(node.title, inherited), duties, funding)
        plan.duties = duties
        plan.funding = funding

    def _duties(self, node: Section, who, duties: list[Duty], funding: list[str]) -> None:
        current = who
        for child in node.children:
            if child.level >= 4:
                current = self._duty_leaf(child, current, duties, funding)
            elif child.children:
                self._duties(child, _who_from_title(child.title, True), duties, funding)
            else:
                self._duty_leaf(child, current, duties, funding)

    @staticmethod
    def _duty_leaf(leaf: Section, who, duties: list[Duty], funding: list[str]):
        text = leaf.title
        if _head_key(text).startswith("kinh phi"):
            funding.append(text)
            return who
        if text.rstrip().endswith(":") and len(text) < 250 and not leaf.children:
            return _who_from_lead_in(text)
        if leaf.label:  # a bullet under a lead-in belongs to it
            leaf_who = who or _who_in_sentence(text) or ""
        else:  # a paragraph names its own subject when it has one
            leaf_who = _who_in_sentence(text) or who or ""
        duties.append(Duty(leaf_who, text))
        for sub in leaf.children:
            duties.append(Duty(leaf_who, sub.title))
        return who


def _who_from_lead_in(text: str) -> str:
    """ "Trưởng các phòng, ban, đơn vị có trách nhiệm:" -> "Trưởng các phòng, ban, đơn vị"."""
    m = _LEAD_IN_TAIL_RE.search(_fold_keep(text).lower())
    who = text[: m.start()] if m else text
    return who.strip(" :")


def _who_from_title(title: str, unit_heading: bool) -> str | None:
    """Who a duties heading is about: "Phòng Hành chính - Tổ chức" (a unit heading under
    "Tổ chức thực hiện"), "Các phòng, ban có trách nhiệm:", "Trách nhiệm của các phòng, ban";
    None for "TỔ CHỨC THỰC HIỆN" itself."""
    folded = _fold_keep(title).lower()
    m = _LEAD_IN_TAIL_RE.search(folded)
    if m and m.start() > 0:
        return title[: m.start()].strip(" :")
    m = _DUTY_OF_RE.match(folded)
    if m:
        return title[m.end() :].strip(" :")
    return title.strip(" :") if unit_heading else None


def _who_in_sentence(text: str) -> str | None:
    m = _WHO_IN_SENTENCE_RE.match(_fold_keep(text[:200]).lower())
    if not m:
        return None
    end = m.end("who") if m.group("who") else m.end("who2")
    who = text[:end].strip()
    return who if who[:1].isupper() else None


def section_level(label: str) -> int | None:
    """The level a section label gives ("I." 1, "1." 2, "a)" or "1.1" 3, "-" 4, "+" 5, none 4),
    or None when it is not a label the parser knows."""
    if not label:
        return 4
    found = _marker(f"{label} X")
    if found is None or found[1] != label:
        return None
    return found[3]
