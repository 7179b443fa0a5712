"""The pure evaluator, every target kind, with the Ninh Thuận 2023 plan's own targets (as the
parser reads them from the bundled plan) against the real 2019–2022 results. No database."""

from decimal import Decimal
from pathlib import Path

import pytest

from parcomms.indicators import catalogue
from parcomms.indicators.evaluate import (
    ABOUT_TOLERANCE,
    Assessment,
    IndicatorInfo,
    Observation,
    Status,
    evaluate,
    evaluate_scoped,
    tier_position,
)
from parcomms.indicators.history import NINH_THUAN_2019_2022
from parcomms.plans.parsed import Target
from parcomms.plans.parsing import parse_plan

PLAN = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)

INFO = {
    d.code: IndicatorInfo(
        code=d.code,
        label=d.label,
        higher_is_better=d.higher_is_better,
        rank_of=d.rank_of,
        unit=d.unit,
        scale_min=d.scale_min,
        scale_max=d.scale_max,
    )
    for d in catalogue.definitions()
}


def _observations(code):
    return {
        h.year: Observation(
            year=h.year,
            score=h.score,
            rank=h.rank,
            rank_of=h.rank_of,
            tier=h.tier,
            score_derived=h.score_derived,
            rank_derived=h.rank_derived,
        )
        for h in NINH_THUAN_2019_2022
        if h.indicator == code
    }


@pytest.fixture(scope="module")
def targets():
    found = parse_plan(PLAN.read_bytes(), PLAN.name).targets
    by_key = {}
    for t in found:
        by_key.setdefault((t.indicator, t.kind, t.scope), t)
    return by_key


def judge(target, year, history=None, **kwargs):
    history = _observations(target.indicator) if history is None else history
    return evaluate(target, year=year, history=history, indicator=INFO[target.indicator], **kwargs)


# --- rank ---------------------------------------------------------------------------------------


def test_par_index_rank_2022_achieved(targets):
    verdict = judge(targets["PAR_INDEX", "rank", None], 2022)
    assert verdict.status is Status.ACHIEVED
    assert verdict.sentence == "PAR INDEX 2022: hạng 29/63, mục tiêu ≤ 30 — đạt"


def test_par_index_rank_2021_not_achieved_keeps_the_derived_mark(targets):
    verdict = judge(targets["PAR_INDEX", "rank", None], 2021)
    assert verdict.status is Status.NOT_ACHIEVED
    assert verdict.sentence == "PAR INDEX 2021: hạng 35/63 [D], mục tiêu ≤ 30 — không đạt"
    assert verdict.derived


def test_rank_in_the_plan_year_is_not_known_yet(targets):
    verdict = judge(targets["PAR_INDEX", "rank", None], 2023)
    assert verdict.status is Status.NO_DATA
    assert verdict.sentence.endswith("— chưa có số liệu")


def test_rank_2023_entered_by_the_user(targets):
    history = {**_observations("PAR_INDEX"), 2023: Observation(2023, rank=27, rank_of=63)}
    verdict = judge(targets["PAR_INDEX", "rank", None], 2023, history)
    assert verdict.sentence == "PAR INDEX 2023: hạng 27/63, mục tiêu ≤ 30 — đạt"


# --- rank_change ------------------------------------------------------------------------------


def test_par_index_rank_change_2022_gained_six_places(targets):
    target = targets["PAR_INDEX", "rank_change", None]
    assert (target.comparison, target.value) == (">=", 5.0)
    verdict = judge(target, 2022)
    assert verdict.status is Status.ACHIEVED
    assert "tăng 6 bậc (hạng 35 [D] năm 2021 → 29)" in verdict.sentence
    assert "mục tiêu tăng ≥ 5 bậc" in verdict.sentence


def test_rank_change_without_the_previous_year_is_no_data(targets):
    verdict = judge(targets["PAR_INDEX", "rank_change", None], 2021)
    assert verdict.status is Status.NO_DATA
    assert "chưa có thứ hạng năm 2020" in verdict.sentence


def test_rank_change_of_four_places_misses_five(targets):
    history = {2022: Observation(2022, rank=29), 2023: Observation(2023, rank=25)}
    verdict = judge(targets["PAR_INDEX", "rank_change", None], 2023, history)
    assert verdict.status is Status.NOT_ACHIEVED
    assert "tăng 4 bậc" in verdict.sentence


def test_rank_change_when_falling(targets):
    history = {2021: Observation(2021, rank=16), 2022: Observation(2022, rank=20)}
    verdict = judge(targets["PAR_INDEX", "rank_change", None], 2022, history)
    assert verdict.status is Status.NOT_ACHIEVED
    assert "giảm 4 bậc" in verdict.sentence


# --- top_n ----------------------------------------------------------------------------------------


