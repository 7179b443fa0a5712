"""Báo cáo kết quả thực hiện các chỉ tiêu: every target of the year's plan with its verdict
and the indicator's trend chart."""

from parcomms.indicators import services as indicator_services
from parcomms.indicators.models import Indicator
from parcomms.vn import nd30
from parcomms.vn.numbers import format_decimal

from .. import charts
from ..registry import Built, Sheet, register
from .common import document, paragraphs, plan_of, section_text, table

KIND = "targets"
SECTIONS = {
    "intro": (
        "Lời dẫn",
        "Cơ quan báo cáo kết quả thực hiện các chỉ tiêu về chỉ số cải cách hành chính và các "
        "chỉ số liên quan đã đề ra trong kế hoạch như sau:",
    ),
    "assessment": ("Đánh giá", ""),
}


def _history(results, code) -> list[tuple[int, object]]:
    per_scope = results.get(code, {})
    scope = "" if "" in per_scope else (sorted(per_scope)[0] if per_scope else None)
    if scope is None:
        return []
    return sorted((y, r.observation()) for y, r in per_scope[scope].items())


@register(KIND, "Báo cáo kết quả thực hiện chỉ tiêu", sections=SECTIONS)
def build(ctx) -> Built:
    org, period = ctx.organisation, ctx.period
    plan = plan_of(org, period.year)
    body: list = []
    rows: list[list] = []
    chart_blocks: list = []
    if plan is not None:
        indicators = {i.code: i for i in Indicator.objects.all()}
        results = indicator_services.results_by_indicator(org)
        verdicts = indicator_services.plan_verdicts(
            plan, year=period.year, results=results, indicators=indicators
        )
        for i, v in enumerate(verdicts, 1):
            shown = v.latest or v.verdict
            rows.append([i, v.description, shown.status.label, shown.sentence])
        for code in dict.fromkeys(v.target.indicator for v in verdicts):
            history = _history(results, code)
            scores = [(y, float(o.score)) for y, o in history if o.score is not None]
            ranks = [(y, o.rank) for y, o in history if o.rank is not None]
            name = indicators[code].info().label if code in indicators else code
            if scores:
                chart = charts.line_chart(scores, title=f"{name}: điểm số qua các năm")
            elif ranks:
                chart = charts.line_chart(ranks, title=f"{name}: thứ hạng", invert=True)
            else:
                continue
            chart_blocks.append(
                nd30.Image(chart, width_cm=12, caption=f"Biểu đồ {len(chart_blocks) + 1}. {name}")
            )
    figs = ctx.figures or {
        "targets": [[r[0], r[1], r[2], r[3]] for r in rows],
        "achieved": sum(1 for r in rows if r[2] == "đạt"),
        "total": len(rows),
    }
    body.append(nd30.Heading("I.", "Kết quả thực hiện các chỉ tiêu", 1))
    body += paragraphs(section_text(ctx, SECTIONS, "intro"))
    body.append(
        table(
            ["STT", "Chỉ tiêu", "Kết quả", "Diễn giải"],
            [[str(c) for c in r] for r in figs["targets"]]
            or [["", "Kế hoạch chưa có chỉ tiêu", "", ""]],
            caption="Bảng 1. Kết quả thực hiện chỉ tiêu",
            widths=[1.5, 5.2, 2.4, 7.4],
            align=["center", "left", "center", "left"],
        )
    )
    if figs["total"]:
        share = format_decimal(figs["achieved"] * 100 / figs["total"], places=1)
        body.append(nd30.Paragraph(f"Đạt {figs['achieved']}/{figs['total']} chỉ tiêu ({share}%)."))
    if chart_blocks:
        body.append(nd30.Heading("II.", "Diễn biến các chỉ số", 1))
        body += chart_blocks
    extra = paragraphs(section_text(ctx, SECTIONS, "assessment"))
    if extra:
        body.append(nd30.Heading("III." if chart_blocks else "II.", "Đánh giá", 1))
        body += extra
    doc = document(
        ctx, title=f"Kết quả thực hiện các chỉ tiêu {period.label}", body=body, plan=plan
    )
    sheet = Sheet("Chỉ tiêu", ["STT", "Chỉ tiêu", "Kết quả", "Diễn giải"], figs["targets"])
    return Built(doc, figs, [sheet])
