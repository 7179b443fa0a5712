"""Certificates of participation (*giấy chứng nhận tham gia*) as PDF, drawn with ReportLab.

A one-page A4 landscape certificate: the organising office, the national motto, the title,
the person, their unit, the rounds taken, place and date. Liberation Serif (metric-compatible
with Times New Roman, installed with fonts-liberation2) carries the Vietnamese letters;
DejaVu Serif is the fallback.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from parcomms.vn.dates import format_date_long

_FONT_DIRS = [
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
]
_FACES = {
    "regular": ("LiberationSerif-Regular.ttf", "DejaVuSerif.ttf"),
    "bold": ("LiberationSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"),
    "italic": ("LiberationSerif-Italic.ttf", "DejaVuSerif-Italic.ttf"),
}
RED = HexColor("#a50e0e")
GOLD = HexColor("#b88700")
INK = HexColor("#1d1d1f")


class FontMissing(RuntimeError):
    pass


def _register_fonts() -> dict[str, str]:
    names = {}
    for face, files in _FACES.items():
        name = f"PcSerif-{face}"
        if name not in pdfmetrics.getRegisteredFontNames():
            path = next(
                (d / f for f in files for d in _FONT_DIRS if (d / f).exists()),
                None,
            )
            if path is None:
                raise FontMissing(
                    "No Vietnamese-capable serif font: install fonts-liberation2 (apt-get)."
                )
            pdfmetrics.registerFont(TTFont(name, str(path)))
        names[face] = name
    return names


@dataclass(frozen=True)
class Certificate:
    organisation: str
    parent_authority: str
    contest_title: str
    full_name: str
    unit: str
    rounds: list[str]  # "Vòng 1", "Vòng 2"
    place: str
    issued_on: date
    number: str  # printed as "Số: …"


def _fit(c: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 8 and c.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _wrap(c: canvas.Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if c.stringWidth(candidate, font, size) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def render_certificate(cert: Certificate) -> bytes:
    fonts = _register_fonts()
    out = io.BytesIO()
    width, height = landscape(A4)
    c = canvas.Canvas(out, pagesize=(width, height))
    c.setTitle(f"Giấy chứng nhận — {cert.full_name}")
    c.setAuthor(cert.organisation)

    # Double frame
    c.setStrokeColor(RED)
    c.setLineWidth(3)
    c.rect(22, 22, width - 44, height - 44)
    c.setStrokeColor(GOLD)
    c.setLineWidth(1)
    c.rect(30, 30, width - 60, height - 60)

    left_x, right_x = width * 0.25, width * 0.68
    top = height - 70
    c.setFillColor(INK)
    c.setFont(fonts["regular"], 12)
    if cert.parent_authority:
        c.drawCentredString(left_x, top, cert.parent_authority.upper())
    c.setFont(fonts["bold"], 12)
    org_size = _fit(c, cert.organisation.upper(), fonts["bold"], 12, width * 0.42)
    c.setFont(fonts["bold"], org_size)
    c.drawCentredString(left_x, top - 16, cert.organisation.upper())
    c.setFont(fonts["regular"], 12)
    c.drawCentredString(left_x, top - 36, f"Số: {cert.number}")

    c.setFont(fonts["bold"], 12)
    c.drawCentredString(right_x, top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    c.setFont(fonts["bold"], 13)
    motto = "Độc lập - Tự do - Hạnh phúc"
    c.drawCentredString(right_x, top - 16, motto)
    motto_w = c.stringWidth(motto, fonts["bold"], 13)
    c.setLineWidth(0.6)
    c.setStrokeColor(INK)
    c.line(right_x - motto_w / 2, top - 20, right_x + motto_w / 2, top - 20)

    c.setFillColor(RED)
    c.setFont(fonts["bold"], 34)
    c.drawCentredString(width / 2, height - 175, "GIẤY CHỨNG NHẬN")
    c.setFillColor(INK)
    c.setFont(fonts["italic"], 15)
    c.drawCentredString(width / 2, height - 205, "Chứng nhận")

    name_size = _fit(c, cert.full_name, fonts["bold"], 28, width - 160)
    c.setFillColor(RED)
    c.setFont(fonts["bold"], name_size)
    c.drawCentredString(width / 2, height - 245, cert.full_name)
    c.setFillColor(INK)
    y = height - 275
    if cert.unit:
        c.setFont(fonts["regular"], 15)
        c.drawCentredString(width / 2, y, f"Đơn vị: {cert.unit}")
        y -= 30
    c.setFont(fonts["regular"], 15)
    c.drawCentredString(width / 2, y, "Đã tham gia")
    y -= 26
    c.setFont(fonts["bold"], 17)
    for line in _wrap(c, cert.contest_title.upper(), fonts["bold"], 17, width - 180):
        c.drawCentredString(width / 2, y, line)
        y -= 22
    if cert.rounds:
        c.setFont(fonts["italic"], 14)
        c.drawCentredString(width / 2, y - 4, "(" + ", ".join(cert.rounds) + ")")

    date_text = (
        f"{cert.place}, {format_date_long(cert.issued_on)}"
        if cert.place
        else (format_date_long(cert.issued_on).capitalize())
    )
    c.setFont(fonts["italic"], 13)
    c.drawCentredString(right_x, 125, date_text)
    c.setFont(fonts["bold"], 13)
    c.drawCentredString(right_x, 105, "BAN TỔ CHỨC CUỘC THI")
    c.showPage()
    c.save()
    return out.getvalue()
