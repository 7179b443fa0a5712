"""Indicator definitions, results, the reference history, the XLSX import, qualitative
assessments and the verdicts of a plan's targets (database)."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from parcomms.audit.models import AuditEntry
from parcomms.indicators import services
from parcomms.indicators.evaluate import Status
from parcomms.indicators.importing import COLUMNS, ResultFileError
from parcomms.indicators.models import Indicator, Result, TargetAssessment
from parcomms.plans.services import import_plan_file
from parcomms.plans.targets import INDICATORS

pytestmark = pytest.mark.django_db

PLAN = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)


@pytest.fixture
def plan(cast):
    return import_plan_file(
        PLAN.read_bytes(), PLAN.name, organisation=cast.org, acting_user=cast.officer
    )


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(COLUMNS.values()))
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_definitions_follow_the_plan_vocabulary():
    codes = list(Indicator.objects.values_list("code", flat=True))
    assert codes == list(INDICATORS)
    pci = Indicator.objects.get(code="PCI")
    assert pci.publisher.startswith("Liên đoàn Thương mại") and pci.rank_of == 63
    assert (pci.scale_min, pci.scale_max) == (Decimal(0), Decimal(100))
    assert "khá" in pci.tiers
    assert Indicator.objects.get(code="DDCI").scopes == ["departments", "localities"]
    assert Indicator.objects.get(code="DTI").scale_text == "0–1"
    services.sync_indicators()  # again: nothing doubles
    assert Indicator.objects.count() == len(INDICATORS)


def test_reference_history_loads_once_with_sources_and_marks(cast):
    call_command("load_indicator_history", organisation=cast.org.slug, user="chuyenvien")
    results = Result.objects.filter(organisation=cast.org)
    assert results.count() == 14
    assert sorted(set(results.values_list("year", flat=True))) == [2019, 2020, 2021, 2022]
    par = results.get(indicator__code="PAR_INDEX", year=2021)
    assert (par.score, par.rank, par.source_kind, par.is_derived) == (
        Decimal("86.55"),
        35,
        "D",
        True,
    )
    assert par.source_url.startswith("https://sonv.ninhthuan.gov.vn/")
    assert par.territory == "tỉnh Ninh Thuận"
    dti = results.get(indicator__code="DTI", year=2021)
    assert dti.score_derived and not dti.rank_derived
    assert not results.filter(indicator__code="DDCI").exists()
    assert AuditEntry.objects.filter(action="indicator.history.load").count() == 1
    call_command("load_indicator_history", organisation=cast.org.slug)
    assert results.count() == 14
    assert AuditEntry.objects.filter(action="indicator.history.load").count() == 1


def test_history_keeps_what_the_user_changed(cast):
    pci = Indicator.objects.get(code="PCI")
    services.save_result(
        organisation=cast.org, indicator=pci, year=2022, acting_user=cast.officer,
        score=Decimal("65.5"), rank=30,
    )  # fmt: skip
    services.load_reference_history(organisation=cast.org, acting_user=cast.officer)
    assert Result.objects.get(indicator=pci, year=2022).score == Decimal("65.5")


def test_import_writes_all_rows_or_none(cast):
    good = xlsx([["PAR_INDEX", 2023, "", "", "87,1", "27"], ["SIPAS", 2023, "", "", "90%", "15"]])
    bad = xlsx([["PAR_INDEX", 2023, "", "", "88", "25"], ["SIPAS", 2023, "", "", "190%", "15"]])
    before = AuditEntry.objects.count()
    outcome = services.import_results(
        bad, "x.xlsx", organisation=cast.org, acting_user=cast.officer
    )
    assert not outcome.ok and outcome.errors[0].row_number == 3
    assert Result.objects.count() == 0 and AuditEntry.objects.count() == before
    outcome = services.import_results(
        good, "x.xlsx", organisation=cast.org, acting_user=cast.officer
    )
    assert (outcome.created, outcome.updated) == (2, 0)
    par = Result.objects.get(indicator__code="PAR_INDEX", year=2023)
    assert (par.rank, par.rank_of, par.territory) == (27, 63, "tỉnh Ninh Thuận")
    again = services.import_results(good, "x.xlsx", organisation=cast.org, acting_user=cast.officer)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = xlsx([["PAR_INDEX", 2023, "", "", "87,1", "26"]])
    third = services.import_results(
        changed, "x.xlsx", organisation=cast.org, acting_user=cast.officer
    )
    assert third.updated == 1
    assert Result.objects.get(indicator__code="PAR_INDEX", year=2023).rank == 26
    with pytest.raises(ResultFileError):
        services.import_results(
            b"not a file", "x.csv", organisation=cast.org, acting_user=cast.officer
        )
    # Another organisation's results are its own.
    assert not Result.objects.filter(organisation=cast.other_org).exists()


def test_plan_verdicts_in_a_fixed_number_of_queries(cast, plan, django_assert_num_queries):
    services.load_reference_history(organisation=cast.org, acting_user=cast.officer)
    with django_assert_num_queries(4):
        verdicts = services.plan_verdicts(plan, year=2022)
    by = {(v.target.indicator, v.target.kind, v.target.scope): v for v in verdicts}
    assert by["SIPAS", "percent", ""].verdict.sentence == (
        "SIPAS 2022: 81,83%, mục tiêu ≥ 89,64% — không đạt"
    )
    assert by["PAR_INDEX", "rank", ""].status is Status.ACHIEVED
    assert by["PAR_INDEX", "rank_change", ""].status is Status.ACHIEVED
    assert by["PCI", "group", ""].status is Status.NO_DATA  # no published 2022 group
    # For the plan's own year there is no data yet, and the latest year is shown beside it.
    current = {(v.target.indicator, v.target.kind): v for v in services.plan_verdicts(plan)}
    par = current["PAR_INDEX", "rank"]
    assert par.status is Status.NO_DATA and par.latest.year == 2022
    assert current["BUDGET_REVENUE", "qualitative"].latest is None


def test_qualitative_assessment_survives_a_new_import_of_the_plan(cast, plan):
    target = plan.targets.get(kind="qualitative")
    services.assess_target(
        target, year=2023, achieved=True, note="Thu 3.100 tỷ đồng", acting_user=cast.officer
    )
    plan = import_plan_file(
        PLAN.read_bytes(), PLAN.name, organisation=cast.org, acting_user=cast.officer
    )
    verdict = next(v for v in services.plan_verdicts(plan) if v.target.kind == "qualitative")
    assert verdict.status is Status.ACHIEVED
    assert verdict.verdict.sentence.endswith("— đạt (Thu 3.100 tỷ đồng)")
    services.assess_target(
        plan.targets.get(kind="qualitative"), year=2023, achieved=False, acting_user=cast.officer
    )
    assert TargetAssessment.objects.count() == 1
    assert AuditEntry.objects.filter(action="indicator.target.assess").count() == 2


def test_default_territory(cast):
    assert services.default_territory(cast.org) == "tỉnh Ninh Thuận"
    assert services.default_territory(cast.other_org) == cast.other_org.name
