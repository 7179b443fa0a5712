"""Charts for the DOCX as PNG images, drawn with Pillow (pure Python, no Django).

bar_chart([("Cổng TTĐT", 12), ("Zalo OA", 7)], title=...) → PNG bytes (horizontal bars)
line_chart([(2019, 62.1), (2020, 65.3)], title=..., invert=False) → PNG bytes
"""

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from parcomms.vn.numbers import format_decimal

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
FONT_FILES = ("LiberationSerif-Regular.ttf", "DejaVuSerif.ttf")
SCALE = 3  # drawn at 3× so the picture stays sharp at 15 cm
INK = (20, 20, 20)
BAR = (70, 90, 120)
GRID = (200, 200, 200)


def _font(size: int):
    for folder in FONT_DIRS:
        for name in FONT_FILES:
            path = folder / name
            if path.exists():
                return ImageFont.truetype(str(path), size * SCALE)
    return ImageFont.load_default(size * SCALE)


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _fmt(value) -> str:
    return format_decimal(value, places=1) if isinstance(value, float) else str(value)


def bar_chart(rows: list[tuple[str, float]], *, title: str = "", width: int = 560) -> bytes:
    """Horizontal bars, one per row, value written after the bar."""
    font, bold = _font(11), _font(12)
    row_h, top = 22, 30 if title else 8
    label_w = 230
    height = top + row_h * max(len(rows), 1) + 10
    img = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(img)
    if title:
        draw.text((width * SCALE // 2, 6 * SCALE), title, font=bold, fill=INK, anchor="mt")
    top_value = max((v for _l, v in rows), default=0) or 1
    span = width - label_w - 60
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        text = label if len(label) <= 38 else label[:36] + "…"
        draw.text(((label_w - 6) * SCALE, (y + 11) * SCALE), text, font=font, fill=INK, anchor="rm")
        bar = span * value / top_value
        draw.rectangle(
            (label_w * SCALE, (y + 4) * SCALE, (label_w + bar) * SCALE, (y + 18) * SCALE),
            fill=BAR,
        )
        draw.text(
            ((label_w + bar + 5) * SCALE, (y + 11) * SCALE),
            _fmt(value),
            font=font,
            fill=INK,
            anchor="lm",
        )
    draw.line(
        (label_w * SCALE, top * SCALE, label_w * SCALE, (height - 8) * SCALE),
        fill=INK,
        width=SCALE,
    )
    return _png(img)


def line_chart(
    points: list[tuple[int, float]], *, title: str = "", invert: bool = False, width: int = 480
) -> bytes:
    """Values by year; `invert` puts small values on top (ranks: 1 is best)."""
    font, bold = _font(11), _font(12)
    height, left, right, top, bottom = 220, 50, 20, 32 if title else 12, 30
    img = Image.new("RGB", (width * SCALE, height * SCALE), "white")
    draw = ImageDraw.Draw(img)
    if title:
        draw.text((width * SCALE // 2, 6 * SCALE), title, font=bold, fill=INK, anchor="mt")
    values = [v for _y, v in points]
    low, high = (min(values), max(values)) if values else (0, 1)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.15
    low, high = low - pad, high + pad
    plot_w, plot_h = width - left - right, height - top - bottom

    def xy(i, v):
        x = left + (plot_w * (i + 0.5) / max(len(points), 1))
        frac = (v - low) / (high - low)
        y = top + plot_h * (frac if invert else 1 - frac)
        return x * SCALE, y * SCALE

    for k in range(5):
        v = low + (high - low) * k / 4
        _x, y = xy(0, v)
        draw.line((left * SCALE, y, (width - right) * SCALE, y), fill=GRID, width=SCALE)
        draw.text(((left - 5) * SCALE, y), _fmt(round(v, 1)), font=font, fill=INK, anchor="rm")
    coords = [xy(i, v) for i, (_y, v) in enumerate(points)]
    if len(coords) > 1:
        draw.line(coords, fill=BAR, width=2 * SCALE)
    for (year, value), (x, y) in zip(points, coords, strict=True):
        r = 4 * SCALE
        draw.ellipse((x - r, y - r, x + r, y + r), fill=BAR)
        draw.text((x, y - 7 * SCALE), _fmt(value), font=font, fill=INK, anchor="mb")
        draw.text((x, (height - bottom + 8) * SCALE), str(year), font=font, fill=INK, anchor="mt")
    draw.rectangle(
        (left * SCALE, top * SCALE, (width - right) * SCALE, (height - bottom) * SCALE),
        outline=INK,
        width=SCALE,
    )
    return _png(img)
