import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcomms.vn.tests import nfd, reference_plan, vietnamese_text
from parcomms.vn.text import fold, is_syllable, new_tone_style, nfc, split_tone, squash_spaces


def test_fold_reference_example():
    assert fold("Cải cách hành chính Đắk Lắk") == "cai cach hanh chinh dak lak"


def test_fold_nfd_input_folds_like_nfc():
    assert fold(nfd("Ủy ban nhân dân tỉnh Ninh Thuận")) == "uy ban nhan dan tinh ninh thuan"


def test_fold_squashes_spaces_and_maps_eth():
    assert fold("  Ðảng\u00a0 bộ\t tỉnh ") == "dang bo tinh"


def test_nfc_composes_and_drops_invisibles():
    assert nfc("\ufeffVie\u0323\u0302t") == "Việt"
    assert nfc("e\u200b\u0301") == "é"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("hoà nhập", "hòa nhập"),
        ("sức khoẻ", "sức khỏe"),
        ("UỶ BAN", "ỦY BAN"),
        ("quý, toàn, thuý", "quý, toàn, thúy"),
    ],
)
def test_new_tone_style(old, new):
    assert new_tone_style(old) == new
    assert new_tone_style(nfd(old)) == new


def test_squash_spaces():
    assert squash_spaces(" a \u00a0\u3000 b\t\tc ") == "a b c"


def test_split_tone():
    assert split_tone("Việt") == ("Viêt", "\u0323")
    assert split_tone("ngươi") == ("ngươi", None)
    with pytest.raises(ValueError):
        split_tone("áà")


@pytest.mark.parametrize(
    "word",
    ["Việt", "người", "khuya", "quốc", "gì", "già", "nghiêng", "Lắk", "thuyền", "xoăn", "ĐẢNG"],
)
def test_valid_syllables(word):
    assert is_syllable(word)
    assert is_syllable(nfd(word))


@pytest.mark.parametrize("word", ["caực", "Vieọt", "cac", "càc", "aaa", "xyz", "áà", ""])
def test_invalid_syllables(word):
    assert not is_syllable(word)


def test_every_word_of_the_reference_plan_is_a_syllable_or_an_acronym():
    words = set(re.findall(r"[^\W\d_]+", reference_plan()))
    odd = {w for w in words if not is_syllable(w) and not w.isascii()}
    assert odd <= {"HĐND", "LĐ", "NĐ", "QĐ"}


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_nfc_is_idempotent(text):
    assert nfc(nfc(text)) == nfc(text)


@given(st.text())
def test_fold_ignores_normalisation_form(text):
    assert fold(nfd(text)) == fold(text) == fold(nfc(text))


@given(vietnamese_text())
def test_fold_of_vietnamese_is_ascii(text):
    assert fold(text).isascii()
