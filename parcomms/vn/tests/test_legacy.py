import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcomms.vn.legacy import (
    ENCODINGS,
    decode_bytes,
    decode_cp1258,
    decode_tcvn3,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    vietnamese_score,
)
from parcomms.vn.tests import LETTERS, LOWERCASE_LETTERS, nfd, reference_plan, vietnamese_text
from parcomms.vn.text import nfc

SENTENCE = "Cải cách hành chính nhà nước tỉnh Ninh Thuận năm 2023"
# Capitals with a tone that TCVN3 (VN3) writes with the lowercase code.
TCVN3_CASELESS = {ch for ch in LETTERS if ch.isupper() and not ch.isascii()} - set("ĂÂÊÔƠƯĐ")


def test_known_vni_spellings():
    assert encode_vni("Việt Nam") == b"Vie\xe4t Nam"
    assert encode_vni("Xin chào các bạn") == b"Xin cha\xf8o ca\xf9c ba\xefn"
    assert encode_vni("ĐƯỜNG") == b"\xd1\xd6\xd4\xd8NG"
    assert encode_vni("ỉ ị ỵ đ") == b"\xe6 \xf2 \xee \xf1"
    assert decode_vni(b"Xin cha\xf8o ca\xf9c ba\xefn") == "Xin chào các bạn"


def test_known_tcvn3_spellings():
    assert encode_tcvn3("Việt Nam") == b"Vi\xd6t Nam"
    assert encode_tcvn3("Đắk Lắk") == b"\xa7\xbek L\xbek"
    assert decode_tcvn3("B¶o Th¾ng".encode("latin-1")) == "Bảo Thắng"
    assert decode_tcvn3(b"M\xad\xeang Kh\xad\xacng") == "Mường Khương"
    assert decode_tcvn3(b"B\xb8t X\xb8t") == "Bát Xát"


def test_tcvn3_writes_toned_capitals_with_lowercase_codes():
    assert encode_tcvn3("Á") == encode_tcvn3("á") == b"\xb8"
    assert encode_tcvn3("Ă") == b"\xa1"
    assert encode_tcvn3("Ư") == b"\xa6"


def test_tcvn3_restores_capitals_in_capitalised_words():
    heading = "I. MỤC TIÊU, YÊU CẦU VÀ ĐỐI TƯỢNG"
    assert decode_tcvn3(encode_tcvn3(heading)) == heading
    assert decode_tcvn3(encode_tcvn3("**KẾ HOẠCH**")) == "**KẾ HOẠCH**"
    assert decode_tcvn3(encode_tcvn3("Kế hoạch Số: /KH-VPUB")) == "Kế hoạch Số: /KH-VPUB"
    assert decode_tcvn3(encode_tcvn3("Hồ Sĩ Sơn")) == "Hồ Sĩ Sơn"


def test_tcvn3_decodes_table_vn1_capitals_and_combining_tones():
    assert decode_tcvn3(b"\xc4\xff") == "ẤỐ"
    assert decode_tcvn3(b"a\xb3") == "á"


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_holds_every_letter(letter):
    assert decode_vni(encode_vni(letter)) == letter


@pytest.mark.parametrize("letter", LOWERCASE_LETTERS)
def test_tcvn3_holds_every_lowercase_letter(letter):
    assert decode_tcvn3(encode_tcvn3(letter)) == letter
    assert len(encode_tcvn3(letter)) == 1


@pytest.mark.parametrize("letter", LETTERS)
def test_cp1258_holds_every_letter(letter):
    assert decode_cp1258(encode_cp1258(letter)) == letter


def test_unencodable_characters():
    with pytest.raises(UnicodeEncodeError):
        encode_tcvn3("Hà Nội 中")
    with pytest.raises(UnicodeEncodeError):
        encode_vni("ü")
    assert encode_vni("a中", errors="replace") == b"a?"
    assert encode_tcvn3("a\u20ac", errors="strict") == b"a\x80"
    with pytest.raises(ValueError):
        encode_vni("a", errors="ignore")


