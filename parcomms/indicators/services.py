"""State changes and evaluation of the indicators app.

Every change is one atomic function with a keyword-only `acting_user` and an audit row.
`plan_verdicts` reads a plan's targets and the organisation's results in a fixed number of
queries and hands them to the pure evaluator.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from parcomms.audit.log import record
from parcomms.plans import parsed
from parcomms.plans.models import Plan
from parcomms.plans.models import Target as TargetRow

from . import catalogue, computed, history
from .evaluate import Assessment, Status, Verdict, evaluate_scoped
from .importing import ResultRow, RowError, read_results
from .models import Indicator, Result, TargetAssessment

RESULT_FIELDS = (
    "territory",
    "score",
    "rank",
    "rank_of",
    "tier",
    "score_derived",
    "rank_derived",
    "source_url",
    "source_kind",
    "note",
)


def sync_indicators(**_kwargs) -> None:
    """Keep the Indicator table in step with the code registry (runs after every migrate)."""
    for d in catalogue.definitions():
        Indicator.objects.update_or_create(
            code=d.code,
            defaults={
                "name": d.name,
                "label": d.label,
                "publisher": d.publisher,
                "scale_min": d.scale_min,
                "scale_max": d.scale_max,
                "unit": d.unit,
                "higher_is_better": d.higher_is_better,
                "rank_of": d.rank_of,
                "tiers": list(d.tiers),
                "scopes": list(d.scopes),
                "published": d.published,
                "order": d.order,
            },
        )


def definitions_by_code() -> dict[str, catalogue.Definition]:
    return {
        i.code: catalogue.Definition(
            code=i.code,
            name=i.name,
            label=i.label,
            publisher=i.publisher,
            scale_min=i.scale_min,
            scale_max=i.scale_max,
            unit=i.unit,
            higher_is_better=i.higher_is_better,
            rank_of=i.rank_of,
            tiers=tuple(i.tiers),
            scopes=tuple(i.scopes),
            published=i.published,
            order=i.order,
        )
        for i in Indicator.objects.all()
    }


def default_territory(organisation) -> str:
    """ "tỉnh Ninh Thuận" from "Ủy ban nhân dân tỉnh Ninh Thuận" (or the organisation's place)."""
    authority = (organisation.parent_authority or "").strip()
    for prefix in ("Ủy ban nhân dân ", "UBND ", "Uỷ ban nhân dân "):
        if authority.startswith(prefix):
            return authority[len(prefix) :]
    if organisation.place:
        return f"tỉnh {organisation.place}"
    return organisation.name


# --- Results -----------------------------------------------------------------------------------


@transaction.atomic
def save_result(*, organisation, indicator: Indicator, year: int, scope: str = "", acting_user,
                replacing: Result | None = None, **values) -> tuple[Result, bool]:  # fmt: skip
    """Create or update the result of `indicator` for `year` (and scope). `replacing`: the
    result being edited, removed when the edit moves it to another indicator, year or scope."""
    if replacing is not None and (replacing.indicator_id, replacing.year, replacing.scope) != (
        indicator.pk,
        year,
        scope or "",
    ):
        delete_result(replacing, acting_user=acting_user)
    values = {k: v for k, v in values.items() if k in RESULT_FIELDS}
    if not values.get("territory"):
        values["territory"] = default_territory(organisation)
    if values.get("source_kind") == "D" and not (
        values.get("score_derived") or values.get("rank_derived")
    ):
        values["score_derived"] = values.get("score") is not None
        values["rank_derived"] = values.get("rank") is not None
    if values.get("rank") is not None and not values.get("rank_of"):
        values["rank_of"] = indicator.rank_of
    result, created = Result.objects.update_or_create(
        organisation=organisation,
        indicator=indicator,
        year=year,
        scope=scope or "",
        defaults={**values, "updated_by": acting_user},
    )
    record(
        "indicator.result.save",
        actor=acting_user,
        obj=result,
        organisation=organisation,
        created=created,
        indicator=indicator.code,
        year=year,
        scope=scope or "",
    )
    return result, created


@transaction.atomic
def delete_result(result: Result, *, acting_user) -> None:
    record(
        "indicator.result.delete",
        actor=acting_user,
        obj=result,
        organisation=result.organisation,
        indicator=result.indicator.code,
        year=result.year,
    )
    result.delete()


@dataclass
class ResultImport:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def row_values(row: ResultRow, organisation) -> dict:
    return {
        "territory": row.territory or default_territory(organisation),
        "score": row.score,
        "rank": row.rank,
        "rank_of": row.rank_of,
        "tier": row.tier,
        "score_derived": row.score_derived,
        "rank_derived": row.rank_derived,
        "source_url": row.source_url,
        "source_kind": row.source_kind,
        "note": row.note,
    }


@transaction.atomic
def import_results(data: bytes, filename: str, *, organisation, acting_user) -> ResultImport:
    """Check the whole file, then write every row or none. Raises ResultFileError for a file
    that cannot be read at all."""
    result_file = read_results(data, filename, definitions_by_code())
    if result_file.errors:
        return ResultImport(errors=result_file.errors)
    indicators = {i.code: i for i in Indicator.objects.all()}
    existing = {
        (r.indicator.code, r.year, r.scope): r
        for r in Result.objects.filter(organisation=organisation).select_related("indicator")
    }
    outcome = ResultImport()
    for row in result_file.rows:
        values = row_values(row, organisation)
        current = existing.get(row.key)
        if current is None:
            Result.objects.create(
                organisation=organisation,
                indicator=indicators[row.indicator],
                year=row.year,
                scope=row.scope,
                updated_by=acting_user,
                **values,
            )
            outcome.created += 1
        elif any(_differs(getattr(current, k), v) for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.updated_by = acting_user
            current.save()
            outcome.updated += 1
        else:
            outcome.unchanged += 1
    record(
        "indicator.result.import",
        actor=acting_user,
        organisation=organisation,
        filename=filename,
        created=outcome.created,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
    )
    return outcome


def _differs(current, new) -> bool:
    if current is None or new is None:
        return current is not new
    try:
        return current != new and float(current) != float(new)
    except (TypeError, ValueError):
        return current != new


def reference_rows(territory: str = history.TERRITORY) -> list[ResultRow]:
    return [
        ResultRow(
            row_number=0,
            indicator=h.indicator,
            year=h.year,
            territory=territory,
            score=h.score,
            rank=h.rank,
            rank_of=h.rank_of if h.rank is not None else None,
            tier=h.tier,
            score_derived=h.score_derived,
            rank_derived=h.rank_derived,
            source_kind=h.source_kind,
            source_url=h.source_url,
            note=h.note,
        )
        for h in history.NINH_THUAN_2019_2022
    ]


@transaction.atomic
def load_reference_history(*, organisation, acting_user) -> ResultImport:
    """The published Ninh Thuận results 2019–2022 (`history.py`); results already there are
    left as the user keeps them, so running it again changes nothing."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    existing = set(
        Result.objects.filter(organisation=organisation).values_list(
            "indicator__code", "year", "scope"
        )
    )
    outcome = ResultImport()
    new = []
    for row in reference_rows():
        if row.key in existing:
            outcome.unchanged += 1
            continue
        new.append(
            Result(
                organisation=organisation,
                indicator=indicators[row.indicator],
                year=row.year,
                scope=row.scope,
                updated_by=acting_user,
                **row_values(row, organisation),
            )
        )
    Result.objects.bulk_create(new)
    outcome.created = len(new)
    if new:
        record(
            "indicator.history.load",
            actor=acting_user,
            organisation=organisation,
            created=outcome.created,
        )
    return outcome


# --- Qualitative targets -------------------------------------------------------------------------


@transaction.atomic
def assess_target(
    target: TargetRow, *, year: int, achieved: bool, note: str = "", acting_user
) -> TargetAssessment:
    assessment, created = TargetAssessment.objects.update_or_create(
        plan=target.plan,
        indicator=target.indicator,
        kind=target.kind,
        scope=target.scope,
        year=year,
        defaults={"achieved": achieved, "note": note.strip(), "assessed_by": acting_user},
    )
    record(
        "indicator.target.assess",
        actor=acting_user,
        obj=assessment,
        organisation=target.plan.organisation,
        indicator=target.indicator,
        year=year,
        achieved=achieved,
        created=created,
    )
    return assessment


# --- Evaluation --------------------------------------------------------------------------------


def as_parsed_target(row: TargetRow) -> parsed.Target:
    # As the parser gives it (a float), not as the column stores it ("68.9000").
    value = float(row.value_number) if row.value_number is not None else (row.value_text or None)
    return parsed.Target(
        indicator=row.indicator,
        kind=row.kind,
        comparison=row.comparison,
        value=value,
        unit=row.unit or None,
        text=row.text,
        scope=row.scope or None,
        rank_of=row.rank_of,
    )


@dataclass
class TargetVerdict:
    target: TargetRow
    indicator: Indicator | None
    verdict: Verdict  # for the plan's year
    latest: Verdict | None  # for the latest year with data, when the plan's year has none
    description: str

    @property
    def status(self) -> Status:
        return self.verdict.status


def results_by_indicator(organisation) -> dict[str, dict[str, dict[int, Result]]]:
    """code -> scope -> year -> Result, in one query."""
    out: dict[str, dict[str, dict[int, Result]]] = defaultdict(lambda: defaultdict(dict))
    for r in Result.objects.filter(organisation=organisation).select_related("indicator"):
        out[r.indicator.code][r.scope][r.year] = r
    return out


def plan_year(plan: Plan) -> int:
    return plan.year or timezone.localdate().year


def plan_verdicts(
    plan: Plan,
    *,
    year: int | None = None,
    baseline_year: int | None = None,
    results: dict | None = None,
    indicators: dict | None = None,
) -> list[TargetVerdict]:
    """Every target of `plan` judged for `year` (the plan's year by default); when that year
    has no data yet, also judged on the latest year that has some. Four queries."""
    from parcomms.plans.targets import describe_target

    year = year or plan_year(plan)
    indicators = (
        indicators if indicators is not None else {i.code: i for i in Indicator.objects.all()}
    )
    results = results if results is not None else results_by_indicator(plan.organisation)
    assessments = {
        (a.indicator, a.kind, a.scope, a.year): a
        for a in TargetAssessment.objects.filter(plan=plan)
    }
    out = []
    for row in plan.targets.all():
        target = as_parsed_target(row)
        indicator = indicators.get(row.indicator)
        info = indicator.info() if indicator else None
        per_scope = results.get(row.indicator, {})
        histories = {
            scope: {y: r.observation() for y, r in years.items()}
            for scope, years in per_scope.items()
        }

        def judge(y: int, target=target, row=row, info=info, histories=histories):
            a = assessments.get((row.indicator, row.kind, row.scope, y))
            return evaluate_scoped(
                target,
                year=y,
                histories=histories,
                indicator=info,
                assessment=Assessment(a.achieved, a.note) if a else None,
                baseline_year=baseline_year,
            )

        verdict = judge(year)
        latest = None
        if verdict.status is Status.NO_DATA and row.kind != "qualitative":
            years = sorted(
                {y for scope in histories.values() for y in scope if y < year}, reverse=True
            )
            for y in years:
                candidate = judge(y)
                if candidate.status is not Status.NO_DATA:
                    latest = candidate
                    break
        out.append(TargetVerdict(row, indicator, verdict, latest, describe_target(target)))
    return out


# --- Self-tracked indicators -------------------------------------------------------------------


def unit_meetings_of(organisation, year: int, *, today=None) -> computed.UnitMeetings:
    """The year's UNIT_MEETINGS figures from the organisation's recorded sessions."""
    from parcomms.activities.providers import get_provider
    from parcomms.org.models import Unit

    today = today or timezone.localdate()
    units = {
        u.pk: u.name
        for u in Unit.objects.filter(organisation=organisation, staff__is_active=True)
        .distinct()
        .order_by("sort_key")
    }
    first, last = dt.date(year, 1, 1), min(today, dt.date(year, 12, 31))
    records = (
        get_provider("session").records(
            organisation=organisation, unit_ids=list(units), first=first, last=last
        )
        if units and first <= last
        else {}
    )
    days = {unit_id: [r.day for r in rows] for unit_id, rows in records.items()}
    return computed.unit_meetings(units, days, year, today=today)


@transaction.atomic
def record_unit_meetings(organisation, year: int, *, acting_user, today=None) -> Result:
    """Compute UNIT_MEETINGS for `year` from the recorded sessions and store it as the year's
    result (replacing the previous computation). Raises `computed.ComputeError`."""
    if not 2000 <= int(year) <= 2100:
        raise computed.ComputeError("Năm phải trong khoảng 2000–2100.")
    figures = unit_meetings_of(organisation, int(year), today=today)
    result, _ = save_result(
        organisation=organisation,
        indicator=Indicator.objects.get(code=computed.UNIT_MEETINGS),
        year=int(year),
        acting_user=acting_user,
        territory=organisation.name,
        score=figures.percent,
        source_kind=Result.SourceKind.PRIMARY,
        note=figures.note(),
    )
    return result


def refresh_computed(today: dt.date | None = None) -> int:
    """Recompute this year's self-tracked indicators for every organisation (the daily round
    calls it, so the dashboard follows the recorded sessions without anyone pressing a button).
    In January last year's are recomputed too: December's sessions are often recorded late.
    Returns how many results were stored; an organisation without units is skipped."""
    from parcomms.org.models import Organisation

    today = today or timezone.localdate()
    years = [today.year - 1, today.year] if today.month == 1 else [today.year]
    stored = 0
    for organisation in Organisation.objects.order_by("pk"):
        for year in years:
            try:
                record_unit_meetings(organisation, year, acting_user=None, today=today)
            except computed.ComputeError:
                continue
            stored += 1
    return stored
