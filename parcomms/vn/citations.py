"""Citations of Vietnamese documents in running text (pure Python, no Django).

    >>> [m.citation.key for m in find_citations("Thực hiện Quyết định số 1894/QĐ-UBND ngày ...")]
    ['1894/QĐ-UBND']

The grammar is `reference/citations.md` §2.2: an optional type name ("Quyết định", "Nghị
quyết" ...), "số", a number and symbol (state `1894/QĐ-UBND`, normative `45/2016/QĐ-TTg`,
assembly `72/2025/QH15`, Party `05-NQ/TU`), then optionally a date, "của" and the issuer, and
a subject ("về việc ...").

Matching works on a cleaned copy of the text (NFC, new tone placement, markdown `*` removed,
whitespace squashed) with a map back to the caller's offsets, so NFD input, "Uỷ"/"Ủy" and
hard-wrapped lines give the same results. Issuer and subject are returned in that normalised
form; `Citation.text` keeps the author's tone placement.

Every regex here is bounded or possessive (`dates.DATE_RE` only ever sees a 48-character
window), and each piece of text is scanned a bounded number of times, so a megabyte of hostile
input costs linear time.
"""

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

from parcomms.vn.dates import DATE_RE, VnDate, date_from_match
from parcomms.vn.text import fold, new_tone_style

__all__ = [
    "ABBREVIATION_BY_TYPE",
    "Citation",
    "CitationMatch",
    "PARTY_ORGANS",
    "TYPE_ABBREVIATIONS",
    "find_citations",
    "parse_citation",
    "unique_documents",
]


@dataclass
class Citation:
    """One real document, however it is cited.

    `key` identifies the document: Party documents are keyed in Party form (`05-NQ/TU`)
    even when cited state-style (`05/NQ-TU`).
    """

    type: str  # full type name as cited: "Nghị quyết", "Quyết định", "Văn bản" ...
    number: str | None  # "1894", "05" (kept as written: leading zeros matter in symbols)
    year: int | None  # only when the symbol carries it: 45/2016/QĐ-TTg -> 2016
    symbol: str  # "QĐ-UBND", "NQ/TU", "QĐ-TTg"
    date: VnDate | None
    issuer: str | None
    key: str  # "1894/QĐ-UBND", "05-NQ/TU", "45/2016/QĐ-TTg"
    system: str = "state"  # "state" | "party" | "assembly"
    subject: str | None = None
    text: str = ""  # the citation as it appeared (first occurrence)


@dataclass(frozen=True)
class CitationMatch:
    """One occurrence: `text[start:end]` of the text given to `find_citations` is the citation
    (type name to issuer; the subject is not part of the span, so nested citations inside a
    subject get spans of their own)."""

    citation: Citation
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.citation.key


# ND30 Phụ lục III, Mục I, plus the normative and Party abbreviations met in citations.
TYPE_ABBREVIATIONS: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "SY": "Bản sao y",
    "TrS": "Bản trích sao",
    "SL": "Bản sao lục",
    # Normative documents (Luật Ban hành VBQPPL) and joint documents.
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "VBHN": "Văn bản hợp nhất",
    # Party documents (HD 36-HD/VPTW).
    "KL": "Kết luận",
    "BS": "Bản sao",
    "QĐi": "Quy định",
    "CV": "Công văn",
    # Pháp lệnh before 2009 carried the type in the symbol: 44/2002/PL-UBTVQH10.
    "PL": "Pháp lệnh",
}

# The reverse: the state abbreviation wins where the Party uses another (Quy định: QyĐ, not QĐi).
ABBREVIATION_BY_TYPE: dict[str, str] = {}
for _abbr, _name in TYPE_ABBREVIATIONS.items():
    ABBREVIATION_BY_TYPE.setdefault(_name, _abbr)

_ABBR_BY_UPPER = {abbr.upper(): abbr for abbr in TYPE_ABBREVIATIONS}

# Type names as they open a citation. Longest first wins ("Chương trình hành động" over
# "Chương trình"); matched on folded words, so case, NFD and missing diacritics don't matter.
_TYPE_NAMES = sorted(
    set(TYPE_ABBREVIATIONS.values())
    | {
        "Chương trình hành động",
        "Công văn",
        "Văn bản",
        "Luật",
        "Bộ luật",
        "Pháp lệnh",
        "Lệnh",
        "Hiến pháp",
        "Điều lệ",
        "Quy hoạch",
        "Thông tri",
        "Thông báo kết luận",
        "Bản sao",
    }
)
_TYPE_BY_FOLD = {fold(name): name for name in _TYPE_NAMES}
_MAX_TYPE_WORDS = max(len(name.split()) for name in _TYPE_NAMES)
_LAW_TYPES = {"Luật", "Bộ luật", "Pháp lệnh"}

