"""A parsed plan written back as a Decree 30 document (pure Python, no Django).

The export reads back to the same `ParsedPlan` with `plans.parsing.parse_plan`: every section
keeps its label and wording, and the paragraphs keep their order.
"""

from parcomms.plans.parsed import ParsedPlan, Section, Signer
from parcomms.vn.nd30 import (
    Block,
    Bullet,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    short_issuer_name,
    write_docx,
)

BULLET_MARKS = ("-", "–", "+", "•")


def plan_to_document(plan: ParsedPlan) -> OfficialDocument:
    return OfficialDocument(
        type_name=plan.type or "Kế hoạch",
        title=plan.title,
        symbol=plan.symbol or "",
        parent_issuer=plan.parent_issuer,
        issuer=short_issuer_name(plan.issuer, plan.parent_issuer) if plan.issuer else None,
        number=plan.number,
        place=plan.place,
        date=plan.date,
        legal_basis=[plan.legal_basis_text] if plan.legal_basis_text else [],
        # Plans open with "Thực hiện …" in upright body text, not italic căn cứ lines.
        legal_basis_italic=False,
        body=[Paragraph(text) for text in plan.preamble] + sections_to_blocks(plan.sections),
        closing=list(plan.closing),
        recipients=list(plan.recipients),
        signature=_signature(plan.signer),
    )


def export_plan_docx(plan: ParsedPlan) -> bytes:
    return write_docx(plan_to_document(plan))


def sections_to_blocks(sections: list[Section]) -> list[Block]:
    """The section tree in reading order: each node, then its children."""
    blocks: list[Block] = []
    for section in sections:
        blocks.append(_section_block(section))
        blocks.extend(sections_to_blocks(section.children))
    return blocks


def _section_block(section: Section) -> Block:
    if section.label in BULLET_MARKS:
        return Bullet(section.title, mark=section.label)
    if not section.label:
        return Paragraph(section.title)
    return Heading(section.label, section.title, min(section.level, 3))


def _signature(signer: Signer | None) -> Signature | None:
    if signer is None:
        return None
    return Signature(
        title=signer.title,
        name=signer.name,
        prefix=signer.prefix,
        deputy_title=signer.deputy_title,
    )
