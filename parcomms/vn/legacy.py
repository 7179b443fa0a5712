"""Legacy Vietnamese 8-bit encodings: detect and decode TCVN3 and VNI (pure Python).

Offices still send files typed with the old fonts:

- TCVN3 (TCVN 5712:1993, table VN3; "ABC", fonts .VnTime, .VnArial): one byte per
  letter. VN3 has no code for capital letters with a tone: those were typed with the
  lowercase code in an all-capitals font (.VnTimeH). So encode_tcvn3 writes "Ấ" with the
  code of "ấ", and decoding restores capitals where the word around them is in capitals
  (see _restore_capitals). The capitals of table VN1 found in VN3's unused positions and
  the combining tone marks at 0xB0–0xB4 are decoded too.
- VNI (VNI-Windows; fonts VNI-Times, VNI-Helve): a base letter followed by one byte for
  its marks ("á" is "a" + 0xF9, "ấ" is "a" + 0xE1), a few letters in one byte (đ, ơ, ư
  and the toned i). Files are saved as Windows-1252 bytes.
- Windows-1258: Microsoft's Vietnamese code page, toned letters as base + combining tone.

decode_bytes tries the Unicode encodings first (BOM, then UTF-16 without BOM, then
strict UTF-8), then scores the three legacy decodings by how many words come out as
valid Vietnamese syllables and keeps the best.
"""

import codecs
import re
import unicodedata
from collections.abc import Callable

from parcomms.vn.text import is_syllable

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "tcvn3", "vni", "cp1258")

# Tone order of the TCVN3 table rows: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_SIGNIFICANT_BYTES = range(0x80, 0x100)


def _compose(letter: str, tone: str) -> str:
    return unicodedata.normalize("NFC", letter + tone)


def _windows_1252_table() -> dict[int, str]:
    """Byte -> character for 0x80–0xFF in Windows-1252; its five holes map to C1 controls."""
    table = {}
    for byte in _SIGNIFICANT_BYTES:
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            table[byte] = chr(byte)
    return table


_CP1252 = _windows_1252_table()


# --- TCVN3 --------------------------------------------------------------------------