# Party organs as they appear after the slash: TW, TU, HU, ĐU, VPTW, UBKTTU, BTGTU ...
PARTY_ORGANS = re.compile(
    r"(?:VP|UBKT|BTG|BTC|BDV|BNC|BKT|BCS|BTV|BCH|BCĐ)?"
    r"(?:TW|TƯ|TU|HU|QU|TXU|TPU|ĐU|ĐUK|ĐUCQ|ĐUKCCQ|ĐUKDN)"
)
_ASSEMBLY = re.compile(r"(?:UBTV)?QH\d{0,2}")

# --- number and symbol -------------------------------------------------------------------------

_UP = "A-ZĐƯƠÂĂÊÔ"
_LOW = "a-zđươâăêô"
_SEG = rf"[{_UP}][{_UP}{_LOW}0-9&]{{0,15}}+"
_DASHES = "\\-\u2013\u2010\u2011"
_NUMSYM_RE = re.compile(
    rf"""
    (?<![\w/.{_DASHES}])
    (?P<num>\d{{1,5}}+)
    (?:
        [{_DASHES}](?P<ptype>{_SEG})/(?P<porg>{_SEG}(?:[{_DASHES}]{_SEG}){{0,4}})
      | /(?:(?P<year>(?:19|20)\d\d)/)?(?P<g1>{_SEG})(?P<rest>(?:[{_DASHES}][ ]?{_SEG}){{0,5}})
    )
    (?!\w)
    """,
    re.VERBOSE,
)
_DASH_RE = re.compile(rf"[{_DASHES}] ?")


def _symbol_text(s: str) -> str:
    return _DASH_RE.sub("-", s)


def _party_organs(s: str) -> str:
    """Organs after a Party slash; "TƯ" (Trung ương spelled out) is written TW (HD 36)."""
    return "-".join("TW" if o.upper() == "TƯ" else o for o in _symbol_text(s).split("-"))


@dataclass(frozen=True)
class _Symbol:
    number: str
    year: int | None
    symbol: str
    key: str
    system: str
    type_name: str | None  # from the type abbreviation, when there is one
    unambiguous: bool  # may be taken as a citation without a type name before it


def _classify(m: re.Match) -> _Symbol | None:
    """Reading of a number-and-symbol match (citations.md §2.2: Party before state)."""
    num = m["num"]
    if m["ptype"]:
        abbr = _ABBR_BY_UPPER.get(m["ptype"].upper())
        symbol = f"{m['ptype']}/{_party_organs(m['porg'])}"
        return _Symbol(
            num,
            None,
            symbol,
            f"{num}-{symbol}",
            "party",
            TYPE_ABBREVIATIONS[abbr] if abbr else None,
            abbr is not None,
        )
    g1, rest = m["g1"], _symbol_text(m["rest"])
    year = int(m["year"]) if m["year"] else None
    if not rest:
        if year and _ASSEMBLY.fullmatch(g1):  # Luật 72/2025/QH15, Pháp lệnh 02/2022/UBTVQH15
            return _Symbol(num, year, g1, f"{num}/{year}/{g1}", "assembly", None, False)
        return None
    abbr = _ABBR_BY_UPPER.get(g1.upper())
    organs = rest[1:].split("-")
    if abbr is None:  # công văn: ⟨issuer⟩-⟨unit⟩, no type abbreviation
        symbol = g1 + rest
        system = "assembly" if _ASSEMBLY.fullmatch(g1) else "state"
        key = f"{num}/{year}/{symbol}" if year else f"{num}/{symbol}"
        return _Symbol(num, year, symbol, key, system, None, False)
    type_name = TYPE_ABBREVIATIONS[abbr]
    if year is None and PARTY_ORGANS.fullmatch(organs[0].upper()):
        # A Party document cited state-style (05/NQ-TU): one record with 05-NQ/TU.
        symbol = f"{g1}/{_party_organs(rest[1:])}"
        return _Symbol(num, None, symbol, f"{num}-{symbol}", "party", type_name, True)
    symbol = g1 + rest
    system = "assembly" if _ASSEMBLY.fullmatch(organs[0]) else "state"
    key = f"{num}/{year}/{symbol}" if year else f"{num}/{symbol}"
    return _Symbol(num, year, symbol, key, system, type_name, True)


