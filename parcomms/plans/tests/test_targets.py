import re
import textwrap
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parcomms.plans.parsed import Target
from parcomms.plans.targets import (
    COMPARISONS,
    INDICATORS,
    KINDS,
    SCOPE_LABELS,
    TIER_SCALES,
    UNITS,
    Indicator,
    describe_target,
    find_targets,
)
from parcomms.vn.text import fold

PLAN = (
    Path(__file__).resolve().parents[3]
    / "examples/ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
).read_text(encoding="utf-8")
PARAGRAPH = next(line for line in PLAN.splitlines() if "Tuyên truyền một số chỉ tiêu" in line)

PAR_TEXT = "Chỉ số cải cách hành chính (PAR INDEX) tăng từ 05 bậc trở lên, xếp vị thứ 30/63 tỉnh, thành phố"
PAPI_TEXT = (
    "Chỉ số hiệu quả quản trị và hành chính công tỉnh Ninh Thuận (PAPI) duy trì trong TOP 20 tỉnh,"
    " thành phố"
)
PCI_TEXT = (
    "Chỉ số PCI đạt khoảng 68,9 điểm, đưa PCI Ninh Thuận vào nhóm các tỉnh điều hành kinh tế"
    " thuộc nhóm khá"
)
SIPAS_TEXT = (
    "Sự hài lòng của cá nhân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước"
    " (Chỉ số SIPAS) tăng từ 1% trở lên"
)
BUDGET_TEXT = "Thực hiện thu ngân sách năm 2023 của tỉnh đạt hoặc vượt chỉ tiêu được Chính phủ giao"
DTI_TEXT = "Chỉ số Chuyển đổi số (DTI) phấn đấu thuộc nhóm khá của cả nước"
DIGITAL_TEXT = "Tỷ lệ hài lòng của người dân đối với Chính quyền số là 95%"
DDCI_TEXT = (
    "Phấn đấu đạt được mục tiêu đặt ra là tăng điểm trung vị Chỉ số DDCI 2023 ít nhất là 3 điểm"
    " đối với nhóm Sở, ban, ngành tăng lên xấp xỉ 83,0 điểm và đối với nhóm địa phương tăng lên"
    " xấp xỉ 80,0 điểm so với năm 2021-2022"
)
TTHC_TEXT = (
    "Đơn giản hóa (rút ngắn thời gian giải quyết; tinh gọn hồ sơ; bãi bỏ; áp dụng cơ chế liên"
    " thông;...) ít nhất 20% thủ tục hành chính thuộc thẩm quyền giải quyết của các cấp chính"
    " quyền trên địa bàn tỉnh"
)

# Read against the plan clause by clause: 15 facts, in the order the plan states them.
# TOP 20 carries rank_of 63 like "30/63": both are ranks among the 63 provinces.
# The DDCI "+3 điểm" comes before either group is named and applies to both, so no scope.
GOLDEN = [
    Target("PAR_INDEX", "rank_change", ">=", 5.0, "places", PAR_TEXT),
    Target("PAR_INDEX", "rank", "<=", 30.0, "rank", PAR_TEXT, rank_of=63),
    Target("PAPI", "top_n", "<=", 20.0, "rank", PAPI_TEXT, rank_of=63),
    Target("PCI", "score", "~", 68.9, "points", PCI_TEXT),
    Target("PCI", "group", "in", "khá", None, PCI_TEXT),
    Target("SIPAS", "delta", ">=", 1.0, "%", SIPAS_TEXT),
    Target("SIPAS", "percent", ">=", 89.64, "%", "đạt 89,64% trở lên"),
    Target(
        "SIPAS",
        "top_n",
        "<=",
        20.0,
        "rank",
        "duy trì vị thứ trong TOP 20 tỉnh, thành phố",
        rank_of=63,
    ),
    Target(
        "BUDGET_REVENUE",
        "qualitative",
        "=",
        "đạt hoặc vượt chỉ tiêu được Chính phủ giao",
        None,
        BUDGET_TEXT,
    ),
    Target("DTI", "group", "in", "khá", None, DTI_TEXT),
    Target("DIGITAL_GOV_SATISFACTION", "percent", ">=", 95.0, "%", DIGITAL_TEXT),
    Target("DDCI", "delta", ">=", 3.0, "points", DDCI_TEXT),
    Target("DDCI", "score", "~", 83.0, "points", DDCI_TEXT, scope="departments"),
    Target("DDCI", "score", "~", 80.0, "points", DDCI_TEXT, scope="localities"),
    Target("TTHC_SIMPLIFIED", "percent", ">=", 20.0, "%", TTHC_TEXT),
]


def facts(targets):
    """Every field but the source text."""
    return [
        (t.indicator, t.kind, t.comparison, t.value, t.unit, t.scope, t.rank_of) for t in targets
    ]


