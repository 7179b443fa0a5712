"""Target evaluation: achieved, not achieved or no data yet, with one Vietnamese sentence
(pure Python, no Django).

`evaluate(target, year=..., history=..., indicator=...)` judges one plan target
(`parcomms.plans.parsed.Target`) against the results of one indicator, year by year, and says
why: "PAR INDEX 2023: hạng 27/63, mục tiêu ≤ 30 — đạt". One evaluator per target kind
(`EVALUATORS`), as DESIGN.md §3 rule 6 asks.

Decisions (documented in the README too):

- **"~" (khoảng, about)** is met by a score at or above the value less a tolerance when higher
  is better (at or below the value plus the tolerance otherwise): "khoảng 68,9 điểm" is an
  ambition, nobody calls 70 a miss, and 68,5 counts as "about". The tolerance is
  `ABOUT_TOLERANCE` (0,5%) of the indicator's scale: 0,5 point on a 0–100 scale, 0,36 on PAPI's
  8–80, 0,005 on DTI's 0–1. "=" on a score is the same with no tolerance.
- **delta** compares the evaluated year with a baseline year, by default two years earlier
  (`DEFAULT_BASELINE_LAG`): a plan is signed early in its year, before the previous year's
  indices are out, so it builds on the year before that. The 2023 plan's SIPAS target of
  89,64% is 2021's 88,64% + 1. Callers may pass `baseline_year`.
- **rank_change** compares with the previous year's rank; a smaller rank number is better.
- **group** is met by the target tier or a better one of the same scale (`TIER_SCALES`, best
  first); a tier from another scale, or none, is "no data".
- **qualitative** targets are judged by hand (`Assessment`); without one they are "no data".
- A value marked derived ([D], computed from published changes) keeps its mark in the sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from parcomms.plans.parsed import Target
from parcomms.plans.targets import SCOPE_LABELS, TIER_SCALES
from parcomms.vn.numbers import format_decimal
from parcomms.vn.text import nfc

ABOUT_TOLERANCE = Decimal("0.005")  # of the scale width
DEFAULT_ABOUT_TOLERANCE = Decimal("0.5")  # when the scale is unknown
DEFAULT_BASELINE_LAG = 2
DERIVED_MARK = "[D]"


class Status(StrEnum):
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.ACHIEVED: "đạt",
    Status.NOT_ACHIEVED: "không đạt",
    Status.NO_DATA: "chưa có số liệu",
}


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    label: str
    higher_is_better: bool = True
    rank_of: int | None = None
    unit: str = "points"  # points | % | index | ""
    scale_min: Decimal | None = None
    scale_max: Decimal | None = None

    @property
    def about_tolerance(self) -> Decimal:
        if self.scale_min is None or self.scale_max is None:
            return DEFAULT_ABOUT_TOLERANCE
        return (self.scale_max - self.scale_min) * ABOUT_TOLERANCE


@dataclass(frozen=True)
class Observation:
    """One year's published result of one indicator (for one scope)."""

    year: int
    score: Decimal | None = None
    rank: int | None = None
    rank_of: int | None = None
    tier: str = ""
    score_derived: bool = False
    rank_derived: bool = False


@dataclass(frozen=True)
class Assessment:
    """A hand-made verdict on a qualitative target."""

    achieved: bool
    note: str = ""


@dataclass(frozen=True)
class Verdict:
    status: Status
    sentence: str
    year: int
    derived: bool = False  # a derived value was used
    parts: tuple[Verdict, ...] = field(default=(), compare=False)  # per scope, when combined

    @property
    def achieved(self) -> bool:
        return self.status is Status.ACHIEVED


History = Mapping[int, Observation]


# --- Formatting ------------------------------------------------------------------------------


def _num(value) -> str:
    if value is None:
        return ""
    value = value if isinstance(value, Decimal) else Decimal(str(value))
    whole = value == value.to_integral_value()
    return format_decimal(value.quantize(Decimal(1)) if whole else value.normalize())


def _signed(value: Decimal) -> str:
    text = _num(abs(value))
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def _score_text(obs: Observation, unit: str) -> str:
    text = _num(obs.score)
    if unit == "%":
        text += "%"
    elif unit == "points":
        text += " điểm"
    return text + (f" {DERIVED_MARK}" if obs.score_derived else "")


def _rank_text(obs: Observation, rank_of: int | None) -> str:
    of = f"/{rank_of}" if rank_of else ""
    return f"hạng {obs.rank}{of}" + (f" {DERIVED_MARK}" if obs.rank_derived else "")


def _unit_suffix(unit: str | None) -> str:
    return {"%": "%", "points": " điểm", "places": " bậc"}.get(unit or "", "")


_SYMBOLS = {"<=": "≤ ", ">=": "≥ ", "~": "khoảng ", "=": "", "in": ""}


def _symbol(comparison: str) -> str:
    return _SYMBOLS.get(comparison, f"{comparison} ")


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _compare(actual: Decimal, comparison: str, goal: Decimal) -> bool:
    if comparison == "<=":
        return actual <= goal
    if comparison == ">=":
        return actual >= goal
    return actual == goal