# --- text preparation --------------------------------------------------------------------------

_DROP = "*\u00ad\u200b\u200c\u200d\u2060\ufeff"
_PIECE_RE = re.compile(rf"(?P<ws>\s+)|(?P<drop>[{_DROP}]+)|(?P<run>[^\s{_DROP}]+)")
_LINE_BREAK_RE = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_AFTER_BREAK_RE = re.compile(r"[*_]*+(?P<bullet>[-+•][ \t]+[*_]*+)?(?P<ch>\w)?")


def _is_paragraph_break(text: str, m: re.Match) -> bool:
    """A blank line, or a line break before a bullet: citations, issuers and subjects stop here.

    A blank line followed by lower case is a page break inside a sentence and reads as a space;
    a single line break reads as a space too (hard-wrapped lines)."""
    ws = m.group()
    breaks = len(_LINE_BREAK_RE.findall(ws))
    if not breaks:
        return False
    after = _AFTER_BREAK_RE.match(text, m.end())
    ch, bullet = after["ch"], after["bullet"]
    if breaks >= 2 or "\u2029" in ws:
        return bool(bullet) or not (ch and ch.islower())
    return bool(bullet and ch and ch.isupper())


@dataclass
class _Prepared:
    clean: str  # NFC, markdown stars removed, whitespace squashed ("\n" = paragraph break)
    key: str  # `clean` with new tone placement; same length
    starts: list[int]  # offset in the original text of each character of `clean`
    ends: list[int]


def _prepare(text: str) -> _Prepared:
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = ""
    for m in _PIECE_RE.finditer(text):
        kind = m.lastgroup
        if kind == "drop":
            continue
        a, b = m.span()
        if kind == "ws":
            if not pieces:
                continue
            sep = "\n" if _is_paragraph_break(text, m) else " "
            if last in (" ", "\n"):
                if sep == "\n":
                    pieces[-1] = last = "\n"
                continue
            pieces.append(sep)
            starts.append(a)
            ends.append(b)
            last = sep
            continue
        run = m.group()
        if unicodedata.is_normalized("NFC", run):
            pieces.append(run)
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
        else:
            cluster_start = a
            for i in range(a + 1, b + 1):
                if i < b and unicodedata.combining(text[i]):
                    continue
                composed = unicodedata.normalize("NFC", text[cluster_start:i])
                pieces.append(composed)
                starts.extend([cluster_start] * len(composed))
                ends.extend([i] * len(composed))
                cluster_start = i
        last = "x"
    if last in (" ", "\n"):
        pieces.pop()
        starts.pop()
        ends.pop()
    clean = "".join(pieces)
    key = new_tone_style(clean)
    if len(key) != len(clean):  # only if text.new_tone_style ever stops being length-preserving
        key = clean
    return _Prepared(clean, key, starts, ends)


# --- the parts around the number ---------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W\d_]++|\d++|\S")
_fold = lru_cache(maxsize=4096)(fold)

_GAP_RE = re.compile(r"[ ]?,?[ ]?")
_OF_RE = re.compile(r"[ ]?,?[ ]?[cC]ủa[ ]")
_PRE_ISSUER_STOP = {"về", "số", "ngày", "theo", "tại", "của"}
_PRE_ISSUER_PUNCT = {"-", "(", ")", "&"}
_LAW_NAME_PUNCT = {"-", ",", "(", ")", "&"}
_MAX_PRE_ISSUER_TOKENS = 14
_MAX_LAW_NAME_TOKENS = 16
_MAX_ISSUER = 200
_MAX_SUBJECT = 600

