"""Báo cáo kết quả công tác tuyên truyền cải cách hành chính (quarter, 6 months, year)."""

from parcomms.vn import nd30
from parcomms.vn.numbers import format_decimal

from .. import charts, figures
from ..registry import Built, Sheet, register
from .common import document, paragraphs, plan_of, section_text, table

KIND = "communication"
SECTIONS = {
    "directing": (
        "I. Công tác chỉ đạo, điều hành",
        "Thực hiện Kế hoạch tuyên truyền cải cách hành chính năm của cơ quan, lãnh đạo cơ quan "
        "đã quán triệt, chỉ đạo các đơn vị triển khai các nội dung tuyên truyền theo kế hoạch.",
    ),
    "results": ("II. Kết quả thực hiện (lời dẫn)", ""),
    "strengths": (
        "III.1. Ưu điểm",
        "Công tác tuyên truyền được triển khai đồng bộ, bám sát nội dung kế hoạch.",
    ),
    "limits": (
        "III.2. Hạn chế",
        "Một số đơn vị còn chậm gửi tin, bài; hình thức tuyên truyền chưa đa dạng.",
    ),
    "next_tasks": (
        "IV. Nhiệm vụ trọng tâm kỳ tới",
        "Tiếp tục triển khai các nội dung tuyên truyền theo kế hoạch; đa dạng hóa hình thức "
        "tuyên truyền, tăng cường tuyên truyền trên Cổng thông tin điện tử và mạng xã hội.",
    ),
    "proposals": ("V. Đề xuất, kiến nghị", "Không."),
}

NUMBERS = ["left", "right"]


def _pct(rate) -> str:
    return f"{format_decimal(rate, places=1)}%" if rate is not None else "—"


def _change(now: int, before: int) -> str:
    if before == 0:
        return "—" if now == 0 else "mới"
    diff = (now - before) * 100 / before
    sign = "+" if diff > 0 else ""
    return f"{sign}{format_decimal(diff, places=1)}%"


def comparison_rows(now: dict, before: dict) -> list[list]:
    a, b = figures.headline(now), figures.headline(before)
    return [[label, a[label], b[label], _change(a[label], b[label])] for label in a]