def _subject(target: Target, indicator: IndicatorInfo, year: int) -> str:
    label = indicator.label
    if target.scope:
        label += f" ({SCOPE_LABELS.get(target.scope, target.scope)})"
    return f"{label} {year}"


def _verdict(
    status: Status, subject: str, actual: str, goal: str, year: int, derived=False
) -> Verdict:
    return Verdict(status, f"{subject}: {actual}, mục tiêu {goal} — {status.label}", year, derived)


def _no_result(subject: str, goal: str, year: int, what: str = "chưa có kết quả") -> Verdict:
    return _verdict(Status.NO_DATA, subject, what, goal, year)


def _ok(flag: bool) -> Status:
    return Status.ACHIEVED if flag else Status.NOT_ACHIEVED


# --- One evaluator per kind -------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    target: Target
    indicator: IndicatorInfo
    year: int
    history: History
    assessment: Assessment | None
    baseline_year: int

    @property
    def subject(self) -> str:
        return _subject(self.target, self.indicator, self.year)

    @property
    def current(self) -> Observation | None:
        return self.history.get(self.year)

    def rank_of(self, obs: Observation | None = None) -> int | None:
        return (obs and obs.rank_of) or self.target.rank_of or self.indicator.rank_of


def _rank(c: _Context) -> Verdict:
    goal_value = _decimal(c.target.value)
    goal = f"{_symbol(c.target.comparison)}{_num(goal_value)}"
    obs = c.current
    if obs is None or obs.rank is None or goal_value is None:
        return _no_result(c.subject, goal, c.year, "chưa có thứ hạng")
    met = _compare(Decimal(obs.rank), c.target.comparison or "<=", goal_value)
    return _verdict(
        _ok(met), c.subject, _rank_text(obs, c.rank_of(obs)), goal, c.year, obs.rank_derived
    )


def _top_n(c: _Context) -> Verdict:
    n = _decimal(c.target.value)
    goal = f"TOP {_num(n)}"
    obs = c.current
    if obs is None or obs.rank is None or n is None:
        return _no_result(c.subject, goal, c.year, "chưa có thứ hạng")
    return _verdict(
        _ok(obs.rank <= n),
        c.subject,
        _rank_text(obs, c.rank_of(obs)),
        goal,
        c.year,
        obs.rank_derived,
    )


def _rank_change(c: _Context) -> Verdict:
    places = _decimal(c.target.value)
    goal = f"tăng {_symbol(c.target.comparison)}{_num(places)} bậc"
    obs, before = c.current, c.history.get(c.year - 1)
    if obs is None or obs.rank is None or places is None:
        return _no_result(c.subject, goal, c.year, "chưa có thứ hạng")
    if before is None or before.rank is None:
        return _no_result(c.subject, goal, c.year, f"chưa có thứ hạng năm {c.year - 1} để so sánh")
    gained = before.rank - obs.rank
    moved = (
        f"tăng {gained} bậc"
        if gained > 0
        else (f"giảm {-gained} bậc" if gained < 0 else "giữ nguyên thứ hạng")
    )
    mark = f" {DERIVED_MARK}" if before.rank_derived else ""
    now_mark = f" {DERIVED_MARK}" if obs.rank_derived else ""
    actual = f"{moved} (hạng {before.rank}{mark} năm {c.year - 1} → {obs.rank}{now_mark})"
    met = _compare(Decimal(gained), c.target.comparison or ">=", places)
    return _verdict(
        _ok(met), c.subject, actual, goal, c.year, before.rank_derived or obs.rank_derived
    )


def _score(c: _Context) -> Verdict:
    goal_value = _decimal(c.target.value)
    unit = c.target.unit or c.indicator.unit
    comparison = c.target.comparison or (">=" if c.indicator.higher_is_better else "<=")
    goal = f"{_symbol(comparison)}{_num(goal_value)}{_unit_suffix(unit)}"
    obs = c.current
    if obs is None or obs.score is None or goal_value is None:
        return _no_result(c.subject, goal, c.year)
    if comparison in ("~", "="):
        tolerance = c.indicator.about_tolerance if comparison == "~" else Decimal(0)
        if c.indicator.higher_is_better:
            met = obs.score >= goal_value - tolerance
        else:
            met = obs.score <= goal_value + tolerance
    else:
        met = _compare(obs.score, comparison, goal_value)
    return _verdict(_ok(met), c.subject, _score_text(obs, unit), goal, c.year, obs.score_derived)


def _delta(c: _Context) -> Verdict:
    step = _decimal(c.target.value)
    unit = c.target.unit or c.indicator.unit
    goal = (
        f"tăng {_symbol(c.target.comparison)}{_num(step)}{_unit_suffix(unit)}"
        f" so với năm {c.baseline_year}"
    )
    obs, base = c.current, c.history.get(c.baseline_year)
    if obs is None or obs.score is None or step is None:
        return _no_result(c.subject, goal, c.year)
    if base is None or base.score is None:
        return _no_result(c.subject, goal, c.year, f"chưa có kết quả năm {c.baseline_year}")
    diff = obs.score - base.score
    actual = (
        f"{_score_text(obs, unit)} so với {_score_text(base, unit)} năm {c.baseline_year}"
        f" ({_signed(diff)}{_unit_suffix(unit)})"
    )
    met = _compare(diff, c.target.comparison or ">=", step)
    return _verdict(
        _ok(met), c.subject, actual, goal, c.year, obs.score_derived or base.score_derived
    )


