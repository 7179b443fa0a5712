"""Vietnamese alphabetical order (pure Python).

Order of letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with the
Latin letters Vietnamese does not use (f, j, w, z) in their Latin places. Comparison
goes level by level over the whole string, like a dictionary:

1. letters, case-insensitive, word by word (a word is a run of letters; a run of
   digits is a number and sorts before words, by value);
2. tones, in the conventional order: none, huyền, sắc, hỏi, ngã, nặng;
3. other accents (letters from other languages, such as ç or ü);
4. case: lower before upper;
5. the NFC text itself, so distinct strings never tie and punctuation counts last
   (a BOM or zero-width space does not count at all).

Keys are built from the NFD form, so NFC and NFD spellings of a name sort together.
sort_key is for sorting in Python; collation_string encodes levels 1, 2 and 4 as a
string of digits for a database column (ORDER BY gives the same order).
"""

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from parcomms.vn.text import nfc

T = TypeVar("T")

LETTERS = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK = {letter: rank for rank, letter in enumerate(LETTERS, start=1)}
_UNKNOWN_LETTER = 1000  # other scripts sort after z, by code point

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_LETTER_MARKS = {_BREVE, _CIRCUMFLEX, _HORN}
_TONE_RANK = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}

_NUMBER, _WORD = 0, 1


def _clusters(text: str) -> list[tuple[str, str]]:
    """Split NFD text into (base character, combining marks that follow it)."""
    clusters: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn" and clusters:
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + ch)
        else:
            clusters.append((ch, ""))
    return clusters


def _letter_weights(base: str, marks: str) -> tuple[int, int, tuple[int, ...], int]:
    """(letter rank, tone rank, other marks, case) of one letter with its marks."""
    lower = base.lower()
    letter_marks = "".join(m for m in marks if m in _LETTER_MARKS)
    tones = [_TONE_RANK[m] for m in marks if m in _TONE_RANK]
    others = [ord(m) for m in marks if m not in _LETTER_MARKS and m not in _TONE_RANK]
    letter = unicodedata.normalize("NFC", lower + letter_marks)
    if letter not in _LETTER_RANK:
        letter = lower
        others += [ord(m) for m in letter_marks]
    rank = _LETTER_RANK.get(letter, _UNKNOWN_LETTER + ord(lower[0]))
    tone = tones[0] if tones else 0
    others += tones[1:]
    return rank, tone, tuple(others), int(base != lower)


def _tokens(text: str) -> list[tuple[int, list[tuple[str, str]]]]:
    """Group clusters into words (letters) and numbers (digits); drop the rest."""
    tokens: list[tuple[int, list[tuple[str, str]]]] = []
    previous_kind = None
    for base, marks in _clusters(text):
        if base.isdecimal():
            kind = _NUMBER
        elif unicodedata.category(base).startswith("L"):
            kind = _WORD
        else:
            previous_kind = None
            continue
        if kind != previous_kind:
            tokens.append((kind, []))
        tokens[-1][1].append((base, marks))
        previous_kind = kind
    return tokens


def _number_primary(clusters: list[tuple[str, str]]) -> tuple:
    digits = "".join(str(unicodedata.decimal(base)) for base, _ in clusters).lstrip("0")
    # Length first compares by value without int(), which refuses very long numbers.
    return (_NUMBER, len(digits), digits)


def sort_key(text: str) -> tuple:
    """Key for Vietnamese alphabetical order; see the module docstring."""
    primary, tones, others, cases = [], [], [], []
    for kind, clusters in _tokens(text):
        if kind == _NUMBER:
            primary.append(_number_primary(clusters))
            tones.append(())
            continue
        weights = [_letter_weights(base, marks) for base, marks in clusters]
        primary.append((_WORD, tuple(w[0] for w in weights)))
        tones.append(tuple(w[1] for w in weights))
        others.extend(w[2] for w in weights)
        cases.extend(w[3] for w in weights)
    return (
        tuple(primary),
        tuple(tones),
        tuple(others),
        tuple(cases),
        nfc(text),
    )


def vn_sorted(
    iterable: Iterable[T], key: Callable[[T], str] | None = None, reverse: bool = False
) -> list[T]:
    """sorted() in Vietnamese order; `key` picks the text to sort by."""
    if key is None:
        return sorted(iterable, key=sort_key, reverse=reverse)  # type: ignore[arg-type]
    return sorted(iterable, key=lambda item: sort_key(key(item)), reverse=reverse)


def person_sort_key(full_name: str) -> tuple[Any, Any]:
    """Key for people's names as Vietnamese lists order them.

    Vietnamese names run family, middle, given ("Nguyễn Văn An"); rosters and
    staff lists sort by the given name (the last word) first. Ties then go by the
    whole name, which means family name, then middle name.
    """
    words = full_name.split()
    given = words[-1] if words else ""
    return (sort_key(given), sort_key(full_name))


def collation_string(text: str, *, person: bool = False) -> str:
    """`sort_key` (or `person_sort_key`) as a string that databases order the same way.

    It is made of decimal digits only, because PostgreSQL's locale collations ignore
    spaces and punctuation at the first level, and digits order alike under every
    collation. Two-digit codes: "00" ends a level, "01" separates words, "02" starts a
    number (two-digit length, then the digits), 11-98 are letters; then one tone digit
    per letter and one case digit per letter.
    """
    if person:
        words = text.split()
        return (collation_string(words[-1]) + "00" + collation_string(text))[:600] if words else ""
    primary, tones, cases = [], [], []
    for kind, clusters in _tokens(text):
        if primary:
            primary.append("01")
        if kind == _NUMBER:
            digits = _number_primary(clusters)[2] or "0"
            primary.append(f"02{min(len(digits), 99):02d}{digits}")
            continue
        for base, marks in clusters:
            rank, tone, _others, upper = _letter_weights(base, marks)
            primary.append(f"{min(rank + 10, 98):02d}")
            tones.append(str(tone))
            cases.append(str(upper))
    return ("".join(primary) + "00" + "".join(tones) + "0" + "".join(cases))[:600]