@register(KIND, "Báo cáo kết quả công tác tuyên truyền CCHC", sections=SECTIONS)
def build(ctx) -> Built:
    org, period = ctx.organisation, ctx.period
    figs = ctx.figures or {
        "current": figures.compute(org, period),
        "previous": figures.compute(org, period.previous()),
    }
    now, before = figs["current"], figs["previous"]
    plan = plan_of(org, period.year)

    def text(code):
        return paragraphs(section_text(ctx, SECTIONS, code))

    body: list = [nd30.Heading("I.", "Công tác chỉ đạo, điều hành", 1)]
    body += text("directing")
    if now["plans"]:
        body.append(nd30.Paragraph("Trong kỳ, cơ quan đã ban hành các văn bản:"))
        body += [
            nd30.Bullet(f"{p['type_name']} số {p['number']} ngày {p['date']} về {p['title']};")
            for p in now["plans"]
        ]
    else:
        body.append(nd30.Paragraph("Trong kỳ, cơ quan không ban hành thêm kế hoạch mới."))

    arts = now["articles"]
    body.append(nd30.Heading("II.", "Kết quả thực hiện", 1))
    body += text("results")
    body.append(nd30.Heading("1.", "Kết quả theo nội dung tuyên truyền", 2))
    body.append(
        nd30.Paragraph(
            f"Trong kỳ, đã đăng tải {arts['total']} tin, bài, ảnh, video về cải cách hành "
            "chính; số tin, bài theo từng nội dung của kế hoạch như Bảng 1."
        )
    )
    topic_rows = [[i, label, n] for i, (label, n) in enumerate(arts["by_topic"], 1)]
    body.append(
        table(
            ["STT", "Nội dung tuyên truyền", "Số tin, bài"],
            topic_rows or [["", "Chưa có tin, bài được đăng", 0]],
            caption="Bảng 1. Tin, bài theo nội dung tuyên truyền",
            widths=[1.3, 12.2, 3.0],
            align=["center", "left", "right"],
        )
    )
    body.append(nd30.Heading("2.", "Kết quả theo hình thức và kênh tuyên truyền", 2))
    body.append(nd30.Heading("a)", "Tin, bài trên Cổng thông tin điện tử và các kênh", 3))
    kinds = "; ".join(f"{label}: {n}" for label, n in arts["by_kind"]) or "không có"
    body.append(nd30.Paragraph(f"Theo thể loại — {kinds}."))
    deliveries = now["deliveries"]
    if deliveries:
        body.append(
            nd30.Paragraph(
                "Số lượt tin, bài đã gửi thành công trên từng kênh: "
                + "; ".join(f"{label}: {n}" for label, n in deliveries)
                + "."
            )
        )
        body.append(
            nd30.Image(
                charts.bar_chart([(label, n) for label, n in deliveries]),
                width_cm=14,
                caption="Biểu đồ 1. Lượt tin, bài đã gửi theo kênh",
            )
        )
    s = now["sessions"]
    body.append(nd30.Heading("b)", "Hội nghị, buổi sinh hoạt chuyên đề", 3))
    body.append(
        nd30.Paragraph(
            f"Đã tổ chức {s['held']} hội nghị, buổi sinh hoạt có nội dung cải cách hành chính "
            f"với {s['present']}/{s['invited']} lượt cán bộ, công chức, viên chức có mặt "
            f"(tỷ lệ tham dự {_pct(s['rate'])})."
        )
    )
    c = now["contests"]
    body.append(nd30.Heading("c)", "Cuộc thi tìm hiểu về cải cách hành chính", 3))
    body.append(
        nd30.Paragraph(
            f"Tổ chức {c['held']} cuộc thi; {c['entrants']} người đăng ký dự thi, "
            f"{c['submitted']} bài dự thi đã nộp."
        )
    )
    body.append(nd30.Heading("d)", "Các hình thức tuyên truyền khác", 3))
    if now["other_forms"]:
        body += [nd30.Bullet(f"{label}: {n} lượt;") for label, n in now["other_forms"]]
    else:
        body.append(nd30.Paragraph("Không có."))
    body.append(nd30.Heading("3.", "Kết quả theo đơn vị", 2))
    unit_rows = [[i, label, n] for i, (label, n) in enumerate(arts["by_unit"], 1)]
    body.append(
        table(
            ["STT", "Đơn vị", "Số tin, bài"],
            unit_rows or [["", "Chưa có tin, bài được đăng", 0]],
            caption="Bảng 2. Tin, bài theo đơn vị của tác giả",
            widths=[1.3, 12.2, 3.0],
            align=["center", "left", "right"],
        )
    )
    if arts["by_unit"]:
        body.append(
            nd30.Image(
                charts.bar_chart([(label, n) for label, n in arts["by_unit"][:12]]),
                width_cm=14,
                caption="Biểu đồ 2. Tin, bài theo đơn vị",
            )
        )

    body.append(nd30.Heading("III.", "Đánh giá chung", 1))
    body.append(nd30.Heading("1.", "Ưu điểm", 2))
    body += text("strengths")
    body.append(nd30.Heading("2.", "Hạn chế", 2))
    body += text("limits")
    body.append(nd30.Heading("3.", "So sánh với kỳ trước", 2))
    compare = comparison_rows(now, before)
    body.append(
        table(
            ["Chỉ tiêu", period.short_label, period.previous().short_label, "Tăng, giảm"],
            compare,
            caption="Bảng 3. So sánh với kỳ trước",
            widths=[7.5, 3.0, 3.0, 3.0],
            align=["left", "right", "right", "right"],
        )
    )
    body.append(nd30.Heading("IV.", "Nhiệm vụ trọng tâm kỳ tới", 1))
    body += text("next_tasks")
    body.append(nd30.Heading("V.", "Đề xuất, kiến nghị", 1))
    body += text("proposals")

    doc = document(
        ctx,
        title=f"Kết quả công tác tuyên truyền cải cách hành chính {period.label}",
        body=body,
        plan=plan,
    )
    sheets = [
        Sheet("Nội dung", ["STT", "Nội dung tuyên truyền", "Số tin, bài"], topic_rows),
        Sheet("Đơn vị", ["STT", "Đơn vị", "Số tin, bài"], unit_rows),
        Sheet("Thể loại", ["Thể loại", "Số tin, bài"], arts["by_kind"]),
        Sheet("Kênh", ["Kênh", "Lượt gửi thành công"], deliveries),
        Sheet(
            "Hội nghị",
            ["Số buổi", "Lượt mời", "Lượt có mặt", "Tỷ lệ (%)"],
            [[s["held"], s["invited"], s["present"], s["rate"]]],
        ),
        Sheet("Cuộc thi", ["Cuộc thi", "Người đăng ký", "Bài đã nộp"], [list(c.values())]),
        Sheet("Hình thức khác", ["Hình thức", "Số lượt"], now["other_forms"]),
        Sheet(
            "So sánh",
            ["Chỉ tiêu", period.short_label, period.previous().short_label, "Tăng, giảm"],
            compare,
        ),
    ]
    return Built(doc, figs, sheets)