def tier_position(tier: str) -> tuple[int, int] | None:
    """(scale, position) of a tier name in TIER_SCALES, best first; None if unknown."""
    key = nfc(tier).strip().lower().removeprefix("nhóm ").strip()
    for scale_index, scale in enumerate(TIER_SCALES):
        if key in scale:
            return scale_index, scale.index(key)
    return None


def _group(c: _Context) -> Verdict:
    wanted = str(c.target.value or "").strip()
    goal = f"nhóm {wanted.capitalize()} trở lên"
    obs = c.current
    if obs is None or not obs.tier:
        return _no_result(c.subject, goal, c.year, "chưa có xếp nhóm")
    got, target = tier_position(obs.tier), tier_position(wanted)
    actual = f"nhóm {obs.tier.strip().capitalize()}"
    if got is None or target is None or got[0] != target[0]:
        return _no_result(c.subject, goal, c.year, f"{actual} (không cùng thang xếp nhóm)")
    if c.target.comparison == "=":
        return _verdict(_ok(got == target), c.subject, actual, f"nhóm {wanted}", c.year)
    return _verdict(_ok(got[1] <= target[1]), c.subject, actual, goal, c.year)


def _qualitative(c: _Context) -> Verdict:
    goal = f"«{str(c.target.value or c.target.text).strip()}»"
    if c.assessment is None:
        return Verdict(
            Status.NO_DATA, f"{c.subject}: mục tiêu {goal} — chưa đánh giá", c.year, False
        )
    note = f" ({c.assessment.note.strip()})" if c.assessment.note.strip() else ""
    status = _ok(c.assessment.achieved)
    return Verdict(status, f"{c.subject}: mục tiêu {goal} — {status.label}{note}", c.year, False)


EVALUATORS: Mapping[str, Callable[[_Context], Verdict]] = {
    "rank": _rank,
    "rank_change": _rank_change,
    "top_n": _top_n,
    "score": _score,
    "percent": _score,
    "delta": _delta,
    "group": _group,
    "qualitative": _qualitative,
}


def evaluate(
    target: Target,
    *,
    year: int,
    history: History,
    indicator: IndicatorInfo | None = None,
    assessment: Assessment | None = None,
    baseline_year: int | None = None,
) -> Verdict:
    """Judge `target` for `year` on `history` (the indicator's results by year, one scope)."""
    indicator = indicator or IndicatorInfo(code=target.indicator, label=target.indicator)
    context = _Context(
        target=target,
        indicator=indicator,
        year=year,
        history=history,
        assessment=assessment,
        baseline_year=baseline_year if baseline_year is not None else year - DEFAULT_BASELINE_LAG,
    )
    evaluator = EVALUATORS.get(target.kind)
    if evaluator is None:
        return Verdict(
            Status.NO_DATA,
            f"{context.subject}: loại chỉ tiêu «{target.kind}» chưa được hỗ trợ — chưa đánh giá",
            year,
        )
    return evaluator(context)


def evaluate_scoped(
    target: Target,
    *,
    year: int,
    histories: Mapping[str, History],
    indicator: IndicatorInfo | None = None,
    assessment: Assessment | None = None,
    baseline_year: int | None = None,
) -> Verdict:
    """Like `evaluate`, with results per scope ("" for the whole territory).

    A target without a scope on an indicator whose results are kept per scope (the plan's
    "DDCI +3 điểm" for both departments and localities) is judged on every scope: achieved
    when all are, not achieved when any is not, otherwise no data.
    """
    kwargs = dict(
        year=year, indicator=indicator, assessment=assessment, baseline_year=baseline_year
    )
    if target.scope or target.kind == "qualitative" or histories.get(""):
        return evaluate(target, history=histories.get(target.scope or "", {}), **kwargs)
    scopes = sorted(scope for scope, history in histories.items() if scope and history)
    if not scopes:
        return evaluate(target, history={}, **kwargs)
    parts = tuple(
        evaluate(_with_scope(target, scope), history=histories[scope], **kwargs) for scope in scopes
    )
    statuses = {part.status for part in parts}
    if Status.NOT_ACHIEVED in statuses:
        status = Status.NOT_ACHIEVED
    elif statuses == {Status.ACHIEVED}:
        status = Status.ACHIEVED
    else:
        status = Status.NO_DATA
    sentence = "; ".join(part.sentence for part in parts)
    return Verdict(status, sentence, year, any(p.derived for p in parts), parts)


def _with_scope(target: Target, scope: str) -> Target:
    return Target(
        indicator=target.indicator,
        kind=target.kind,
        comparison=target.comparison,
        value=target.value,
        unit=target.unit,
        text=target.text,
        scope=scope,
        rank_of=target.rank_of,
    )
