"""Importing a plan: parse, let the officer correct, write everything in one transaction."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction

from parcomms.audit.log import record
from parcomms.legal.models import LegalDocument
from parcomms.vn.citations import Citation

from . import models
from .parsed import ParsedPlan, Section
from .parsing import parse_plan
from .sources import read_lines


def upsert_document(citation: Citation) -> LegalDocument:
    """One registry row per real document; a later citation fills fields an earlier one lacked."""
    doc, created = LegalDocument.objects.get_or_create(
        key=citation.key,
        defaults={
            "type_name": citation.type,
            "number": citation.number or "",
            "year": citation.year,
            "symbol": citation.symbol,
            "issued_on": citation.date.to_date() if citation.date else None,
            "issuer": citation.issuer or "",
            "subject": citation.subject or "",
            "system": citation.system,
        },
    )
    if not created:
        changed = False
        for field, value in [
            ("issued_on", citation.date.to_date() if citation.date else None),
            ("issuer", citation.issuer or ""),
            ("subject", citation.subject or ""),
        ]:
            if value and not getattr(doc, field):
                setattr(doc, field, value)
                changed = True
        if changed:
            doc.save()
    return doc


def _decimal(value) -> Decimal | None:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    return None


def _save_sections(plan, sections: list[Section], parent=None, counter=None):
    counter = counter if counter is not None else [0]
    for section in sections:
        counter[0] += 1
        row = models.Section.objects.create(
            plan=plan,
            parent=parent,
            label=section.label,
            title=section.title,
            level=section.level,
            order=counter[0],
        )
        _save_sections(plan, section.children, row, counter)


def _sync_rows(related, key: str, rows: list[dict]) -> None:
    """Update rows matched by `key` in place, create new ones, delete the rest."""
    existing = {getattr(obj, key): obj for obj in related.all()}
    keep = []
    for order, values in enumerate(rows):
        values = {**values, "order": order}
        obj = existing.get(values[key])
        if obj is None:
            obj = related.create(**values)
        else:
            for field, value in values.items():
                setattr(obj, field, value)
            obj.save()
        keep.append(obj.pk)
    related.exclude(pk__in=keep).delete()


@transaction.atomic
def save_parsed_plan(
    parsed: ParsedPlan, *, organisation, acting_user, source_text="", source_filename=""
) -> models.Plan:
    """Create the plan, or replace the content of the same plan imported before."""
    date = parsed.date
    plan, created = models.Plan.objects.update_or_create(
        organisation=organisation,
        symbol=parsed.symbol or "",
        title=parsed.title,
        defaults={
            "type_name": parsed.type,
            "number": parsed.number or "",
            "place": parsed.place or "",
            "day": date.day if date else None,
            "month": date.month if date else None,
            "year": date.year if date else None,
            "issuer": parsed.issuer or "",
            "parent_issuer": parsed.parent_issuer or "",
            "legal_basis_text": parsed.legal_basis_text,
            "objectives": parsed.objectives,
            "requirements": parsed.requirements,
            "audiences": parsed.audiences,
            "funding": parsed.funding,
            "recipients": parsed.recipients,
            "signer_prefix": (parsed.signer.prefix or "") if parsed.signer else "",
            "signer_title": parsed.signer.title if parsed.signer else "",
            "signer_name": parsed.signer.name if parsed.signer else "",
            "warnings": parsed.warnings,
            "parsed": parsed.to_json(),
            "source_text": source_text,
            "source_filename": source_filename,
            "imported_by": acting_user,
        },
    )
    for related in (plan.sections, plan.channels, plan.targets):
        related.all().delete()
    plan.plan_documents.all().delete()

    _save_sections(plan, parsed.sections)
    basis_keys = {c.key for c in parsed.legal_bases}
    models.PlanDocument.objects.bulk_create(
        models.PlanDocument(
            plan=plan,
            document=upsert_document(c),
            role=models.PlanDocument.Role.BASIS
            if c.key in basis_keys
            else models.PlanDocument.Role.CITED,
            order=i,
        )
        for i, c in enumerate(parsed.citations)
    )
    # Topics and duties are kept in place: articles, questions, activities and obligation
    # rules point at them, and re-importing a corrected plan must not cut those links.
    _sync_rows(
        plan.topics,
        "label",
        [{"label": t.label, "title": t.title, "items": t.items} for t in parsed.topics],
    )
    _sync_rows(plan.duties, "order", [{"who": d.who, "text": d.text} for d in parsed.duties])
    models.Channel.objects.bulk_create(
        models.Channel(plan=plan, kind=c.kind, text=c.text, order=i)
        for i, c in enumerate(parsed.channels)
    )
    models.Target.objects.bulk_create(
        models.Target(
            plan=plan,
            indicator=t.indicator,
            kind=t.kind,
            comparison=t.comparison,
            value_number=_decimal(t.value),
            value_text="" if _decimal(t.value) is not None else str(t.value or ""),
            unit=t.unit or "",
            rank_of=t.rank_of,
            scope=t.scope or "",
            text=t.text,
            order=i,
        )
        for i, t in enumerate(parsed.targets)
    )
    record(
        "plan.import",
        actor=acting_user,
        obj=plan,
        organisation=organisation,
        created=created,
        filename=source_filename,
        citations=len(parsed.citations),
        targets=len(parsed.targets),
        warnings=len(parsed.warnings),
    )
    return plan


def import_plan_file(data: bytes, filename: str, *, organisation, acting_user) -> models.Plan:
    """Parse and save in one go (CLI, demo data). Raises PlanFileError for a bad file."""
    parsed = parse_plan(data, filename)
    return save_parsed_plan(
        parsed,
        organisation=organisation,
        acting_user=acting_user,
        source_text=parsed_source_text(data, filename),
        source_filename=filename,
    )


def parsed_source_text(data: bytes, filename: str) -> str:
    """The text the parser read (one logical line per paragraph), kept with the plan."""
    lines, _format = read_lines(data)
    return "\n".join(line.text for line in lines)


# --- Drafts -----------------------------------------------------------------------------------


@transaction.atomic
def correct_draft(draft: models.PlanDraft, corrected: dict, *, acting_user) -> models.PlanDraft:
    """Keep the officer's corrections (a `to_full_json()` dict) in the draft.

    Raises PlanDraft.DoesNotExist when another request confirmed or discarded it first.
    """
    locked = models.PlanDraft.objects.select_for_update().get(pk=draft.pk)
    locked.parsed = corrected
    locked.save(update_fields=["parsed"])
    draft.parsed = corrected
    record(
        "plan.draft_correct",
        actor=acting_user,
        obj=locked,
        organisation=locked.organisation,
        filename=locked.filename,
        citations=len(corrected.get("citations", [])),
    )
    return locked


def plan_draft_max_age() -> dt.timedelta:
    """Drafts nobody confirmed or discarded (each holds its uploaded file) live this long."""
    return dt.timedelta(days=settings.PLAN_DRAFT_MAX_AGE_DAYS)


@transaction.atomic
def delete_stale_drafts(now: dt.datetime, *, max_age: dt.timedelta | None = None, acting_user=None):
    """Delete the drafts uploaded more than `max_age` (default: the setting) before `now`;
    returns how many. One audit row per organisation that lost drafts."""
    cutoff = now - (max_age if max_age is not None else plan_draft_max_age())
    stale = models.PlanDraft.objects.filter(created__lt=cutoff)
    per_organisation: dict = {}
    for draft in stale.select_related("organisation").only("filename", "organisation"):
        per_organisation.setdefault(draft.organisation, []).append(draft.filename)
    _total, deleted = stale.delete()
    count = deleted.get(models.PlanDraft._meta.label, 0)
    for organisation, filenames in per_organisation.items():
        record(
            "plan.draft_cleanup",
            actor=acting_user,
            organisation=organisation,
            count=len(filenames),
            filenames=filenames,
            before=cutoff.isoformat(),
        )
    return count
