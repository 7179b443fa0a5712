"""Vietnamese text: normalisation and diacritic folding (pure Python)."""

import re
import unicodedata

# Old-style tone placement ("Uỷ", "hoà") and new style ("Ủy", "hòa") are both in use.
# Matching and keys use one form; display keeps what the author wrote.
_OLD_TONE = {
    "uỷ": "ủy", "uý": "úy", "uỳ": "ùy", "uỹ": "ũy", "uỵ": "ụy",
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
}
_OLD_TONE.update({k.capitalize(): v.capitalize() for k, v in list(_OLD_TONE.items())})
_OLD_TONE_RE = re.compile(r"(?<![qQgG])(" + "|".join(map(re.escape, _OLD_TONE)) + r")(?![a-zA-ZÀ-ỹ])")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def nfc(text: str) -> str:
    """NFC-normalise; strip BOM and zero-width characters."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\ufeff", "").replace("\u200b", "")


def new_tone_style(text: str) -> str:
    """Rewrite old-style tone placement (uỷ, hoà) to the new style (ủy, hòa)."""
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONE[m.group(1)], nfc(text))


def squash_spaces(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case, strip diacritics, map đ to d, squash spaces.

    fold("Cải cách hành chính Đắk Lắk") == "cai cach hanh chinh dak lak"
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return squash_spaces(text.lower())
