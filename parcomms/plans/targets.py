"""Indicator targets written in a plan's prose (pure Python, no Django).

A plan states its targets in running text: "Chỉ số PCI đạt khoảng 68,9 điểm, đưa PCI Ninh Thuận
vào nhóm các tỉnh điều hành kinh tế thuộc nhóm khá". `find_targets` returns one `Target` per
fact (here a score and a group), each tied to the indicator the clause talks about.

How a sentence is read:

1. The text is NFC-normalised; hard-wrapped lines are joined, bullets and headings kept apart.
2. Sentences end at ". " before a capital or a digit; clauses at ";", ": " and a spaced dash
   ("–"), but not inside parentheses ("(rút ngắn thời gian; tinh gọn hồ sơ;...)").
3. Indicators are recognised on the folded sentence (no diacritics), facts on the lower-cased
   sentence with its diacritics, because folding merges words that matter: "đạt" (reach) and
   "đặt" (set), "tăng" (rise) and "tầng". Both are the same length as the sentence, so offsets
   line up.
4. A fact belongs to the nearest indicator named before it in its clause, else to the first
   named after it in the clause ("100% đơn vị tổ chức ít nhất 01 hội nghị"), else to the last
   one named earlier in the sentence: "Chỉ số SIPAS tăng từ 1% trở lên – đạt 89,64% trở lên;
   duy trì vị thứ trong TOP 20" gives three SIPAS targets. Facts with no indicator are dropped.

Every scan is a regular expression without nested repetition, run once per sentence or per
window between two facts, so the work grows linearly with the text.
"""

import math
import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from itertools import chain
from types import MappingProxyType

from parcomms.plans.parsed import Target
from parcomms.vn.numbers import format_decimal, parse_decimal
from parcomms.vn.text import fold, nfc

# --- Evaluator vocabulary ------------------------------------------------------------------

KINDS = ("rank", "rank_change", "top_n", "score", "percent", "delta", "group", "qualitative")
COMPARISONS = ("<=", ">=", "=", "~", "in")  # "~" is "about" (khoảng, xấp xỉ)
UNITS = ("rank", "places", "points", "%")

# Tier scales, best first. A "group" target is met by its tier or a better one of the same scale.
TIER_SCALES = (
    ("xuất sắc", "rất tốt", "tốt", "khá", "trung bình khá", "trung bình", "tương đối thấp", "thấp"),
    ("cao nhất", "trung bình cao", "trung bình thấp", "thấp nhất"),
)