def one(text):
    found = find_targets(text)
    assert len(found) == 1, found
    return found[0]


# --- The reference plan --------------------------------------------------------------------


def test_reference_paragraph_gives_the_fifteen_targets_in_order():
    found = find_targets(PARAGRAPH)
    assert len(found) == len(GOLDEN)
    for got, want in zip(found, GOLDEN, strict=True):
        assert got == want


def test_whole_plan_gives_the_same_fifteen():
    # Sub-section a) names "PAR INDEX, PAPI, SIPAS, PCI, ICT INDEX, DDCI ... (DTI)" without
    # setting anything; citations carry dates like 17/12/2021 and "2021-2025".
    assert find_targets(PLAN) == GOLDEN


def test_naming_indicators_sets_no_target():
    sentence = next(line for line in PLAN.splitlines() if "ICT INDEX" in line)
    assert "nâng cao các Chỉ số PAR INDEX" in sentence
    assert find_targets(sentence) == []


def test_nfd_input_gives_nfc_targets():
    found = find_targets(unicodedata.normalize("NFD", PARAGRAPH))
    assert found == GOLDEN
    assert all(unicodedata.is_normalized("NFC", t.text) for t in found)


@pytest.mark.parametrize("width", [24, 37, 50, 63, 80, 101])
def test_hard_wrapped_paragraph(width):
    wrapped = textwrap.fill(PARAGRAPH, width=width, break_on_hyphens=False, break_long_words=False)
    assert "\n" in wrapped
    assert find_targets(wrapped) == GOLDEN


def test_wrapped_line_starting_with_the_dash_separator_continues_the_sentence():
    text = (
        "- Sự hài lòng (Chỉ số SIPAS) tăng từ 1% trở lên\n"
        "– đạt 89,64% trở lên; duy trì vị thứ trong TOP 20 tỉnh."
    )
    assert facts(find_targets(text)) == [
        ("SIPAS", "delta", ">=", 1.0, "%", None, None),
        ("SIPAS", "percent", ">=", 89.64, "%", None, None),
        ("SIPAS", "top_n", "<=", 20.0, "rank", None, 63),
    ]


def test_page_break_inside_a_sentence():
    text = "Chỉ số PCI đạt khoảng\n\n68,9 điểm trên\n\nđịa bàn tỉnh."
    assert facts(find_targets(text)) == [("PCI", "score", "~", 68.9, "points", None, None)]


def test_upper_case_paragraph():
    found = find_targets(PARAGRAPH.upper())
    assert facts(found[:8]) == facts(GOLDEN[:8])
    assert facts(found[9:]) == facts(GOLDEN[9:])
    assert found[8].value == "ĐẠT HOẶC VƯỢT CHỈ TIÊU ĐƯỢC CHÍNH PHỦ GIAO"


# --- Other phrasings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chỉ số PAR INDEX xếp hạng trong nhóm 20 tỉnh dẫn đầu cả nước.",
            ("PAR_INDEX", "top_n", "<=", 20.0, "rank", None, 63),
        ),
        (
            "100% cơ quan, đơn vị tổ chức ít nhất 01 hội nghị tuyên truyền cải cách hành chính.",
            ("UNIT_MEETINGS", "percent", ">=", 100.0, "%", None, None),
        ),
        ("Chỉ số PAPI xếp hạng thứ 15.", ("PAPI", "rank", "<=", 15.0, "rank", None, 63)),
        (
            "Chỉ số PAR INDEX đứng thứ 25/63 tỉnh, thành phố.",
            ("PAR_INDEX", "rank", "<=", 25.0, "rank", None, 63),
        ),
        ("Chỉ số SIPAS đạt trên 90%.", ("SIPAS", "percent", ">=", 90.0, "%", None, None)),
        ("Chỉ số SIPAS đạt 89.64%.", ("SIPAS", "percent", ">=", 89.64, "%", None, None)),
        ("Chỉ số PAPI không thấp hơn 45 điểm", ("PAPI", "score", ">=", 45.0, "points", None, None)),
        ("CHỈ SỐ PCI ĐẠT KHOẢNG 68,9 ĐIỂM", ("PCI", "score", "~", 68.9, "points", None, None)),
        ("Chỉ số PCI nằm trong nhóm rất tốt", ("PCI", "group", "in", "rất tốt", None, None, None)),
        (
            "Tỷ lệ TTHC được đơn giản hoá đạt tối thiểu 20%.",
            ("TTHC_SIMPLIFIED", "percent", ">=", 20.0, "%", None, None),
        ),
        (
            "Chỉ số PCI tăng từ 65,43 điểm lên 68,9 điểm.",  # 65,43 is the starting point
            ("PCI", "score", ">=", 68.9, "points", None, None),
        ),
        (
            "Chỉ số chuyển đổi số (DTI) tăng ít nhất 10 bậc.",
            ("DTI", "rank_change", ">=", 10.0, "places", None, None),
        ),
        (
            "Tổng thu ngân sách nhà nước trên địa bàn đạt và vượt dự toán được giao.",
            (
                "BUDGET_REVENUE",
                "qualitative",
                "=",
                "đạt và vượt dự toán được giao",
                None,
                None,
                None,
            ),
        ),
    ],
)
def test_phrasings(text, expected):
    assert facts([one(text)]) == [expected]


