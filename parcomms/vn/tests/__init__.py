"""Shared test data for the Vietnamese toolkit."""

import unicodedata
from pathlib import Path

from hypothesis import strategies as st

REFERENCE_PLAN_PATH = (
    Path(__file__).resolve().parents[3]
    / "examples/ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"
TONE_MARKS = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
LOWERCASE_LETTERS = [
    unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONE_MARKS
] + list(CONSONANTS)
LETTERS = LOWERCASE_LETTERS + [letter.upper() for letter in LOWERCASE_LETTERS]


def reference_plan() -> str:
    return REFERENCE_PLAN_PATH.read_text(encoding="utf-8")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def vietnamese_text(letters=LETTERS, extra=" -,.1\n", **kwargs) -> st.SearchStrategy[str]:
    return st.text(alphabet=st.sampled_from(list(letters) + list(extra)), **kwargs)
