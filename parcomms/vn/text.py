"""Vietnamese text: normalisation, diacritic folding, syllable check (pure Python)."""

import re
import unicodedata

# Old-style tone placement ("Uỷ", "hoà") and new style ("Ủy", "hòa") are both in use.
# Matching and keys use one form; display keeps what the author wrote.
_OLD_TONE = {
    "uỷ": "ủy", "uý": "úy", "uỳ": "ùy", "uỹ": "ũy", "uỵ": "ụy",
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
}  # fmt: skip
_OLD_TONE.update({k.capitalize(): v.capitalize() for k, v in list(_OLD_TONE.items())})
_OLD_TONE.update({k.upper(): v.upper() for k, v in list(_OLD_TONE.items())})
# After "q" the "u" belongs to the initial ("quý"), so the tone is already on the main vowel.
_OLD_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(map(re.escape, _OLD_TONE)) + r")(?![^\W\d_])")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_INVISIBLE = str.maketrans("", "", "\ufeff\u200b")

# Legacy converters often emit Icelandic eth (Ð/ð) where Vietnamese has đ.
_FOLD_LETTERS = str.maketrans({"đ": "d", "ð": "d"})

TONE_MARKS = {
    "\u0300": "huyền",
    "\u0301": "sắc",
    "\u0309": "hỏi",
    "\u0303": "ngã",
    "\u0323": "nặng",
}


def nfc(text: str) -> str:
    """NFC-normalise; strip BOM and zero-width spaces.

    The invisibles go first: removing them afterwards could leave a mark next to
    a letter it should have composed with.
    """
    return unicodedata.normalize("NFC", text.translate(_INVISIBLE))


def new_tone_style(text: str) -> str:
    """Rewrite old-style tone placement (uỷ, hoà) to the new style (ủy, hòa)."""
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONE[m.group(1)], nfc(text))


def squash_spaces(text: str) -> str:
    """Collapse runs of spaces (including no-break and ideographic) to one; trim."""
    return _SPACE_RE.sub(" ", text).strip()


def strip_marks(text: str) -> str:
    """Remove every combining mark (tones and vowel marks); keep đ as it is."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Case-fold, strip diacritics, map đ to d, squash spaces: the search form.

    fold("Cải cách hành chính Đắk Lắk") == "cai cach hanh chinh dak lak"
    """
    # Marks are stripped before and after case-folding: folding "İ" yields "i" plus a mark.
    text = strip_marks(text.translate(_INVISIBLE))
    text = strip_marks(text.casefold().translate(_FOLD_LETTERS))
    return squash_spaces(text)


def split_tone(syllable: str) -> tuple[str, str | None]:
    """Split a syllable into its letters without the tone and its tone mark.

    split_tone("Việt") == ("Viêt", "\u0323"); more than one tone raises ValueError.
    """
    letters, tones = [], []
    for ch in unicodedata.normalize("NFD", syllable):
        (tones if ch in TONE_MARKS else letters).append(ch)
    if len(tones) > 1:
        raise ValueError(f"more than one tone mark in {syllable!r}")
    return unicodedata.normalize("NFC", "".join(letters)), (tones[0] if tones else None)


_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = (
    "iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|"
    "ưa|ưi|ưu|ươ|yê|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
# "k" as a final only occurs in place names from minority languages (Đắk Lắk, Krông Pắk).
_FINALS = "ng|nh|ch|c|m|n|p|t|k"
_STOP_FINALS = ("c", "ch", "p", "t", "k")
_SYLLABLE_RE = re.compile(rf"(?:{_INITIALS})?(?:{_NUCLEI})(?P<final>{_FINALS})?")


def is_syllable(word: str) -> bool:
    """True if `word` is spelt like one Vietnamese syllable (any case, NFC or NFD).

    Checks initial + vowel nucleus + final, at most one tone, and that syllables
    ending in c, ch, p, t take only the sắc or nặng tone. Loose on purpose: it is
    a plausibility check for encoding detection, not a spell checker.
    """
    try:
        letters, tone = split_tone(word.lower())
    except ValueError:
        return False
    m = _SYLLABLE_RE.fullmatch(letters)
    if not m:
        return False
    if m.group("final") in _STOP_FINALS:
        return tone in ("\u0301", "\u0323")
    return True