def test_encoders_accept_nfd():
    assert encode_vni(nfd(SENTENCE)) == encode_vni(SENTENCE)
    assert encode_tcvn3(nfd(SENTENCE)) == encode_tcvn3(SENTENCE)


def test_reference_plan_in_vni_decodes_exactly():
    plan = reference_plan()
    assert decode_bytes(encode_vni(plan)) == (plan, "vni")


def test_reference_plan_in_tcvn3_differs_only_in_unwritable_capitals():
    plan = reference_plan()
    text, encoding = decode_bytes(encode_tcvn3(plan))
    assert encoding == "tcvn3"
    assert text.casefold() == plan.casefold()
    assert len(text) == len(plan)
    differences = {(got, want) for got, want in zip(text, plan, strict=True) if got != want}
    assert differences == {("ủ", "Ủ")}  # "Ủy ban": a title-case word of one toned letter and y


def test_reference_plan_in_cp1258_decodes_exactly():
    plan = reference_plan()
    assert decode_bytes(encode_cp1258(plan)) == (plan, "cp1258")


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
        (lambda t: t.encode("utf-16-le"), "utf-16"),
    ],
)
def test_reference_plan_in_unicode_decodes_exactly(encode, name):
    plan = reference_plan()
    assert decode_bytes(encode(plan)) == (plan, name)


def test_nfd_utf8_comes_back_nfc():
    assert decode_bytes(nfd(SENTENCE).encode("utf-8")) == (SENTENCE, "utf-8")


def test_ascii_stays_ascii():
    assert decode_bytes(b"Plain ASCII, 2023.") == ("Plain ASCII, 2023.", "utf-8")
    assert decode_bytes(b"") == ("", "utf-8")


@pytest.mark.parametrize(
    ("encode", "name"),
    [(encode_vni, "vni"), (encode_tcvn3, "tcvn3"), (encode_cp1258, "cp1258")],
)
@pytest.mark.parametrize(
    "text",
    [
        SENTENCE,
        "Quyết định số 1894/QĐ-UBND",
        "Tỷ lệ hài lòng của người dân đối với Chính quyền số là 95%.",
        "Nơi nhận: Sở Nội vụ; Lưu: VT.",
    ],
)
def test_short_legacy_texts_are_detected(encode, name, text):
    decoded, detected = decode_bytes(encode(text))
    assert detected == name
    assert decoded.casefold() == text.casefold()


def test_score_prefers_real_vietnamese():
    assert vietnamese_score(SENTENCE) > 0
    assert vietnamese_score(decode_tcvn3(encode_vni(SENTENCE))) < 0
    assert vietnamese_score(decode_vni(encode_tcvn3(SENTENCE))) <= 0


@given(st.binary(max_size=200))
def test_random_bytes_never_crash(data):
    text, encoding = decode_bytes(data)
    assert encoding in ENCODINGS
    assert nfc(text) == text or "\ufeff" in text or "\u200b" in text


@given(st.binary(max_size=200))
def test_each_legacy_decoder_takes_any_bytes(data):
    for decode in (decode_tcvn3, decode_vni, decode_cp1258):
        assert isinstance(decode(data), str)


@given(vietnamese_text(extra=" -,.:;/()%1\n\u2013\u201c\u201d"))
def test_vni_round_trip(text):
    assert decode_vni(encode_vni(text)) == nfc(text)


@given(vietnamese_text(letters=LOWERCASE_LETTERS, extra=" -,.:;/()%1\nfjwz\u2013"))
def test_tcvn3_round_trip_of_lowercase_text(text):
    assert decode_tcvn3(encode_tcvn3(text)) == nfc(text)


@given(vietnamese_text())
def test_tcvn3_round_trip_up_to_case(text):
    decoded = decode_tcvn3(encode_tcvn3(text))
    assert decoded.casefold() == nfc(text).casefold()
    for got, want in zip(decoded, nfc(text), strict=True):
        assert got == want or (got.upper() == want.upper() and want.upper() in TCVN3_CASELESS)


@given(vietnamese_text())
def test_cp1258_round_trip(text):
    assert decode_cp1258(encode_cp1258(text)) == nfc(text)
