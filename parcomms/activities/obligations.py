"""Evaluating obligation rules for many units at once, with one provider call per kind of
record (not per unit, rule or period)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from parcomms.org.models import Unit

from . import rules
from .models import ObligationRule
from .providers import get_provider


@dataclass
class UnitObligation:
    unit: Unit
    rule: ObligationRule
    verdicts: list[rules.Verdict]

    def verdict_on(self, day: dt.date) -> rules.Verdict | None:
        for verdict in self.verdicts:
            if verdict.period.contains(day):
                return verdict
        return None


def rules_overlapping(organisation, first: dt.date, last: dt.date):
    return (
        ObligationRule.objects.filter(organisation=organisation, active_from__lte=last)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=first))
        .select_related("plan", "duty")
        .prefetch_related("units")
    )


def evaluate_obligations(
    organisation,
    *,
    first: dt.date,
    last: dt.date,
    today: dt.date | None = None,
    units=None,
    rule_list=None,
) -> list[UnitObligation]:
    """Every (unit, rule) pair that applies, with one verdict per period between `first`
    and `last`. Units default to the organisation's; rules to those active in the range."""
    today = today or timezone.localdate()
    units = list(units if units is not None else Unit.objects.filter(organisation=organisation))
    rule_list = list(
        rule_list if rule_list is not None else rules_overlapping(organisation, first, last)
    )
    unit_by_id = {u.pk: u for u in units}

    pairs: list[tuple[ObligationRule, rules.RuleSpec, list[int], list[rules.Period]]] = []
    wanted: dict[str, set[int]] = defaultdict(set)
    spans: dict[str, list[dt.date]] = defaultdict(list)
    for rule in rule_list:
        spec = rule.spec()
        periods = spec.periods(first, last)
        if not periods:
            continue
        scope = (
            list(unit_by_id)
            if rule.all_units
            else [u.pk for u in rule.units.all() if u.pk in unit_by_id]
        )
        if not scope:
            continue
        pairs.append((rule, spec, scope, periods))
        wanted[rule.counts].update(scope)
        spans[rule.counts] += [periods[0].start, periods[-1].end]

    records: dict[str, dict[int, list[rules.Record]] | None] = {}
    populations: dict[str, dict[int, int]] = {}
    for code, unit_ids in wanted.items():
        provider = get_provider(code)
        if provider is None:
            records[code] = None
            continue
        ids = sorted(unit_ids)
        records[code] = provider.records(
            organisation=organisation, unit_ids=ids, first=min(spans[code]), last=max(spans[code])
        )
        if provider.per_person:
            populations[code] = provider.population(organisation=organisation, unit_ids=ids)

    result = []
    for rule, spec, scope, periods in pairs:
        by_unit = records[rule.counts]
        for unit_id in scope:
            unit_records = None if by_unit is None else by_unit.get(unit_id, [])
            population = populations.get(rule.counts, {}).get(unit_id)
            verdicts = [
                rules.evaluate(spec, period, today, unit_records, population) for period in periods
            ]
            result.append(UnitObligation(unit_by_id[unit_id], rule, verdicts))
    result.sort(key=lambda o: (o.unit.sort_key, o.rule.title))
    return result