# Words that end an issuer; the first group also opens a subject (trích yếu).
_SUBJECT_WORDS = (
    r"về|v/v|V/v|ban hành|phê duyệt|quy định|hướng dẫn|sửa đổi|bổ sung|triển khai|thực hiện"
)
_OTHER_STOP_WORDS = r"tại|ngày|theo|đã|đang|sẽ|thì|nay|để|nhằm|là|được|trong đó|kèm theo"
_SENTENCE_END = r"(?<!\bTP)(?<!\bTp)(?<!\bTX)(?<!\bTx)\.(?=\s|$)"
_ISSUER_END_RE = re.compile(
    rf"[ ]?[;:,!?\n“”\"]|{_SENTENCE_END}|[ ]\((?![kK]hóa\b)"
    rf"|[ ](?P<word>{_SUBJECT_WORDS}|{_OTHER_STOP_WORDS})(?!\w)"
)
_SUBJECT_WORD_RE = re.compile(rf"(?:{_SUBJECT_WORDS})(?!\w)")
_KHOA_RE = re.compile(r"\(?\b[kK]hóa (?:[IVXLC]{1,6}+|\d{1,2}+)\b\)?")
_SIBLING_BEFORE_RE = re.compile(r"(?:[,;]|\bvà|\bhoặc|\bcùng)[ ]?$")
_SUBJECT_END_RE = re.compile(rf"[;:!?\n]|{_SENTENCE_END}")


@dataclass
class _Head:
    start: int  # in the prepared text
    num_start: int
    num_end: int
    symbol: _Symbol
    type_name: str | None
    issuer: str | None = None
    law_name: str | None = None


class _Tokens:
    def __init__(self, key: str):
        self.key = key
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in _TOKEN_RE.finditer(key):
            self.starts.append(m.start())
            self.ends.append(m.end())

    def text(self, i: int) -> str:
        return self.key[self.starts[i] : self.ends[i]]

    def gap(self, i: int, pos: int) -> str:
        """The text between token i and position `pos` (the start of what follows it)."""
        return self.key[self.ends[i] : pos]

    def type_name_ending_at(self, i: int) -> tuple[int, str] | None:
        """A type name whose last word is token i: (index of its first word, canonical name)."""
        for n in range(min(_MAX_TYPE_WORDS, i + 1), 0, -1):
            first = i - n + 1
            words = []
            for j in range(first, i + 1):
                word = self.text(j)
                if not word[0].isalpha() or (j > first and self.gap(j - 1, self.starts[j]) != " "):
                    break
                words.append(_fold(word))
            else:
                name = _TYPE_BY_FOLD.get(" ".join(words))
                if name:
                    return first, name
        return None


def _head(tokens: _Tokens, m: re.Match, symbol: _Symbol) -> _Head | None:
    """Look back from the number for "⟨type⟩ [của ⟨issuer⟩] [số[:]]"."""
    s = m.start()
    key = tokens.key
    i = bisect_left(tokens.starts, s) - 1
    pos = s
    so_index = None
    if i >= 0 and tokens.text(i) == ":" and tokens.gap(i, pos) in ("", " "):
        pos = tokens.starts[i]
        i -= 1
    if i >= 0 and _fold(tokens.text(i)) == "so" and tokens.gap(i, pos) in ("", " "):
        so_index = i
        pos = tokens.starts[i]
        i -= 1
    if i >= 0 and tokens.gap(i, pos) == " ":
        found = tokens.type_name_ending_at(i)
        if found and symbol.system == "assembly" and tokens.text(found[0]) == "luật":
            # "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13": "luật" ends the name
            head = _law_head(tokens, i, pos, m, symbol)
            if head:
                return head
        if found:
            first, name = found
            return _Head(tokens.starts[first], s, m.end(), symbol, name)
        if so_index is not None:
            head = _head_with_issuer_first(tokens, i, pos, m, symbol)
            if head:
                return head
        if symbol.system == "assembly":
            head = _law_head(tokens, i, pos, m, symbol)
            if head:
                return head
    if not symbol.unambiguous:
        return None
    if so_index is not None and key[tokens.starts[so_index]] == "S":
        return None  # "Số: 12/KH-VPUB": the document's own number in its header
    return _Head(s, s, m.end(), symbol, None)


def _head_with_issuer_first(
    tokens: _Tokens, i: int, so_pos: int, m: re.Match, symbol: _Symbol
) -> _Head | None:
    """ "Quyết định của Bộ Chính trị số 31-QĐ/TW": the issuer between the type and "số"."""
    for j in range(i, max(-1, i - _MAX_PRE_ISSUER_TOKENS), -1):
        word = tokens.text(j)
        if word[0].isalpha():
            if word == "của" or word == "Của":
                if j == i or j == 0 or tokens.gap(j - 1, tokens.starts[j]) != " ":
                    return None
                found = tokens.type_name_ending_at(j - 1)
                issuer = tokens.key[tokens.ends[j] : so_pos].strip()
                if not found or not issuer[0].isupper():
                    return None
                first, name = found
                return _Head(tokens.starts[first], m.start(), m.end(), symbol, name, issuer)
            if word in _PRE_ISSUER_STOP:
                return None
        elif word not in _PRE_ISSUER_PUNCT:
            return None
    return None


