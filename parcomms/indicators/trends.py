"""Multi-year trend charts of one indicator with the plan's target line (pure Python)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from parcomms.dashboard.charts import Series, line_chart
from parcomms.plans.parsed import Target
from parcomms.vn.numbers import format_decimal

from .evaluate import IndicatorInfo, Observation

_SYMBOLS = {"<=": "≤ ", ">=": "≥ ", "~": "~ ", "=": "", "in": ""}


@dataclass(frozen=True)
class Trend:
    score_svg: str | None
    rank_svg: str | None


def _fmt_value(value) -> str:
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return format_decimal(value.quantize(Decimal(1)))
    return format_decimal(value.normalize())


def year_span(years: Iterable[int], until: int, *, at_least: int = 4) -> list[int]:
    years = sorted(set(years))
    first = min(years[0] if years else until, until - at_least + 1)
    last = max(until, years[-1] if years else until)
    return list(range(first, last + 1))


def trend_charts(
    indicator: IndicatorInfo,
    history: Mapping[int, Observation],
    years: Sequence[int],
    targets: Iterable[Target] = (),
    *,
    uid: str,
    width: int = 460,
    height: int = 200,
) -> Trend:
    score_target = rank_target = None
    for t in targets:
        if t.kind in ("score", "percent") and score_target is None and t.value is not None:
            score_target = t
        if t.kind in ("rank", "top_n") and rank_target is None and t.value is not None:
            rank_target = t
    has_scores = any(o.score is not None for o in history.values())
    has_ranks = any(o.rank is not None for o in history.values())
    labels = [str(y) for y in years]
    score_svg = rank_svg = None
    if indicator.unit and (has_scores or score_target is not None):
        unit = "%" if indicator.unit == "%" else ""
        scores = Series(
            "Điểm",
            [history[y].score if y in history else None for y in years],
            [history[y].score_derived if y in history else False for y in years],
        )
        target_label = ""
        if score_target is not None:
            target_label = (
                f"Mục tiêu {_SYMBOLS.get(score_target.comparison, '')}"
                f"{_fmt_value(score_target.value)}{unit}"
            )
        score_svg = line_chart(
            labels,
            [scores],
            title=f"{indicator.label}: điểm" + (" (%)" if unit else ""),
            uid=f"{uid}-s",
            target=Decimal(str(score_target.value)) if score_target is not None else None,
            target_label=target_label,
            width=width,
            height=height,
        )
    if has_ranks or rank_target is not None:
        rank_of = (
            max(
                [o.rank_of for o in history.values() if o.rank_of]
                + [indicator.rank_of or 0, (rank_target.rank_of or 0) if rank_target else 0]
            )
            or None
        )
        ranks = Series(
            "Thứ hạng",
            [history[y].rank if y in history else None for y in years],
            [history[y].rank_derived if y in history else False for y in years],
        )
        target_label = ""
        if rank_target is not None:
            target_label = (
                f"TOP {_fmt_value(rank_target.value)}"
                if rank_target.kind == "top_n"
                else f"Mục tiêu {_SYMBOLS.get(rank_target.comparison, '')}"
                f"{_fmt_value(rank_target.value)}"
            )
        rank_svg = line_chart(
            labels,
            [ranks],
            title=f"{indicator.label}: thứ hạng" + (f" (trên {rank_of})" if rank_of else ""),
            uid=f"{uid}-r",
            target=Decimal(str(rank_target.value)) if rank_target is not None else None,
            target_label=target_label,
            y_min=1,
            y_max=rank_of,
            invert=True,
            width=width,
            height=height,
            fmt=lambda v: str(int(v)),
        )
    return Trend(score_svg, rank_svg)