# letter: (code without tone or None if ASCII, huyền, hỏi, ngã, sắc, nặng)
_TCVN3_ROWS = {
    "a": (None, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (None, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (None, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (None, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (None, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (None, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_SINGLES = {
    0xAE: "đ", 0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
}  # fmt: skip
# Table VN1 puts these capitals in positions VN3 leaves free; decode them, never write them.
_TCVN1_CAPITALS = {
    0xAF: "Ằ", 0xBA: "Ẳ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ",
    0xC5: "Ề", 0xCD: "Ể", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xE0: "Ổ", 0xF0: "Ỗ", 0xFF: "Ố",
    0xB0: "\u0300", 0xB1: "\u0309", 0xB2: "\u0303", 0xB3: "\u0301", 0xB4: "\u0323",
}  # fmt: skip


def _tcvn3_letters() -> dict[int, str]:
    letters = dict(_TCVN3_SINGLES)
    for letter, codes in _TCVN3_ROWS.items():
        for tone, code in zip(_TONES, codes, strict=True):
            if code is not None:
                letters[code] = _compose(letter, tone)
    return letters


_TCVN3_LETTERS = _tcvn3_letters()
_TCVN3_DECODE = _CP1252 | _TCVN1_CAPITALS | _TCVN3_LETTERS
_TCVN3_ENCODE = {
    ch: byte for byte, ch in _CP1252.items() if byte not in _TCVN1_CAPITALS | _TCVN3_LETTERS
} | {ch: byte for byte, ch in _TCVN3_LETTERS.items()}

# Lowercase letters VN3 cannot write as capitals: in decoded text their case is unknown.
_CASE_UNKNOWN = frozenset(ch for ch in _TCVN3_LETTERS.values() if ch.upper() not in _TCVN3_ENCODE)
_TO_UPPER = str.maketrans({ch: ch.upper() for ch in _CASE_UNKNOWN})
_WORD_RE = re.compile(r"[^\W\d_]+")


def _tcvn3_byte(ch: str) -> int | None:
    if ch in _TCVN3_ENCODE:
        return _TCVN3_ENCODE[ch]
    if ch.lower() in _CASE_UNKNOWN:
        return _TCVN3_ENCODE[ch.lower()]
    return None


def _capitals_kind(word: str) -> str | None:
    """ "caps" for an all-capitals word, "short" when it could be one, else None.

    Only words holding a letter of unknown case qualify. The other letters decide:
    any lowercase one means the word is not in capitals; two or more capitals
    mean it is; one or none leaves it open ("KÕ" is "Kế" or "KẾ").
    """
    if not any(ch in _CASE_UNKNOWN for ch in word):
        return None
    known = [ch for ch in word if ch not in _CASE_UNKNOWN]
    if any(ch.islower() for ch in known):
        return None
    return "caps" if sum(ch.isupper() for ch in known) >= 2 else "short"


def _restore_line(line: str) -> str:
    matches = list(_WORD_RE.finditer(line))
    kinds = [_capitals_kind(m.group()) for m in matches]
    caps = [kind == "caps" for kind in kinds]
    changed = True
    while changed:
        changed = False
        for i, kind in enumerate(kinds):
            beside_caps = (i > 0 and caps[i - 1]) or (i + 1 < len(caps) and caps[i + 1])
            if kind == "short" and not caps[i] and beside_caps:
                caps[i] = changed = True
    parts, end = [], 0
    for m, is_caps in zip(matches, caps, strict=True):
        parts += [line[end : m.start()], m.group().translate(_TO_UPPER) if is_caps else m.group()]
        end = m.end()
    return "".join(parts) + line[end:]


def _restore_capitals(text: str) -> str:
    """Put back capitals VN3 could not write: in all-capitals words, and in short words
    ("KẾ", "VÀ", "Ở") next to one. A lone "Kế" stays as written."""
    return "".join(_restore_line(line) for line in text.splitlines(keepends=True))


def decode_tcvn3(data: bytes) -> str:
    text = data.decode("latin-1").translate(_TCVN3_DECODE)
    return _restore_capitals(unicodedata.normalize("NFC", text))


# --- VNI ----------------------------------------------------------------------------

# Mark bytes (lowercase forms; capitals use the byte 0x20 lower), by tone as in _TONES.
_VNI_TONE = (None, 0xF8, 0xFB, 0xF5, 0xF9, 0xEF)
_VNI_CIRCUMFLEX = (0xE2, 0xE0, 0xE5, 0xE3, 0xE1, 0xE4)
_VNI_BREVE = (0xEA, 0xE8, 0xFA, 0xFC, 0xE9, 0xEB)
_VNI_I = (None, 0xEC, 0xE6, 0xF3, 0xED, 0xF2)  # toned i are single bytes
_VNI_Y_DOT = 0xEE  # "ỵ" is a single byte; the other toned y are "y" + mark
_VNI_BASES = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ơ": "\xf4", "ư": "\xf6"}
_VNI_MARKED_VOWELS = {
    "â": _VNI_CIRCUMFLEX,
    "ê": _VNI_CIRCUMFLEX,
    "ô": _VNI_CIRCUMFLEX,
    "ă": _VNI_BREVE,
}


def _vni_lowercase() -> dict[str, tuple[str, int | None]]:
    """Lowercase letter -> (base, mark byte or None); base is one character."""
    table: dict[str, tuple[str, int | None]] = {"đ": ("\xf1", None)}
    for letter, base in _VNI_BASES.items():
        for tone, mark in zip(_TONES, _VNI_TONE, strict=True):
            table[_compose(letter, tone)] = (base, mark)
    for letter, marks in _VNI_MARKED_VOWELS.items():
        for tone, mark in zip(_TONES, marks, strict=True):
            table[_compose(letter, tone)] = (unicodedata.normalize("NFD", letter)[0], mark)
    for tone, code in zip(_TONES[1:], _VNI_I[1:], strict=True):
        table[_compose("i", tone)] = (chr(code), None)
    table["ỵ"] = (chr(_VNI_Y_DOT), None)
    return table


def _vni_table() -> dict[str, str]:
    """Letter (both cases) -> its VNI characters (latin-1 stand-ins for bytes)."""
    table = {}
    for letter, (base, mark) in _vni_lowercase().items():
        table[letter] = base + (chr(mark) if mark else "")
        upper_base = base.upper() if base.isascii() else chr(ord(base) - 0x20)
        table[letter.upper()] = upper_base + (chr(mark - 0x20) if mark else "")
    return {letter: code for letter, code in table.items() if code != letter}


_VNI_ENCODE_LETTERS = _vni_table()
_VNI_PAIRS = {code: letter for letter, code in _VNI_ENCODE_LETTERS.items() if len(code) == 2}
# Marks typed in the other case than their base still belong to it.
_VNI_PAIRS |= {
    code[0] + code[1].swapcase(): letter
    for code, letter in list(_VNI_PAIRS.items())
    if code[1].swapcase() not in (code[1], "")
}
_VNI_SINGLES = {code: letter for letter, code in _VNI_ENCODE_LETTERS.items() if len(code) == 1}
_VNI_MARK_BYTES = frozenset(ord(code[1]) for code in _VNI_PAIRS)
_VNI_PAIR_RE = re.compile("(" + "|".join(map(re.escape, sorted(_VNI_PAIRS))) + ")")
_VNI_DECODE_SINGLE = _CP1252 | {ord(c): letter for c, letter in _VNI_SINGLES.items()}
_VNI_ENCODE_OTHER = {
    ch: byte
    for byte, ch in _CP1252.items()
    if byte not in _VNI_MARK_BYTES and chr(byte) not in _VNI_SINGLES
}


def decode_vni(data: bytes) -> str:
    parts = _VNI_PAIR_RE.split(data.decode("latin-1"))
    # split() alternates: text between pairs at even indexes, the pairs at odd ones.
    text = "".join(
        _VNI_PAIRS[part] if i % 2 else part.translate(_VNI_DECODE_SINGLE)
        for i, part in enumerate(parts)
    )
    return unicodedata.normalize("NFC", text)


# --- Windows-1258 -------------------------------------------------------------------


def decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def _cp1258_char(ch: str) -> bytes:
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        letters = "".join(c for c in unicodedata.normalize("NFD", ch) if c not in _TONES[1:])
        tones = "".join(c for c in unicodedata.normalize("NFD", ch) if c in _TONES[1:])
        return unicodedata.normalize("NFC", letters).encode("cp1258") + tones.encode("cp1258")


# --- Encoding -----------------------------------------------------------------------


def _encode(
    text: str, encoding: str, encode_char: Callable[[str], bytes | None], errors: str
) -> bytes:
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    text = unicodedata.normalize("NFC", text)
    out = bytearray()
    for position, ch in enumerate(text):
        code = encode_char(ch)
        if code is None:
            if errors == "strict":
                raise UnicodeEncodeError(encoding, text, position, position + 1, "no code")
            code = b"?"
        out += code
    return bytes(out)


def _tcvn3_char(ch: str) -> bytes | None:
    if ch < "\x80":
        return ch.encode("ascii")
    code = _tcvn3_byte(ch)
    return None if code is None else bytes([code])


def _vni_char(ch: str) -> bytes | None:
    if ch < "\x80":
        return ch.encode("ascii")
    if ch in _VNI_ENCODE_LETTERS:
        return _VNI_ENCODE_LETTERS[ch].encode("latin-1")
    code = _VNI_ENCODE_OTHER.get(ch)
    return None if code is None else bytes([code])


def _cp1258_or_none(ch: str) -> bytes | None:
    try:
        return _cp1258_char(ch)
    except UnicodeEncodeError:
        return None


def encode_tcvn3(text: str, errors: str = "strict") -> bytes:
    """Text in TCVN3 (VN3). Capitals with a tone get the lowercase code, as VN3 has none.

    errors="replace" writes "?" for characters TCVN3 cannot hold; "strict" raises
    UnicodeEncodeError.
    """
    return _encode(text, "tcvn3", _tcvn3_char, errors)


def encode_vni(text: str, errors: str = "strict") -> bytes:
    """Text in VNI-Windows, other characters as Windows-1252."""
    return _encode(text, "vni", _vni_char, errors)


def encode_cp1258(text: str, errors: str = "strict") -> bytes:
    """Text in Windows-1258, tones as combining marks where no precomposed code exists."""
    return _encode(text, "cp1258", _cp1258_or_none, errors)


# --- Detection ----------------------------------------------------------------------

_LEGACY_DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni, "cp1258": decode_cp1258}


def vietnamese_score(text: str) -> int:
    """How Vietnamese `text` looks: +2 per non-ASCII word that is a valid syllable,
    -2 per one that is not, -1 per control or replacement character."""
    score = 0
    for word in _WORD_RE.findall(text):
        if not word.isascii():
            score += 2 if is_syllable(word) else -2
    junk = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Mn") and ch not in "\t\n\r\f")
    )
    return score - junk


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when every other byte is mostly zero, else None."""
    half = len(data) // 2
    if half < 2 or len(data) % 2:
        return None
    zeros_even, zeros_odd = data[0::2].count(0), data[1::2].count(0)
    if zeros_odd >= 0.3 * half and zeros_even <= 0.05 * half:
        return "utf-16-le"
    if zeros_even >= 0.3 * half and zeros_odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _decode_unicode(data: bytes) -> tuple[str, str] | None:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file of unknown encoding: (NFC text, encoding name).

    The name is one of ENCODINGS. Never raises on bad bytes; undecodable ones become
    U+FFFD or the Windows-1252 character.
    """
    data = bytes(data)
    unicode = _decode_unicode(data)
    if unicode:
        text, name = unicode
        return unicodedata.normalize("NFC", text), name
    decoded = [(decode(data), name) for name, decode in _LEGACY_DECODERS.items()]
    # max() keeps the first of equal scores: TCVN3, then VNI, then Windows-1258.
    return max(decoded, key=lambda pair: vietnamese_score(pair[0]))
