"""Báo cáo kết quả thi đua of a period, from the emulation app's results."""

from django.utils.translation import gettext as _

from ..registry import Built, Sheet, register
from .common import document, paragraphs, plan_of, section_text

KIND = "emulation"
SECTIONS = {"intro": ("Lời dẫn", "Kết quả chấm điểm thi đua về công tác tuyên truyền CCHC:")}


class NoEmulationPeriod(LookupError):
    pass


def _period(org, period):
    from parcomms.emulation.models import Period

    found = Period.objects.filter(
        organisation=org, kind=period.kind, year=period.year, number=period.number
    ).first()
    if found is None:
        raise NoEmulationPeriod(
            _("Chưa có kỳ thi đua %(key)s trong phân hệ Thi đua.") % {"key": period.key}
        )
    return found


@register(KIND, "Báo cáo kết quả thi đua", sections=SECTIONS)
def build(ctx) -> Built:
    from parcomms.emulation.export import report_blocks
    from parcomms.emulation.results import period_result

    org, period = ctx.organisation, ctx.period
    result = period_result(_period(org, period))
    body = paragraphs(section_text(ctx, SECTIONS, "intro")) + report_blocks(result)
    rows = [[r.rank, r.name, str(r.total)] for r in result.units]
    figs = ctx.figures or {"units": rows}
    doc = document(
        ctx,
        title=f"Kết quả chấm điểm thi đua {period.label}",
        body=body,
        plan=plan_of(org, period.year),
    )
    return Built(doc, figs, [Sheet("Xếp hạng", ["Hạng", "Đơn vị", "Tổng điểm"], figs["units"])])
