"""What every report shares: the header from the organisation and its plan of the year,
paragraphs from the officer's text, recipients and signature."""

from parcomms.plans.models import Plan
from parcomms.vn import nd30
from parcomms.vn.dates import VnDate

DEFAULT_RECIPIENTS = ["Như trên;", "Lưu: VT."]


def plan_of(organisation, year: int) -> Plan | None:
    return (
        Plan.objects.filter(organisation=organisation, year=year).order_by("-pk").first()
        or Plan.objects.filter(organisation=organisation).order_by("-year", "-pk").first()
    )


def paragraphs(text: str) -> list:
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line[:1] in "-+•":
            out.append(nd30.Bullet(line[1:].strip()))
        else:
            out.append(nd30.Paragraph(line))
    return out


def section_text(ctx, builder_sections: dict, code: str) -> str:
    value = ctx.sections.get(code)
    return value if value is not None else builder_sections[code][1]


def document(ctx, *, title: str, body: list, plan: Plan | None) -> nd30.OfficialDocument:
    org = ctx.organisation
    parent = (plan.parent_issuer if plan else "") or org.parent_authority or None
    issuer = (plan.issuer if plan else "") or org.name
    signature = None
    if plan and plan.signer_name:
        signature = nd30.Signature(
            title=plan.signer_title or "THỦ TRƯỞNG CƠ QUAN",
            name=plan.signer_name,
            prefix=plan.signer_prefix or None,
        )
    return nd30.OfficialDocument(
        type_name="Báo cáo",
        title=title,
        symbol=f"BC-{org.symbol}" if org.symbol else "BC",
        parent_issuer=parent,
        issuer=nd30.short_issuer_name(issuer, parent) if parent else issuer,
        number=ctx.number or None,
        place=org.place or (plan.place if plan else None) or None,
        date=VnDate.from_date(ctx.date) if ctx.date else VnDate(None, None, ctx.period.end.year),
        body=body,
        recipients=list(plan.recipients) if plan and plan.recipients else DEFAULT_RECIPIENTS,
        signature=signature,
    )


def table(header, rows, *, caption=None, widths=None, align=None) -> nd30.Table:
    return nd30.Table(
        header=header,
        rows=[[str(c) for c in r] for r in rows],
        widths_cm=widths,
        align=align,
        caption=caption,
    )