def test_change_then_level_in_one_clause():
    found = find_targets("Chỉ số PCI tăng 3 điểm, đạt 70 điểm trở lên và tăng 2 bậc.")
    assert facts(found) == [
        ("PCI", "delta", ">=", 3.0, "points", None, None),
        ("PCI", "score", ">=", 70.0, "points", None, None),
        ("PCI", "rank_change", ">=", 2.0, "places", None, None),
    ]


def test_each_fact_goes_to_the_indicator_named_before_it():
    found = find_targets(
        "Chỉ số PAR INDEX đứng thứ 25/63 tỉnh, thành phố; Chỉ số SIPAS đạt 89,64%."
    )
    assert [(t.indicator, t.text) for t in found] == [
        ("PAR_INDEX", "Chỉ số PAR INDEX đứng thứ 25/63 tỉnh, thành phố"),
        ("SIPAS", "Chỉ số SIPAS đạt 89,64%"),
    ]


def test_subject_is_not_carried_into_the_next_sentence():
    assert facts(find_targets("Chỉ số PCI đạt 70 điểm. Duy trì TOP 20.")) == [
        ("PCI", "score", ">=", 70.0, "points", None, None)
    ]


def test_ddci_scopes_across_clauses():
    found = find_targets("Chỉ số DDCI của khối sở, ngành đạt 80 điểm; khối địa phương đạt 78 điểm.")
    assert [(t.scope, t.value) for t in found] == [("departments", 80.0), ("localities", 78.0)]


def test_lead_in_names_the_subject_of_list_items():
    text = "Chỉ số DDCI:\n- Khối sở, ngành đạt 80 điểm;\n- Khối địa phương đạt 78 điểm.\n\nTOP 5."
    found = find_targets(text)
    assert facts(found) == [
        ("DDCI", "score", ">=", 80.0, "points", "departments", None),
        ("DDCI", "score", ">=", 78.0, "points", "localities", None),
    ]
    assert [t.text for t in found] == ["Khối sở, ngành đạt 80 điểm", "Khối địa phương đạt 78 điểm"]


def test_dash_bullets_without_punctuation_stay_apart():
    found = find_targets("- Chỉ số PAR INDEX tăng 5 bậc\n- Chỉ số PCI đạt 70 điểm\n- TOP 10")
    assert [(t.indicator, t.kind, t.text) for t in found] == [
        ("PAR_INDEX", "rank_change", "Chỉ số PAR INDEX tăng 5 bậc"),
        ("PCI", "score", "Chỉ số PCI đạt 70 điểm"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n",
        "30/63",
        "TOP 20 tỉnh, thành phố.",  # no indicator named
        "Chỉ số PCI",
        "Quyết định số 843/QĐ-UBND ngày 17/12/2021 về chỉ số PCI giai đoạn 2021-2025.",
        "Tổ chức hội nghị trực tuyến tại 5 điểm cầu về chỉ số PCI.",
        "Áp dụng TCVN ISO 9001:2015; thủ tục hành chính trực tuyến mức độ 3, 4 (Chỉ số PAR INDEX).",
        "Phấn đấu đạt được mục tiêu nâng cao Chỉ số PAPI năm 2023.",
    ],
)
def test_no_target(text):
    assert find_targets(text) == []


# --- Registry and vocabulary ---------------------------------------------------------------


def test_registry_codes():
    assert set(INDICATORS) >= {
        "PAR_INDEX",
        "PAPI",
        "PCI",
        "SIPAS",
        "DTI",
        "DDCI",
        "ICT_INDEX",
        "BUDGET_REVENUE",
        "DIGITAL_GOV_SATISFACTION",
        "TTHC_SIMPLIFIED",
        "UNIT_MEETINGS",
    }
    assert all(code == ind.code for code, ind in INDICATORS.items())
    assert INDICATORS["PAR_INDEX"].rank_of == 63
    assert INDICATORS["DDCI"].rank_of is None
    assert {scope for scope, _ in INDICATORS["DDCI"].scopes} == set(SCOPE_LABELS)