SCOPE_LABELS = MappingProxyType(
    {"departments": "nhóm sở, ban, ngành", "localities": "nhóm địa phương"}
)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # as documents name it
    label: str  # short form for one-line descriptions
    patterns: tuple[str, ...]  # regexes over fold()ed text: lower case, no diacritics, đ -> d
    higher_is_better: bool = True
    scale: str | None = None
    rank_of: int | None = None  # how many are ranked, when a target gives a rank without "/63"
    scopes: tuple[tuple[str, str], ...] = ()  # (scope, regex over folded text)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.patterns))

    @cached_property
    def scope_regexes(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((scope, re.compile(p)) for scope, p in self.scopes)


_PROVINCES = 63

INDICATORS: Mapping[str, Indicator] = MappingProxyType(
    {
        ind.code: ind
        for ind in (
            Indicator(
                "PAR_INDEX",
                "Chỉ số cải cách hành chính (PAR INDEX)",
                "PAR INDEX",
                (r"\bpar[ -]?index\b", r"\bchi so (?:cai cach hanh chinh|cchc)\b"),
                scale="0–100 điểm",
                rank_of=_PROVINCES,
            ),
            Indicator(
                "PAPI",
                "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
                "PAPI",
                (r"\bpapi\b", r"\bchi so hieu qua quan tri va hanh chinh cong\b"),
                scale="8–80 điểm",
                rank_of=_PROVINCES,
            ),
            Indicator(
                "PCI",
                "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
                "PCI",
                (r"\bpci\b", r"\bnang luc canh tranh cap tinh\b"),
                scale="0–100 điểm",
                rank_of=_PROVINCES,
            ),
            Indicator(
                "SIPAS",
                "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
                "SIPAS",
                (
                    r"\bsipas\b",
                    r"\b(?:chi so|muc do|ty le|su) hai long (?:cua [^.;]{0,60}? )?"
                    r"(?:ve|doi voi) (?:su )?phuc vu\b",
                ),
                scale="0–100%",
                rank_of=_PROVINCES,
            ),
            Indicator(
                "DTI",
                "Chỉ số chuyển đổi số (DTI)",
                "DTI",
                (r"\bdti\b", r"\bchi so chuyen doi so\b"),
                scale="0–1",
                rank_of=_PROVINCES,
            ),
            Indicator(
                "DDCI",
                "Chỉ số năng lực cạnh tranh cấp sở, ban, ngành và địa phương (DDCI)",
                "DDCI",
                (
                    r"\bddci\b",
                    r"\bnang luc canh tranh (?:cap |cua )?(?:cac )?(?:so|huyen|dia phuong)\b",
                ),
                scale="0–100 điểm",
                scopes=(
                    ("departments", r"\b(?:nhom|khoi) (?:cac )?(?:co quan )?(?:so|ban|nganh)\b"),
                    ("localities", r"\b(?:nhom|khoi) (?:cac )?(?:dia phuong|huyen|cap huyen)\b"),
                ),
            ),
            Indicator(
                "ICT_INDEX",
                "Chỉ số sẵn sàng cho phát triển và ứng dụng công nghệ thông tin và truyền thông"
                " (ICT INDEX)",
                "ICT INDEX",
                (
                    r"\bict[ -]?index\b",
                    r"\bchi so san sang (?:cho )?phat trien va ung dung cong nghe thong tin\b",
                ),
                scale="0–1",
                rank_of=_PROVINCES,
            ),
            Indicator(
                "BUDGET_REVENUE",
                "Thu ngân sách nhà nước",
                "Thu ngân sách",
                (r"\bthu ngan sach\b",),
            ),
            Indicator(
                "DIGITAL_GOV_SATISFACTION",
                "Tỷ lệ hài lòng của người dân đối với Chính quyền số",
                "Hài lòng với Chính quyền số",
                (r"\bhai long\b[^.;]{0,60}?\bchinh (?:quyen|phu) so\b",),
                scale="0–100%",
            ),
            Indicator(
                "TTHC_SIMPLIFIED",
                "Tỷ lệ thủ tục hành chính được đơn giản hóa",
                "TTHC được đơn giản hóa",
                (
                    # The list of ways to simplify may sit in between, in parentheses.
                    r"\b(?:don gian hoa|cat giam)\b.{0,160}?\b(?:thu tuc hanh chinh|tthc)\b",
                    r"\b(?:thu tuc hanh chinh|tthc)\b[^.;]{0,40}?\b(?:don gian hoa|cat giam)\b",
                ),
                scale="0–100%",
            ),
            Indicator(
                "UNIT_MEETINGS",
                "Tỷ lệ cơ quan, đơn vị tổ chức hội nghị tuyên truyền cải cách hành chính",
                "Đơn vị tổ chức hội nghị",
                (
                    r"\b(?:co quan|don vi)\b[^.;]{0,60}?\bto chuc\b[^.;]{0,40}?"
                    r"\b(?:hoi nghi|buoi hop|buoi sinh hoat|buoi tuyen truyen)\b",
                ),
                scale="0–100%",
            ),
        )
    }
)

# --- Text preparation ----------------------------------------------------------------------


def _char_table(convert) -> dict[int, str]:
    """A str.translate table that maps one character to one, so offsets are kept."""
    table = {}
    for cp in chain(range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        ch = chr(cp)
        converted = convert(ch)
        if len(converted) == 1 and converted != ch:
            table[cp] = converted
    return table


_LOWER = MappingProxyType(_char_table(str.lower))
_FOLD = MappingProxyType(_char_table(fold))

# A line that opens a block of its own: bullet, markdown heading or emphasis, table row,
# "1." / "I." / "a)" label.
_MARKER_RE = re.compile(r"(?:[-–—+•*#>|]|[0-9]{1,2}[.)]\s|[IVXLC]{1,5}\.\s|[a-zđ]\)\s)")
_DASH_BULLETS = "-–—"
_LEADING_MARKERS_RE = re.compile(
    r"(?:[-–—+•*#>|_]+\s*|[0-9]{1,2}[.)]\s+|[IVXLC]{1,5}\.\s+|[a-zđ]\)\s+)+"
)
_SPACES_RE = re.compile(r"\s+")
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’')\]]*\s+")
_SENTENCE_OPENERS = "\"“‘'([-–—•+*"
_ABBREVIATIONS = frozenset({"tp", "tx", "ths", "ts", "pgs", "gs", "bs", "ks", "q", "p"})
_TRIM = " ,;:.–—-*_#>+•|"


def _blocks(text: str) -> list[tuple[str, bool]]:
    """Paragraphs and list items, with hard-wrapped lines joined; True marks a list item."""
    blocks: list[list[str]] = []
    gap = False
    for raw in text.splitlines():
        line = _SPACES_RE.sub(" ", raw).strip()
        if not line:
            gap = True
            continue
        if blocks and _continues(blocks[-1], line, gap):
            blocks[-1].append(line)
        else:
            blocks.append([line])
        gap = False
    out = []
    for lines in blocks:
        block = " ".join(lines)
        marker = _LEADING_MARKERS_RE.match(block)
        if marker:
            block = block[marker.end() :]
        if block:
            out.append((block, marker is not None))
    return out


def _continues(block: list[str], line: str, gap: bool) -> bool:
    if _MARKER_RE.match(line):
        # "– đạt 89,64%" wrapped onto a new line continues the sentence. A dash bullet
        # follows an item that ended with punctuation, or an item opened by the same dash.
        previous = block[-1]
        return (
            not gap
            and line[0] in _DASH_BULLETS
            and line[0] != block[0][0]
            and (previous[-1].isalnum() or previous[-1] in ",)%")
        )
    # After a blank line only a page break inside a sentence continues: "trên\n\nđịa bàn",
    # "đạt khoảng\n\n68,9 điểm".
    return not gap or line[0].islower() or (line[0].isdigit() and block[-1][-1].isalpha())


def _sentences(block: str) -> Iterator[str]:
    start = scanned = depth = 0
    for m in _SENTENCE_END_RE.finditer(block):
        for ch in block[scanned : m.start()]:
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth = max(0, depth - 1)
        scanned = m.start()
        following = block[m.end() : m.end() + 1]
        if not following or not (
            following.isupper() or following.isdigit() or following in _SENTENCE_OPENERS
        ):
            continue
        if depth and ")" in m.group():
            continue  # "(...; áp dụng cơ chế liên thông;...) Ít nhất": inside parentheses
        if m.group()[0] == "." and m.group()[1].isspace():
            word = re.search(r"(\w+)$", block[max(start, m.start() - 5) : m.start()])
            if word and word.group(1).lower() in _ABBREVIATIONS:
                continue
        yield block[start : m.end()]
        start = scanned = m.end()
        depth = 0
    if start < len(block):
        yield block[start:]


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Clause spans: split at ";", ": " and a spaced dash, outside parentheses."""
    spans = []
    start = depth = 0
    last = len(sentence) - 1
    for i, ch in enumerate(sentence):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and (
            ch == ";"
            or (ch == ":" and i < last and sentence[i + 1] == " ")
            or (ch in "–—" and 0 < i < last and sentence[i - 1] == sentence[i + 1] == " ")
        ):
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(sentence)))
    return spans


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


# --- Facts ---------------------------------------------------------------------------------


def _vn(pattern: str) -> re.Pattern[str]:
    return re.compile(nfc(pattern), re.VERBOSE)


_NUM = r"(?<![0-9.,])[0-9]{1,12}(?:[.,][0-9]{1,12}){0,4}(?![0-9])"
_POST = r"(?P<{}_post>\s?(?:trở\ lên|trở\ xuống))?"
_RANK_POST, _TOP_POST, _QTY_POST = (_POST.format(name) for name in ("rank", "top", "qty"))
_NOT_NUMBER_AFTER = r"(?![0-9/]|[.,][0-9])"
_TIERS = (
    "rất tốt|tốt nhất|xuất sắc|trung bình khá|trung bình cao|trung bình thấp|tương đối tốt"
    "|tương đối thấp|cao nhất|thấp nhất|dẫn đầu|trung bình|khá|tốt|cao|thấp|yếu|kém"
).replace(" ", r"\ ")

_FACT_RE = _vn(
    rf"""
    (?P<rank>(?<!\w)(?:xếp\ hạng|xếp\ thứ|đứng\ thứ|vị\ thứ|thứ\ hạng|hạng)\s?(?:thứ\s?)?
        (?P<rank_n>[0-9]{{1,3}})(?:\s?/\s?(?P<rank_of>[0-9]{{1,3}}))?{_NOT_NUMBER_AFTER}{_RANK_POST})
    |(?P<top>(?<!\w)(?:top|tốp)\s?(?P<top_n>[0-9]{{1,3}}){_NOT_NUMBER_AFTER}{_TOP_POST})
    |(?P<lead>(?<!\w)(?:nhóm|tốp|trong)\s(?:nhóm\s)?(?P<lead_n>[0-9]{{1,3}})\s
        (?:tỉnh|địa\ phương|đơn\ vị|sở|huyện|cơ\ quan)[^.;:0-9]{{0,40}}?
        (?:dẫn\ đầu|đứng\ đầu|cao\ nhất|tốt\ nhất|đầu\ bảng)(?!\w))
    |(?P<group>(?<!\w)(?:nhóm|xếp\ loại|tốp)\s(?P<tier>{_TIERS})(?!\w))
    |(?P<slash>(?<![0-9/.,])(?P<slash_n>[0-9]{{1,3}})\s?/\s?(?P<slash_of>[0-9]{{2,3}})(?![0-9/]))
    |(?P<qty>(?P<num>{_NUM})\s?
        (?P<unit>%|(?:phần\ trăm|bậc|hạng|vị\ trí|vị\ thứ
            |điểm(?!\s(?:cầu|giao\ dịch|phục\ vụ|tiếp\ nhận|bưu|du\ lịch|trường|dân\ cư)))(?!\w))
        {_QTY_POST})
    |(?P<qualitative>(?<!\w)(?:đạt\ và\ vượt|đạt\ hoặc\ vượt|hoàn\ thành\ và\ vượt|hoàn\ thành
        |vượt|đạt)\s(?:mức\s|các\s)?(?:chỉ\ tiêu|dự\ toán|kế\ hoạch|mục\ tiêu)(?!\w))
    """
)
# A comparison word right before the number, maybe followed by "là", "ở mức" ...
_COMPARISON_RE = _vn(
    r"""(?<!\w)(?:
        (?P<approx>khoảng|xấp\ xỉ|gần|ước\ đạt|chừng)
        |(?P<le>không\ vượt\ quá|không\ cao\ hơn|không\ quá|tối\ đa|dưới)
        |(?P<ge>không\ thấp\ hơn|không\ ít\ hơn|không\ dưới|ít\ nhất|tối\ thiểu|trên|hơn|vượt)
    )(?:\s(?:là|ở\ mức|mức|đạt|bằng))*\s?$"""
)
# The verb that governs a number: a change ("tăng 3 điểm") or a level ("tăng lên 83 điểm").
_VERB_RE = _vn(
    r"""(?<!\w)(?:
        (?P<level>tăng\ lên|nâng\ lên|nâng\ cao\ lên|(?<!trở\ )lên|đạt|ở\ mức)
        |(?P<change>gia\ tăng|tăng(?!\ cường|\ trưởng)|nâng\ cao|nâng|cải\ thiện|thăng)
    )(?!\w)"""
)
_BASELINE_BEFORE_RE = _vn(r"(?<!\w)từ\s?$")
_BASELINE_AFTER_RE = _vn(r"\s?(?:lên|đến|tới)\s(?:mức\s)?[0-9]")
_RANK_CUE_RE = _vn(r"(?<!\w)(?:thứ|hạng|xếp|đứng|top|tốp|vị\ trí|nhóm)(?!\w)")
_RANK_UNIT_AFTER_RE = _vn(r"\s?(?:tỉnh|địa\ phương|đơn\ vị|sở|huyện|quận|cơ\ quan)(?!\w)")

_UNITS = {"%": "%", "phần trăm": "%", "điểm": "points"}


@dataclass
class _Fact:
    start: int
    kind: str
    comparison: str | None  # None: the indicator's direction decides
    value: float | str
    unit: str | None
    rank_of: int | None = None


def _number(text: str) -> float | None:
    try:
        value = float(parse_decimal(text))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _facts(low: str, original: str, start: int, end: int) -> list[_Fact]:
    facts: list[_Fact] = []
    previous_end = verbs_from = start
    verb: str | None = None  # "level" or "change", carried from fact to fact in a clause
    for m in _FACT_RE.finditer(low, start, end):
        for v in _VERB_RE.finditer(low, verbs_from, m.start()):
            verb = v.lastgroup
        verbs_from = m.end()
        near = low[max(previous_end, m.start() - 40) : m.start()]
        cue = _COMPARISON_RE.search(near)
        comparison = {"approx": "~", "le": "<=", "ge": ">="}.get(cue.lastgroup) if cue else None
        if m.lastgroup in ("rank", "top", "qty") and m.group(f"{m.lastgroup}_post"):
            comparison = ">=" if "lên" in m.group(f"{m.lastgroup}_post") else "<="
        fact = _fact(m, low, near, verb, comparison, original, end)
        if fact is not None:
            facts.append(fact)
            previous_end = m.end()
    return facts


def _fact(m, low, near, verb, comparison, original, clause_end) -> _Fact | None:
    kind = m.lastgroup
    if kind == "rank":
        of = m.group("rank_of")
        n, of = int(m.group("rank_n")), int(of) if of else None
        if n < 1 or (of is not None and of < n):
            return None
        return _Fact(m.start(), "rank", "<=", float(n), "rank", of)
    if kind in ("top", "lead"):
        n = int(m.group(f"{kind}_n"))
        return _Fact(m.start(), "top_n", "<=", float(n), "rank") if n >= 1 else None
    if kind == "group":
        return _Fact(m.start(), "group", "in", m.group("tier"), None)
    if kind == "slash":
        n, of = int(m.group("slash_n")), int(m.group("slash_of"))
        named = _RANK_CUE_RE.search(near[-25:]) or _RANK_UNIT_AFTER_RE.match(low, m.end())
        if not named or n < 1 or of < n:
            return None  # a date or a document number, not a rank
        return _Fact(m.start(), "rank", "<=", float(n), "rank", of)
    if kind == "qualitative":
        s, e = _trim_span(original, m.start(), clause_end)
        return _Fact(m.start(), "qualitative", "=", original[s:e], None)
    # A quantity: "05 bậc", "68,9 điểm", "89,64%".
    value = _number(m.group("num"))
    if value is None:
        return None
    if _BASELINE_BEFORE_RE.search(near[-6:]) and _BASELINE_AFTER_RE.match(low, m.end()):
        return None  # "từ 65 điểm lên 68,9 điểm": the starting point, not the target
    unit = _UNITS.get(m.group("unit"))
    changes = verb == "change"
    if unit is None:  # bậc, hạng, vị trí: places gained
        if not changes:
            return None
        return _Fact(m.start(), "rank_change", comparison or ">=", value, "places")
    if changes:
        return _Fact(m.start(), "delta", comparison or ">=", value, unit)
    return _Fact(m.start(), "score" if unit == "points" else "percent", comparison, value, unit)


# --- Indicators in a sentence --------------------------------------------------------------


def _mentions(folded: str, indicators: Mapping[str, Indicator]) -> list[tuple[int, int, str]]:
    found = sorted(
        (m.start(), -m.end(), ind.code)
        for ind in indicators.values()
        for m in ind.regex.finditer(folded)
    )
    kept: list[tuple[int, int, str]] = []
    for start, neg_end, code in found:
        if kept and start < kept[-1][1] and code != kept[-1][2]:
            continue  # inside a longer name of another indicator
        kept.append((start, -neg_end, code))
    return kept


def _subject(
    mentions: list[tuple[int, int, str]], starts: list[int], at: int, clause: tuple[int, int]
) -> tuple[int, str] | None:
    before = bisect_left(starts, at)
    if before and starts[before - 1] >= clause[0]:
        return mentions[before - 1][0], mentions[before - 1][2]
    if before < len(starts) and starts[before] < clause[1]:
        return mentions[before][0], mentions[before][2]
    if before:
        return mentions[before - 1][0], mentions[before - 1][2]
    return None


def _scope(indicator: Indicator, folded: str, after: int, before: int) -> str | None:
    found = None
    for scope, regex in indicator.scope_regexes:
        for m in regex.finditer(folded, after, before):
            if found is None or m.start() > found[0]:
                found = (m.start(), scope)
    return found[1] if found else None


def find_targets(text: str, indicators: Mapping[str, Indicator] = INDICATORS) -> list[Target]:
    """Every indicator target stated in `text`, in text order."""
    targets: list[Target] = []
    lead_in: str | None = None  # "Chỉ số PCI:" names the subject of the list items below it
    for block, is_item in _blocks(nfc(text)):
        if not is_item:
            lead_in = None
        for sentence in _sentences(block):
            targets.extend(_sentence_targets(sentence, indicators, lead_in if is_item else None))
        if block.rstrip(" *_").endswith(":"):
            named = {code for _, _, code in _mentions(block.translate(_FOLD), indicators)}
            lead_in = named.pop() if len(named) == 1 else None
    return targets


def _sentence_targets(
    sentence: str, indicators: Mapping[str, Indicator], lead_in: str | None
) -> Iterator[Target]:
    low, folded = sentence.translate(_LOWER), sentence.translate(_FOLD)
    mentions = _mentions(folded, indicators)
    if not mentions and lead_in is None:
        return
    starts = [m[0] for m in mentions]
    for clause in _clauses(sentence):
        facts = _facts(low, sentence, *clause)
        measured = [f for f in facts if f.kind != "qualitative"]
        facts = measured or facts[:1]  # "đạt chỉ tiêu" only when nothing is measured
        if not facts:
            continue
        s, e = _trim_span(sentence, *clause)
        clause_text = sentence[s:e]
        for fact in facts:
            subject = _subject(mentions, starts, fact.start, clause)
            if subject is None and lead_in is not None:
                subject = (0, lead_in)
            if subject is None:
                continue
            mentioned_at, code = subject
            indicator = indicators[code]
            comparison = fact.comparison or (">=" if indicator.higher_is_better else "<=")
            rank_of = fact.rank_of
            if fact.kind in ("rank", "top_n") and rank_of is None:
                rank_of = indicator.rank_of
            scope = None
            if indicator.scopes and mentioned_at <= fact.start:
                scope = _scope(indicator, folded, mentioned_at, fact.start)
            yield Target(
                indicator=code,
                kind=fact.kind,
                comparison=comparison,
                value=fact.value,
                unit=fact.unit,
                text=clause_text,
                scope=scope,
                rank_of=rank_of,
            )


# --- Description ---------------------------------------------------------------------------

_SYMBOLS = {"<=": "≤ ", ">=": "≥ ", "~": "khoảng ", "=": "", "in": ""}


def _format_value(value) -> str:
    if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
        try:
            if value == int(value):
                value = int(value)
            return format_decimal(value)
        except (ValueError, OverflowError, ArithmeticError):
            return str(value)
    return "" if value is None else str(value)


def describe_target(target: Target, indicators: Mapping[str, Indicator] = INDICATORS) -> str:
    """One Vietnamese phrase: "PAR INDEX: xếp hạng ≤ 30/63", "PCI: khoảng 68,9 điểm"."""
    indicator = indicators.get(target.indicator)
    label = indicator.label if indicator else target.indicator
    if target.scope:
        label += f" ({SCOPE_LABELS.get(target.scope, target.scope)})"
    symbol = _SYMBOLS.get(target.comparison, f"{target.comparison} ")
    value = _format_value(target.value)
    unit = {"points": " điểm", "%": "%", "places": " bậc"}.get(target.unit or "", "")
    match target.kind:
        case "rank":
            of = f"/{target.rank_of}" if target.rank_of else ""
            phrase = f"xếp hạng {symbol}{value}{of}"
        case "top_n":
            phrase = f"trong TOP {value}"
        case "rank_change":
            phrase = f"tăng {symbol}{value} bậc"
        case "delta":
            phrase = f"tăng {symbol}{value}{unit}"
        case "group":
            phrase = f"nhóm {value}"
        case "qualitative":
            phrase = value
        case _:
            phrase = f"{symbol}{value}{unit}"
    return f"{label}: {phrase.strip()}"