def test_papi_top_20(targets):
    target = targets["PAPI", "top_n", None]
    assert judge(target, 2022).sentence == "PAPI 2022: hạng 4/63, mục tiêu TOP 20 — đạt"
    assert judge(target, 2021).status is Status.ACHIEVED  # 14/63
    assert judge(target, 2020).status is Status.NOT_ACHIEVED  # 58/63 [D]


def test_sipas_top_20_boundary(targets):
    target = targets["SIPAS", "top_n", None]
    assert judge(target, 2022).status is Status.ACHIEVED  # exactly 20/63
    history = {2022: Observation(2022, rank=21, rank_of=63)}
    assert judge(target, 2022, history).status is Status.NOT_ACHIEVED


# --- score (~) ---------------------------------------------------------------------------------


def test_pci_about_68_9_points(targets):
    target = targets["PCI", "score", None]
    assert target.comparison == "~"
    verdict = judge(target, 2022)
    assert verdict.status is Status.NOT_ACHIEVED
    assert verdict.sentence == "PCI 2022: 65,43 điểm, mục tiêu khoảng 68,9 điểm — không đạt"


def test_about_tolerance_is_half_a_percent_of_the_scale(targets):
    target = targets["PCI", "score", None]
    assert INFO["PCI"].about_tolerance == Decimal(100) * ABOUT_TOLERANCE == Decimal("0.5")
    for score, status in [
        ("68.4", Status.ACHIEVED),  # 68,9 − 0,5
        ("68.39", Status.NOT_ACHIEVED),
        ("72.0", Status.ACHIEVED),  # well above "about" is still met
    ]:
        history = {2023: Observation(2023, score=Decimal(score))}
        assert judge(target, 2023, history).status is status, score


def test_ddci_score_for_departments(targets):
    target = targets["DDCI", "score", "departments"]
    assert (target.comparison, target.value) == ("~", 83.0)
    history = {2023: Observation(2023, score=Decimal("82.6"))}
    verdict = judge(target, 2023, history)
    assert verdict.status is Status.ACHIEVED
    assert verdict.sentence.startswith("DDCI (nhóm sở, ban, ngành) 2023: 82,6 điểm")


def test_lower_is_better_about():
    target = Target("X", "score", "~", 10.0, "points", "")
    info = IndicatorInfo(
        "X", "X", higher_is_better=False, scale_min=Decimal(0), scale_max=Decimal(100)
    )
    ok = evaluate(
        target, year=2023, history={2023: Observation(2023, score=Decimal("10.5"))}, indicator=info
    )
    late = evaluate(
        target, year=2023, history={2023: Observation(2023, score=Decimal("10.6"))}, indicator=info
    )
    assert (ok.status, late.status) == (Status.ACHIEVED, Status.NOT_ACHIEVED)


# --- percent ---------------------------------------------------------------------------------------


def test_sipas_2022_misses_89_64_percent(targets):
    verdict = judge(targets["SIPAS", "percent", None], 2022)
    assert verdict.status is Status.NOT_ACHIEVED
    assert verdict.sentence == "SIPAS 2022: 81,83%, mục tiêu ≥ 89,64% — không đạt"


def test_sipas_2021_also_below(targets):
    assert judge(targets["SIPAS", "percent", None], 2021).status is Status.NOT_ACHIEVED


def test_digital_government_satisfaction_and_tthc(targets):
    satisfaction = targets["DIGITAL_GOV_SATISFACTION", "percent", None]
    assert judge(satisfaction, 2022, {}).status is Status.NO_DATA
    assert (
        judge(satisfaction, 2023, {2023: Observation(2023, score=Decimal("95"))}).status
        is Status.ACHIEVED
    )
    tthc = targets["TTHC_SIMPLIFIED", "percent", None]
    verdict = judge(tthc, 2023, {2023: Observation(2023, score=Decimal("18.5"))})
    assert verdict.status is Status.NOT_ACHIEVED
    assert "18,5%" in verdict.sentence and "≥ 20%" in verdict.sentence


# --- delta -----------------------------------------------------------------------------------------


def test_sipas_delta_uses_the_year_before_last_as_baseline(targets):
    """The plan's 89,64% is 2021's 88,64% + 1: a 2023 result is compared with 2021."""
    target = targets["SIPAS", "delta", None]
    history = {**_observations("SIPAS"), 2023: Observation(2023, score=Decimal("89.70"))}
    verdict = judge(target, 2023, history)
    assert verdict.status is Status.ACHIEVED
    assert "89,7% so với 88,64% năm 2021 (+1,06%)" in verdict.sentence


def test_sipas_delta_2022_against_derived_2020(targets):
    verdict = judge(targets["SIPAS", "delta", None], 2022)
    assert verdict.status is Status.NOT_ACHIEVED
    assert "85,17% [D] năm 2020 (−3,34%)" in verdict.sentence
    assert verdict.derived


