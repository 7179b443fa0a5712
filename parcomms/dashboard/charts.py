"""Server-side SVG charts (pure Python, no Django).

Each function returns one self-contained `<svg>` string: no script, no external file, the same
on screen, in print and in the PDF export. Readable without colour: every series has its own
fill pattern (stacked bars) or marker shape (lines), values are written on the chart, the
target line is dashed and labelled, and the legend repeats the pattern or marker.

`uid` makes pattern ids unique when several charts share one page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from parcomms.vn.numbers import format_decimal

FONT = "font-family:'Liberation Sans',Arial,Helvetica,sans-serif"
INK = "#1d1d1f"
MUTED = "#5c5c66"
GRID = "#d9d9e0"
TARGET = "#b3261e"

# (fill colour, pattern kind): distinct in colour and in black-and-white print.
SWATCHES = (
    ("#1f5f99", "solid"),
    ("#d97b29", "diagonal"),
    ("#3f8f4f", "dots"),
    ("#8a4fa3", "cross"),
    ("#b5483f", "horizontal"),
    ("#4b8fa8", "backdiagonal"),
    ("#7a6a2f", "vertical"),
    ("#6b6b6b", "grid"),
)
MARKERS = ("circle", "square", "triangle", "diamond")
LINE_COLOURS = ("#1f5f99", "#d97b29", "#3f8f4f", "#8a4fa3")


def _f(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def default_format(value: float | Decimal) -> str:
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if value == value.to_integral_value():
        return format_decimal(value.quantize(Decimal(1)))
    return format_decimal(value.normalize())


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _patterns(uid: str, count: int) -> str:
    defs = []
    for i in range(count):
        colour, kind = SWATCHES[i % len(SWATCHES)]
        pid = f"{uid}-p{i}"
        if kind == "solid":
            defs.append(
                f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{colour}"/></pattern>'
            )
            continue
        shapes = {
            "diagonal": f'<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="{colour}" stroke-width="1.6"/>',
            "backdiagonal": f'<path d="M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2" stroke="{colour}" stroke-width="1.6"/>',
            "dots": f'<circle cx="3" cy="3" r="1.5" fill="{colour}"/>',
            "cross": f'<path d="M0,0 l6,6 M6,0 l-6,6" stroke="{colour}" stroke-width="1.2"/>',
            "horizontal": f'<path d="M0,3 h6" stroke="{colour}" stroke-width="2"/>',
            "vertical": f'<path d="M3,0 v6" stroke="{colour}" stroke-width="2"/>',
            "grid": f'<path d="M0,3 h6 M3,0 v6" stroke="{colour}" stroke-width="1"/>',
        }[kind]
        defs.append(
            f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="#ffffff"/>{shapes}</pattern>'
        )
    return "".join(defs)


def _fill(uid: str, i: int) -> str:
    return f"url(#{uid}-p{i})"


def _stroke(i: int) -> str:
    return SWATCHES[i % len(SWATCHES)][0]


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'class="pc-chart" style="{FONT};max-width:100%;height:auto">'
        f"<title>{escape(title)}</title>"
    )


def _text(x, y, text, *, size=11, anchor="middle", fill=INK, weight="normal", extra="") -> str:
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}" font-weight="{weight}"{extra}>{escape(str(text))}</text>'
    )


def _marker(shape: str, x: float, y: float, colour: str, hollow: bool) -> str:
    fill = "#ffffff" if hollow else colour
    common = f'fill="{fill}" stroke="{colour}" stroke-width="1.8"'
    if shape == "square":
        return f'<rect x="{_f(x - 4)}" y="{_f(y - 4)}" width="8" height="8" {common}/>'
    if shape == "triangle":
        return f'<path d="M{_f(x)},{_f(y - 5)} L{_f(x + 5)},{_f(y + 4)} L{_f(x - 5)},{_f(y + 4)} Z" {common}/>'
    if shape == "diamond":
        return f'<path d="M{_f(x)},{_f(y - 5)} L{_f(x + 5)},{_f(y)} L{_f(x)},{_f(y + 5)} L{_f(x - 5)},{_f(y)} Z" {common}/>'
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4" {common}/>'


# --- Line chart --------------------------------------------------------------------------------


@dataclass
class Series:
    label: str
    values: Sequence[float | Decimal | None]
    derived: Sequence[bool] = field(default_factory=tuple)  # hollow marker and "[D]"


def line_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    uid: str = "line",
    target: float | Decimal | None = None,
    target_label: str = "",
    y_min: float | None = None,
    y_max: float | None = None,
    invert: bool = False,
    width: int = 520,
    height: int = 220,
    fmt: Callable[[float | Decimal], str] = default_format,
    empty_text: str = "Chưa có số liệu",
) -> str:
    """A trend per series over `categories` (years), gaps where a value is missing, the target
    as a dashed line. `invert` puts small values on top (ranks: 1 is best)."""
    left, right, top, bottom = 44, 92 if target is not None else 18, 26, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for s in series for v in s.values if v is not None]
    out = [_svg_open(width, height, title)]
    out.append(_text(left, 14, title, size=12, anchor="start", weight="bold"))
    if not values:
        out.append(_text(width / 2, height / 2, empty_text, fill=MUTED))
        out.append("</svg>")
        return "".join(out)
    everything = values + ([float(target)] if target is not None else [])
    low = y_min if y_min is not None else min(everything)
    high = y_max if y_max is not None else max(everything)
    if y_min is None and y_max is None:
        pad = (high - low) * 0.15 or max(abs(high) * 0.05, 1)
        low, high = low - pad, high + pad
    ticks = nice_ticks(low, high)
    low, high = min(low, ticks[0]), max(high, ticks[-1])
    if y_min is not None:
        low = y_min
        ticks = [t for t in ticks if t >= y_min]
    if y_max is not None:
        high = y_max
        ticks = [t for t in ticks if t <= y_max]

    def y_of(v: float) -> float:
        share = (v - low) / (high - low) if high > low else 0.5
        return top + (share if invert else 1 - share) * plot_h

    n = max(len(categories), 1)
    step = plot_w / n

    def x_of(i: int) -> float:
        return left + step * (i + 0.5)

    for t in ticks:
        y = y_of(t)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{_f(y)}" y2="{_f(y)}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(_text(left - 6, y + 4, fmt(t), size=10, anchor="end", fill=MUTED))
    out.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{MUTED}"/>'
    )
    for i, label in enumerate(categories):
        out.append(_text(x_of(i), top + plot_h + 16, label, size=11, fill=MUTED))
    if target is not None:
        y = y_of(float(target))
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{_f(y)}" y2="{_f(y)}" stroke="{TARGET}" '
            f'stroke-width="1.6" stroke-dasharray="6 4" class="pc-chart-target"/>'
        )
        out.append(
            _text(left + plot_w + 4, y + 4, target_label or fmt(target), size=10, anchor="start",
                  fill=TARGET, weight="bold")
        )  # fmt: skip
    for si, s in enumerate(series):
        colour = LINE_COLOURS[si % len(LINE_COLOURS)]
        shape = MARKERS[si % len(MARKERS)]
        dash = "" if si == 0 else ' stroke-dasharray="2 3"'
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(s.values):
            if v is None:
                runs.append([])
                continue
            runs[-1].append((x_of(i), y_of(float(v))))
        for run in runs:
            if len(run) > 1:
                d = " ".join(
                    f"{'M' if j == 0 else 'L'}{_f(x)},{_f(y)}" for j, (x, y) in enumerate(run)
                )
                out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for i, v in enumerate(s.values):
            if v is None:
                continue
            derived = bool(s.derived[i]) if i < len(s.derived) else False
            x, y = x_of(i), y_of(float(v))
            out.append(_marker(shape, x, y, colour, derived))
            label = fmt(v) + (" [D]" if derived else "")
            out.append(_text(x, y - 9, label, size=10, weight="bold"))
    if len(series) > 1 or any(any(s.derived) for s in series):
        x = left
        y = height - 8
        for si, s in enumerate(series):
            colour = LINE_COLOURS[si % len(LINE_COLOURS)]
            out.append(_marker(MARKERS[si % len(MARKERS)], x + 4, y - 4, colour, False))
            out.append(_text(x + 12, y, s.label, size=10, anchor="start"))
            x += 24 + 6 * len(s.label)
        if any(any(s.derived) for s in series):
            out.append(_marker("circle", x + 4, y - 4, MUTED, True))
            out.append(_text(x + 12, y, "[D] số suy ra", size=10, anchor="start", fill=MUTED))
    out.append("</svg>")
    return "".join(out)


# --- Stacked bars ------------------------------------------------------------------------------


def stacked_bars(
    categories: Sequence[str],
    stacks: Sequence[tuple[str, Sequence[int | float]]],
    *,
    title: str,
    uid: str = "bars",
    width: int = 620,
    height: int = 240,
    fmt: Callable[[float | Decimal], str] = default_format,
    empty_text: str = "Chưa có số liệu",
) -> str:
    """One bar per category (month), one stacked segment per series (content area), each with
    its own pattern; the total on top of each bar, the legend below."""
    columns = max(1, min(4, width // 280))
    legend_rows = math.ceil(len(stacks) / columns) if stacks else 0
    left, right, top = 36, 10, 26
    bottom = 26 + 16 * legend_rows + 6
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [
        sum(float(values[i]) for _, values in stacks if i < len(values))
        for i in range(len(categories))
    ]
    out = [_svg_open(width, height, title), f"<defs>{_patterns(uid, len(stacks))}</defs>"]
    out.append(_text(left, 14, title, size=12, anchor="start", weight="bold"))
    peak = max(totals, default=0)
    if peak <= 0:
        out.append(_text(width / 2, top + plot_h / 2, empty_text, fill=MUTED))
    else:
        ticks = nice_ticks(0, peak, 4)
        high = max(ticks[-1], peak * 1.12)  # room for the total above the tallest bar
        for t in ticks:
            y = top + plot_h - t / high * plot_h
            out.append(
                f'<line x1="{left}" x2="{left + plot_w}" y1="{_f(y)}" y2="{_f(y)}" stroke="{GRID}"/>'
            )
            out.append(_text(left - 5, y + 4, fmt(t), size=10, anchor="end", fill=MUTED))
        n = max(len(categories), 1)
        step = plot_w / n
        bar_w = min(step * 0.7, 44)
        for i in range(len(categories)):
            x = left + step * i + (step - bar_w) / 2
            y = top + plot_h
            for si, (label, values) in enumerate(stacks):
                v = float(values[i]) if i < len(values) else 0
                if v <= 0:
                    continue
                h = v / high * plot_h
                y -= h
                out.append(
                    f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(bar_w)}" height="{_f(h)}" '
                    f'fill="{_fill(uid, si)}" stroke="{_stroke(si)}" stroke-width="0.8">'
                    f"<title>{escape(label)}: {escape(fmt(v))}</title></rect>"
                )
            if totals[i] > 0:
                out.append(_text(x + bar_w / 2, y - 4, fmt(totals[i]), size=10, weight="bold"))
    out.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{MUTED}"/>'
    )
    n = max(len(categories), 1)
    for i, label in enumerate(categories):
        out.append(
            _text(left + plot_w / n * (i + 0.5), top + plot_h + 14, label, size=10, fill=MUTED)
        )
    column_w = plot_w / columns
    fits = max(8, int((column_w - 24) / 5.6))  # characters at 10px
    for si, (label, _values) in enumerate(stacks):
        row, col = divmod(si, columns)
        x = left + col * column_w
        y = top + plot_h + 30 + row * 16
        out.append(
            f'<rect x="{_f(x)}" y="{_f(y - 9)}" width="14" height="11" fill="{_fill(uid, si)}" '
            f'stroke="{_stroke(si)}"/>'
        )
        short = label if len(label) <= fits else label[: fits - 1] + "…"
        out.append(_text(x + 18, y, short, size=10, anchor="start"))
    out.append("</svg>")
    return "".join(out)


# --- Horizontal bars -----------------------------------------------------------------------------


def hbars(
    rows: Sequence[tuple[str, float | int, str]],
    *,
    title: str,
    width: int = 520,
    bar_height: int = 18,
    label_width: int = 200,
    empty_text: str = "Chưa có số liệu",
) -> str:
    """Ranked rows: label, value (bar length) and the text written after the bar."""
    top, gap = 26, 6
    height = top + max(len(rows), 1) * (bar_height + gap) + 6
    out = [_svg_open(width, height, title)]
    out.append(_text(0, 14, title, size=12, anchor="start", weight="bold"))
    if not rows:
        out.append(_text(width / 2, top + 14, empty_text, fill=MUTED))
    peak = max((float(v) for _, v, _ in rows), default=0) or 1
    bar_space = width - label_width - 90
    for i, (label, value, text) in enumerate(rows):
        y = top + i * (bar_height + gap)
        short = label if len(label) <= 34 else label[:33] + "…"
        out.append(_text(label_width - 6, y + bar_height - 5, short, size=11, anchor="end"))
        w = max(float(value) / peak * bar_space, 1 if value else 0)
        out.append(
            f'<rect x="{label_width}" y="{y}" width="{_f(w)}" height="{bar_height}" '
            f'fill="{SWATCHES[0][0]}"><title>{escape(label)}: {escape(text)}</title></rect>'
        )
        out.append(
            _text(
                label_width + w + 5,
                y + bar_height - 5,
                text,
                size=11,
                anchor="start",
                weight="bold",
            )
        )
    out.append("</svg>")
    return "".join(out)