def _law_head(tokens: _Tokens, i: int, so_pos: int, m: re.Match, symbol: _Symbol) -> _Head | None:
    """ "Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13": a name between type and số."""
    for j in range(i, max(-1, i - _MAX_LAW_NAME_TOKENS), -1):
        word = tokens.text(j)
        if word[0].isalpha():
            after_bo = (
                j > 0 and tokens.text(j - 1) == "Bộ" and tokens.gap(j - 1, tokens.starts[j]) == " "
            )
            if word in ("Luật", "luật") and j < i and (word == "Luật" or after_bo):
                first, name = (j - 1, "Bộ luật") if after_bo else (j, "Luật")
            elif word == "Pháp" and j < i - 1 and tokens.text(j + 1) == "lệnh":
                first, name = j, "Pháp lệnh"
            else:
                if word in _PRE_ISSUER_STOP:
                    return None
                continue
            name_start = tokens.ends[j + 1] if name == "Pháp lệnh" else tokens.ends[j]
            law_name = tokens.key[name_start:so_pos].strip(" ,")
            return _Head(tokens.starts[first], m.start(), m.end(), symbol, name, law_name=law_name)
        if word not in _LAW_NAME_PUNCT:
            return None
    return None


def _trim_joins(text: str) -> str:
    """`text` without the separators that join it to a next citation: ",", ";", "và" ..."""
    while True:
        trimmed = text.rstrip(" ,;")
        for word in (" và", " hoặc", " cùng"):
            if trimmed.endswith(word):
                trimmed = trimmed[: -len(word)]
                break
        if trimmed == text:
            return text
        text = trimmed


def _plausible(date: VnDate) -> bool:
    return (date.day is None or 1 <= date.day <= 31) and (
        date.month is None or 1 <= date.month <= 12
    )


def _date_at(key: str, pos: int, limit: int) -> re.Match | None:
    m = DATE_RE.match(key, pos, min(limit, pos + 48))
    return m if m and _plausible(date_from_match(m)) else None


def _clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit]