def test_delta_baseline_year_is_a_parameter(targets):
    verdict = judge(targets["SIPAS", "delta", None], 2022, baseline_year=2021)
    assert "năm 2021 (−6,81%)" in verdict.sentence
    assert verdict.status is Status.NOT_ACHIEVED


def test_delta_without_baseline_is_no_data(targets):
    verdict = judge(targets["SIPAS", "delta", None], 2021)  # 2019 unknown
    assert verdict.status is Status.NO_DATA
    assert "chưa có kết quả năm 2019" in verdict.sentence


def test_ddci_delta_without_scope_is_judged_on_both_groups(targets):
    target = targets["DDCI", "delta", None]
    histories = {
        "departments": {
            2021: Observation(2021, score=Decimal("80.0")),
            2023: Observation(2023, score=Decimal("83.1")),
        },
        "localities": {
            2021: Observation(2021, score=Decimal("77.0")),
            2023: Observation(2023, score=Decimal("79.0")),
        },
    }
    verdict = evaluate_scoped(target, year=2023, histories=histories, indicator=INFO["DDCI"])
    assert verdict.status is Status.NOT_ACHIEVED  # localities gained only 2
    assert [p.status for p in verdict.parts] == [Status.ACHIEVED, Status.NOT_ACHIEVED]
    assert "nhóm sở, ban, ngành" in verdict.sentence and "nhóm địa phương" in verdict.sentence
    histories["localities"][2023] = Observation(2023, score=Decimal("80.5"))
    assert (
        evaluate_scoped(target, year=2023, histories=histories, indicator=INFO["DDCI"]).status
        is Status.ACHIEVED
    )
    assert (
        evaluate_scoped(target, year=2023, histories={}, indicator=INFO["DDCI"]).status
        is Status.NO_DATA
    )


# --- group -----------------------------------------------------------------------------------------


def test_pci_group_2021_average_is_below_kha(targets):
    target = targets["PCI", "group", None]
    verdict = judge(target, 2021)
    assert verdict.status is Status.NOT_ACHIEVED
    assert verdict.sentence == "PCI 2021: nhóm Trung bình, mục tiêu nhóm Khá trở lên — không đạt"


def test_group_better_tier_meets_the_target(targets):
    target = targets["PCI", "group", None]
    assert judge(target, 2023, {2023: Observation(2023, tier="tốt")}).status is Status.ACHIEVED
    assert judge(target, 2023, {2023: Observation(2023, tier="Khá")}).status is Status.ACHIEVED


def test_group_without_tier_or_on_another_scale_is_no_data(targets):
    dti = targets["DTI", "group", None]
    assert judge(dti, 2022).status is Status.NO_DATA  # 0,5934, rank 27, no published group
    other = judge(dti, 2023, {2023: Observation(2023, tier="trung bình cao")})
    assert other.status is Status.NO_DATA
    assert "không cùng thang" in other.sentence


def test_tier_positions():
    assert tier_position("Nhóm Khá") == (0, 3)
    assert tier_position("cao nhất") == (1, 0)
    assert tier_position("loại A") is None


# --- qualitative -----------------------------------------------------------------------------------


def test_budget_revenue_is_judged_by_hand(targets):
    target = targets["BUDGET_REVENUE", "qualitative", None]
    none = judge(target, 2023, {})
    assert none.status is Status.NO_DATA
    assert none.sentence.endswith("— chưa đánh giá")
    done = judge(target, 2023, {}, assessment=Assessment(True, "thu 3.100 tỷ đồng"))
    assert done.status is Status.ACHIEVED
    assert done.sentence == (
        "Thu ngân sách 2023: mục tiêu «đạt hoặc vượt chỉ tiêu được Chính phủ giao» — đạt "
        "(thu 3.100 tỷ đồng)"
    )
    missed = judge(target, 2023, {}, assessment=Assessment(False))
    assert missed.status is Status.NOT_ACHIEVED


# --- the whole plan ----------------------------------------------------------------------------------


def test_every_target_of_the_plan_gets_one_sentence_and_2023_has_no_data(targets):
    plan_targets = parse_plan(PLAN.read_bytes(), PLAN.name).targets
    kinds = {t.kind for t in plan_targets}
    assert kinds == {
        "rank",
        "rank_change",
        "top_n",
        "score",
        "percent",
        "delta",
        "group",
        "qualitative",
    }
    for target in plan_targets:
        histories = {"": _observations(target.indicator)}
        verdict = evaluate_scoped(
            target, year=2023, histories=histories, indicator=INFO[target.indicator]
        )
        assert verdict.status is Status.NO_DATA, verdict.sentence
        assert "\n" not in verdict.sentence and verdict.sentence.startswith(
            INFO[target.indicator].label
        )


def test_unknown_kind_is_no_data():
    verdict = evaluate(Target("PCI", "median", ">=", 1.0, None, ""), year=2022, history={})
    assert verdict.status is Status.NO_DATA
    assert "chưa được hỗ trợ" in verdict.sentence