@pytest.mark.parametrize("code", sorted(INDICATORS))
def test_each_name_is_recognised_as_its_own_indicator(code):
    name = fold(INDICATORS[code].name)
    assert INDICATORS[code].regex.search(name)
    for other in INDICATORS.values():
        if other.code != code:
            assert not other.regex.search(name), other.code


def test_a_new_indicator_is_data():
    custom = dict(INDICATORS)
    custom["ONLINE_DOSSIERS"] = Indicator(
        "ONLINE_DOSSIERS",
        "Tỷ lệ hồ sơ trực tuyến toàn trình",
        "Hồ sơ trực tuyến",
        (r"\bho so truc tuyen\b",),
    )
    target = find_targets("Tỷ lệ hồ sơ trực tuyến toàn trình đạt ít nhất 50%.", custom)[0]
    assert (target.indicator, target.kind, target.comparison, target.value) == (
        "ONLINE_DOSSIERS",
        "percent",
        ">=",
        50.0,
    )
    assert describe_target(target, custom) == "Hồ sơ trực tuyến: ≥ 50%"


def test_lower_is_better_indicator_defaults_to_at_most():
    custom = {
        "LATE": Indicator(
            "LATE", "Tỷ lệ hồ sơ trễ hạn", "Hồ sơ trễ hạn", (r"\bho so tre han\b",), False
        )
    }
    assert find_targets("Tỷ lệ hồ sơ trễ hạn là 2%.", custom)[0].comparison == "<="


def test_tier_scales_cover_the_groups_found():
    tiers = {tier for scale in TIER_SCALES for tier in scale}
    assert {t.value for t in GOLDEN if t.kind == "group"} <= tiers


# --- Descriptions --------------------------------------------------------------------------


def test_describe_golden():
    assert [describe_target(t) for t in GOLDEN] == [
        "PAR INDEX: tăng ≥ 5 bậc",
        "PAR INDEX: xếp hạng ≤ 30/63",
        "PAPI: trong TOP 20",
        "PCI: khoảng 68,9 điểm",
        "PCI: nhóm khá",
        "SIPAS: tăng ≥ 1%",
        "SIPAS: ≥ 89,64%",
        "SIPAS: trong TOP 20",
        "Thu ngân sách: đạt hoặc vượt chỉ tiêu được Chính phủ giao",
        "DTI: nhóm khá",
        "Hài lòng với Chính quyền số: ≥ 95%",
        "DDCI: tăng ≥ 3 điểm",
        "DDCI (nhóm sở, ban, ngành): khoảng 83 điểm",
        "DDCI (nhóm địa phương): khoảng 80 điểm",
        "TTHC được đơn giản hóa: ≥ 20%",
    ]


def test_describe_tolerates_odd_targets():
    odd = [
        Target("UNKNOWN", "score", "<=", 1234.5, "points", ""),
        Target("PCI", "rank", "=", 7.0, "rank", ""),
        Target("PCI", "mystery", "?", None, None, ""),
        Target("PCI", "score", ">=", float("nan"), "points", ""),
        Target("PCI", "percent", ">=", "nhiều", "%", ""),
    ]
    assert [describe_target(t) for t in odd] == [
        "UNKNOWN: ≤ 1.234,5 điểm",
        "PCI: xếp hạng 7",
        "PCI: ?",
        "PCI: ≥ nan điểm",
        "PCI: ≥ nhiều%",
    ]


# --- Garbage -------------------------------------------------------------------------------

_PIECES = [
    *re.split(r"(\s+|[;:,.()–-])", PARAGRAPH),
    "\n",
    "\n\n",
    "- ",
    "TOP",
    "/",
    "%",
    "điểm",
    "bậc",
    "nhóm",
    "khối",
    "xếp hạng thứ",
    "từ",
    "lên",
    "(",
    ")",
    "...",
    "\u0301",
    "İ",
    "ǅ",
    "9" * 30,
    "1.2.3,4,5",
]


def _check(found):
    for t in found:
        assert t.indicator in INDICATORS
        assert t.kind in KINDS
        assert t.comparison in COMPARISONS
        assert t.unit is None or t.unit in UNITS
        if t.kind in ("group", "qualitative"):
            assert isinstance(t.value, str) and t.value
        else:
            assert isinstance(t.value, float) and t.value == t.value and abs(t.value) < 1e13
        assert t.text == t.text.strip() and unicodedata.is_normalized("NFC", t.text)
        assert describe_target(t)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text(text):
    found = find_targets(text)
    _check(found)
    assert all(t.indicator in INDICATORS for t in found)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_shuffled_plan_words(pieces):
    found = find_targets("".join(pieces))
    _check(found)
    assert all(t.indicator in INDICATORS for t in found)


def test_large_input():
    found = find_targets(PLAN * 40 + "(" * 5000 + "1/" * 5000 + "Chỉ số PCI " * 2000)
    assert len(found) == 40 * len(GOLDEN)