class _Scanner:
    def __init__(self, text: str):
        self.prep = _prepare(text)
        self.key = self.prep.key
        self.tokens = _Tokens(self.key)
        self.heads: list[_Head] = []
        last_end = 0
        for m in _NUMSYM_RE.finditer(self.key):
            symbol = _classify(m)
            if symbol is None:
                continue
            head = _head(self.tokens, m, symbol)
            if head is None:
                continue
            if head.start < last_end:  # never reach back into the previous citation
                if not symbol.unambiguous:
                    continue
                head = _Head(m.start(), m.start(), m.end(), symbol, None)
            self.heads.append(head)
            last_end = head.num_end
        # The first sibling citation after each head ("…; Quyết định số …", "… và Nghị quyết
        # số …") ends that head's subject; a nested one ("thực hiện Chỉ thị số …") does not.
        self.next_sibling: list[int] = [len(self.key)] * len(self.heads)
        nxt = len(self.key)
        for n in range(len(self.heads) - 1, -1, -1):
            self.next_sibling[n] = nxt
            start = self.heads[n].start
            if _SIBLING_BEFORE_RE.search(self.key, max(0, start - 8), start):
                nxt = start
        self.subject_ends = [m.start() for m in _SUBJECT_END_RE.finditer(self.key)]

    def matches(self) -> list[CitationMatch]:
        out = []
        for n, head in enumerate(self.heads):
            limit = self.heads[n + 1].start if n + 1 < len(self.heads) else len(self.key)
            out.append(self._match(n, head, limit))
        return out

    def _match(self, n: int, head: _Head, limit: int) -> CitationMatch:
        key, sym = self.key, head.symbol
        p = end = head.num_end
        date = None
        dm = _date_at(key, _GAP_RE.match(key, p, limit).end(), limit)
        if dm:
            date = date_from_match(dm)
            p = end = dm.end()

        issuer, ended_by = head.issuer, None
        of = _OF_RE.match(key, p, limit) if issuer is None else None
        if of:
            issuer, ended_by, issuer_end = self._issuer(of.end(), limit)
            if issuer:
                p = end = issuer_end
                if date is None and ended_by == "ngày":
                    dm = _date_at(key, p + 1, limit)
                    if dm:
                        date = date_from_match(dm)
                        p = end = dm.end()
                        ended_by = None

        subject = None
        q = p + 1 if key.startswith(" ", p) else p
        sibling = self.next_sibling[n]
        if ended_by == "khóa":
            # "(khóa XII) một số vấn đề về ...": the title follows the term directly
            if q > p and q < len(key) and key[q].isalpha():
                subject = self._subject(q, sibling)
        elif ended_by in (None, "word") and _SUBJECT_WORD_RE.match(key, q):
            subject = self._subject(q, sibling)
        if subject is None and head.law_name:
            subject = head.law_name

        clean = self.prep.clean
        # A symbol hard-wrapped at its hyphen ("05/QĐ-\nVPUB") is written back whole.
        clean = (
            clean[head.start : head.num_start]
            + _symbol_text(clean[head.num_start : head.num_end])
            + clean[head.num_end : end]
        ).replace("\n", " ")
        citation = Citation(
            type=head.type_name or sym.type_name or "",
            number=sym.number,
            year=sym.year,
            symbol=sym.symbol,
            date=date,
            issuer=issuer or None,
            key=sym.key,
            system=sym.system,
            subject=subject or None,
            text=clean,
        )
        return CitationMatch(citation, self.prep.starts[head.start], self.prep.ends[end - 1])

    def _issuer(self, start: int, limit: int) -> tuple[str | None, str | None, int]:
        """The issuer after "của": up to "về", "ban hành", a comma ... or "(khóa XII)"."""
        key = self.key
        if start >= limit or not key[start].isupper():
            return None, None, start
        window_end = min(limit, start + _MAX_ISSUER)
        stop = _ISSUER_END_RE.search(key, start, window_end)
        if stop:
            end = stop.start()
            word = stop["word"]
            ended_by = "ngày" if word == "ngày" else "word" if word else "punct"
        else:
            end = window_end
            ended_by = "limit"
            if window_end < limit:
                end = start + len(_clip(key[start:window_end], _MAX_ISSUER - 1))
        khoa = _KHOA_RE.search(key, start, end)
        if khoa:
            end, ended_by = khoa.end(), "khóa"
        text = key[start:end]
        trimmed = _trim_joins(text)
        if not trimmed:
            return None, None, start
        return trimmed, ended_by, start + len(trimmed)

    def _subject(self, start: int, sibling: int | None = None) -> str | None:
        """The trích yếu: up to ";", the end of the sentence or the next sibling citation."""
        i = bisect_left(self.subject_ends, start)
        end = self.subject_ends[i] if i < len(self.subject_ends) else len(self.key)
        if sibling is not None and start < sibling < end:
            end = sibling
        end = min(end, start + _MAX_SUBJECT + 1)
        text = _clip(self.key[start:end], _MAX_SUBJECT)
        return _trim_joins(text) or None


# --- public API --------------------------------------------------------------------------------


def find_citations(text: str) -> list[CitationMatch]:
    """Every citation of a document in `text`, in order, with offsets into `text`."""
    if not text:
        return []
    return _Scanner(text).matches()


def parse_citation(text: str) -> Citation | None:
    """The first citation in `text` (meant for a single citation string)."""
    found = find_citations(text)
    return found[0].citation if found else None


def _identity(c: Citation) -> tuple:
    number = (c.number or "").lstrip("0") or "0"
    return (c.system, number, c.year, fold(c.symbol).replace(" ", ""))


_MERGED_FIELDS = ("type", "date", "issuer", "subject")


def unique_documents(matches: "list[CitationMatch] | list[Citation]") -> list[Citation]:
    """One record per real document, in first-seen order.

    A later mention fills in what the first lacked (date, issuer, subject); where both have a
    value the first wins. `05/NQ-TU` and `05-NQ/TU` are the same document, and so are `5-NQ/TU`
    and `05-NQ/TU`; the key is the first mention's.
    """
    docs: dict[tuple, Citation] = {}
    for item in matches:
        c = item.citation if isinstance(item, CitationMatch) else item
        ident = _identity(c)
        seen = docs.get(ident)
        if seen is None:
            docs[ident] = replace(c)
            continue
        for name in _MERGED_FIELDS:
            if not getattr(seen, name) and getattr(c, name):
                setattr(seen, name, getattr(c, name))
    return list(docs.values())
