import random
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcomms.vn.collation import collation_string, person_sort_key, sort_key, vn_sorted
from parcomms.vn.tests import TONE_MARKS, nfd, vietnamese_text
from parcomms.vn.text import nfc

ALPHABET = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")


def test_letters_in_vietnamese_order():
    shuffled = ALPHABET[:]
    random.Random(2023).shuffle(shuffled)
    assert vn_sorted(shuffled) == ALPHABET
    assert vn_sorted(s.upper() for s in shuffled) == [s.upper() for s in ALPHABET]


def test_tones_in_conventional_order():
    assert vn_sorted(["mạ", "mã", "mả", "má", "mà", "ma"]) == ["ma", "mà", "má", "mả", "mã", "mạ"]


def test_letters_decide_before_tones():
    words = ["banh", "bạn", "bán", "bàn", "ban"]
    assert vn_sorted(words) == ["ban", "bàn", "bán", "bạn", "banh"]
    assert vn_sorted(["ba bà", "bà ba"]) == ["ba bà", "bà ba"]


def test_letter_variants_are_separate_letters():
    names = ["Vũ", "Ưng", "Uông", "Ơn", "Ông", "Oanh", "Đào", "Dung", "Ân", "Ăn", "Anh"]
    assert vn_sorted(names) == [
        "Anh", "Ăn", "Ân", "Dung", "Đào", "Oanh", "Ông", "Ơn", "Uông", "Ưng", "Vũ",
    ]  # fmt: skip


def test_units_sort_word_by_word():
    assert vn_sorted(["Anh Sơn", "An Giang", "An", "Anh"]) == ["An", "An Giang", "Anh", "Anh Sơn"]


def test_case_is_ignored_until_everything_else_ties():
    assert vn_sorted(["bình", "An", "Bình", "an", "Ánh"]) == ["an", "An", "Ánh", "bình", "Bình"]


def test_numbers_sort_by_value_before_words():
    assert vn_sorted(["Phòng 10", "Phòng 2", "Phòng A", "Phòng 02"]) == [
        "Phòng 02", "Phòng 2", "Phòng 10", "Phòng A",
    ]  # fmt: skip


def test_not_code_point_order():
    provinces = ["Yên Bái", "Đắk Lắk", "Điện Biên", "Ninh Thuận", "Ấp Bắc", "Bình Dương"]
    expected = ["Ấp Bắc", "Bình Dương", "Đắk Lắk", "Điện Biên", "Ninh Thuận", "Yên Bái"]
    assert vn_sorted(provinces) == expected
    assert sorted(provinces) != expected


def test_nfd_sorts_with_nfc():
    assert sort_key(nfd("Nguyễn Thị Ánh")) == sort_key("Nguyễn Thị Ánh")


def test_vn_sorted_with_key_and_reverse():
    staff = [
        {"unit": "Phòng Tổng hợp"},
        {"unit": "Ban Tiếp công dân"},
        {"unit": "Phòng Hành chính"},
    ]
    units = [s["unit"] for s in vn_sorted(staff, key=lambda s: s["unit"], reverse=True)]
    assert units == ["Phòng Tổng hợp", "Phòng Hành chính", "Ban Tiếp công dân"]


def test_people_sort_by_given_name_then_family_and_middle():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Hồ Sĩ Sơn", "Lê Văn An", "Lê Thị An"]
    assert sorted(names, key=person_sort_key) == [
        "Lê Thị An", "Lê Văn An", "Trần Thị An", "Nguyễn Văn Bình", "Hồ Sĩ Sơn",
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["", "   ", "An"])
def test_person_sort_key_handles_short_names(name):
    assert person_sort_key(name)


samples = st.one_of(vietnamese_text(max_size=8), st.text(max_size=8))


@given(samples)
def test_sort_key_ignores_normalisation_form(text):
    assert sort_key(nfd(text)) == sort_key(text) == sort_key(nfc(text))


@given(samples, samples)
def test_order_is_antisymmetric(a, b):
    ka, kb = sort_key(a), sort_key(b)
    if ka <= kb and kb <= ka:
        assert nfc(a) == nfc(b)


@given(samples, samples, samples)
def test_order_is_transitive(a, b, c):
    ka, kb, kc = sorted([sort_key(a), sort_key(b), sort_key(c)])
    assert ka <= kb <= kc and ka <= kc


@given(st.lists(samples, max_size=12))
def test_sorting_is_consistent(items):
    ordered = vn_sorted(items)
    keys = [sort_key(item) for item in ordered]
    assert all(x <= y for x, y in pairwise(keys))
    assert [sort_key(item) for item in vn_sorted(reversed(ordered))] == keys


def _without_tones_lowercase(text: str) -> str:
    return nfc("".join(ch for ch in nfd(text) if ch not in TONE_MARKS)).lower()


@given(vietnamese_text(max_size=8))
def test_primary_level_is_case_and_tone_blind(text):
    assert sort_key(text)[0] == sort_key(_without_tones_lowercase(text))[0]


def _sign(a, b) -> int:
    return (a > b) - (a < b)


def test_collation_string_is_digits_for_database_ordering():
    value = collation_string("Phòng Tổng hợp 2")
    assert value.isdigit()
    names = ["Phòng 10", "Ban Tiếp công dân", "Phòng 2", "Đội Ánh", "Đội anh", "Dương"]
    assert sorted(names, key=collation_string) == vn_sorted(names)


def test_collation_string_for_people_sorts_by_given_name():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Hồ Sĩ Sơn", "Lê Văn An", "Lê Thị An"]
    by_string = sorted(names, key=lambda n: collation_string(n, person=True))
    assert by_string == sorted(names, key=person_sort_key)
    assert collation_string("   ", person=True) == ""


@given(vietnamese_text(max_size=8), vietnamese_text(max_size=8))
def test_collation_string_orders_like_sort_key(a, b):
    # Both ignore punctuation; sort_key alone breaks the remaining ties by the raw text.
    assert _sign(collation_string(a), collation_string(b)) == _sign(
        sort_key(a)[:4], sort_key(b)[:4]
    )


@given(vietnamese_text(max_size=8), vietnamese_text(max_size=8))
def test_person_collation_string_orders_like_person_sort_key(a, b):
    by_string = _sign(collation_string(a, person=True), collation_string(b, person=True))
    by_key = _sign(
        [k[:4] for k in person_sort_key(a)] if a.split() else [],
        [k[:4] for k in person_sort_key(b)] if b.split() else [],
    )
    assert by_string == by_key
