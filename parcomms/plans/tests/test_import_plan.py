"""Importing a plan into the database: the CLI and the service, good and bad files."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from parcomms.audit.models import AuditEntry
from parcomms.legal.models import LegalDocument
from parcomms.plans import models
from parcomms.plans.services import import_plan_file

PLAN = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)


def run_json(*args) -> dict:
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_dry_run_json_gives_the_done_when_facts():
    data = run_json(str(PLAN), "--dry-run", "--format", "json")
    assert len(data["citations"]) == 20
    assert len({c["key"] for c in data["citations"]}) == 20
    assert [t["label"] for t in data["topics"]] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert all(t["items"] for t in data["topics"])
    assert sorted(c["kind"] for c in data["channels"]) == ["bulletin", "meeting", "portal", "zalo"]
    assert len(data["duties"]) == 4
    assert {d["who"] for d in data["duties"]} == {"Trưởng các phòng, ban, đơn vị"}
    assert data["signer"] == {"title": "CHÁNH VĂN PHÒNG", "name": "Hồ Sĩ Sơn", "prefix": None}
    indicators = {t["indicator"] for t in data["targets"]}
    assert indicators == {
        "PAR_INDEX", "PAPI", "PCI", "SIPAS", "BUDGET_REVENUE", "DTI",
        "DIGITAL_GOV_SATISFACTION", "DDCI", "TTHC_SIMPLIFIED",
    }  # fmt: skip
    par = [(t["kind"], t["value"]) for t in data["targets"] if t["indicator"] == "PAR_INDEX"]
    assert par == [("rank_change", 5), ("rank", 30)]
    assert len(data["warnings"]) == 1 and '"d)' in data["warnings"][0]
    assert data["number"] == {"number": None, "symbol": "KH-VPUB"}
    assert data["date"] == {"day": None, "month": 2, "year": 2023, "place": "Ninh Thuận"}
    # --dry-run wrote nothing.
    assert not models.Plan.objects.exists() and not LegalDocument.objects.exists()


@pytest.mark.django_db
def test_import_into_organisation_and_again_updates(cast):
    call_command(
        "import_plan",
        str(PLAN),
        "--organisation",
        "vpub",
        "--user",
        "chuyenvien",
        stdout=io.StringIO(),
    )
    plan = models.Plan.objects.get()
    counts = (
        LegalDocument.objects.count(),
        plan.topics.count(),
        plan.targets.count(),
        plan.channels.count(),
        plan.duties.count(),
        plan.sections.count(),
    )
    assert counts[:5] == (20, 7, 15, 4, 4)
    party = LegalDocument.objects.get(key="05-NQ/TU")
    assert party.system == "party" and party.issued_on.isoformat() == "2021-09-28"
    assert plan.plan_documents.filter(role="basis").count() == 3
    call_command("import_plan", str(PLAN), "--organisation", "vpub", stdout=io.StringIO())
    assert models.Plan.objects.count() == 1
    plan = models.Plan.objects.get()
    assert (
        LegalDocument.objects.count(),
        plan.topics.count(),
        plan.targets.count(),
        plan.channels.count(),
        plan.duties.count(),
        plan.sections.count(),
    ) == counts
    entries = AuditEntry.objects.filter(action="plan.import")
    assert entries.count() == 2 and entries.last().actor == cast.officer


@pytest.mark.django_db
def test_same_document_shared_between_organisations(cast):
    import_plan_file(PLAN.read_bytes(), PLAN.name, organisation=cast.org, acting_user=cast.officer)
    import_plan_file(
        PLAN.read_bytes(),
        PLAN.name,
        organisation=cast.other_org,
        acting_user=cast.other_org_officer,
    )
    assert models.Plan.objects.count() == 2
    assert LegalDocument.objects.count() == 20
    assert LegalDocument.objects.get(key="76/NQ-CP").plans.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content,name",
    [
        (b"", "empty.txt"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "photo.png"),
        (b"PK\x03\x04 not really a zip", "broken.docx"),
        ("Xin chào, đây không phải là kế hoạch.".encode(), "note.txt"),
    ],
)
def test_bad_files_change_nothing(cast, tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    before = (
        models.Plan.objects.count(),
        LegalDocument.objects.count(),
        AuditEntry.objects.count(),
    )
    with pytest.raises(CommandError) as exc:
        call_command("import_plan", str(path), "--organisation", "vpub", stdout=io.StringIO())
    assert str(exc.value)  # a Vietnamese message from PlanFileError
    assert (
        models.Plan.objects.count(),
        LegalDocument.objects.count(),
        AuditEntry.objects.count(),
    ) == before


@pytest.mark.django_db
def test_failure_mid_import_rolls_back(cast, monkeypatch):
    from parcomms.plans import services

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.models.Target.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        import_plan_file(
            PLAN.read_bytes(), PLAN.name, organisation=cast.org, acting_user=cast.officer
        )
    assert not models.Plan.objects.exists()
    assert not LegalDocument.objects.exists()


@pytest.mark.django_db
def test_command_errors_are_clear(cast, tmp_path):
    with pytest.raises(CommandError, match="--organisation"):
        call_command("import_plan", str(PLAN), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command("import_plan", str(PLAN), "--organisation", "nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_plan", str(tmp_path / "missing.txt"), "--dry-run")


@pytest.mark.django_db
def test_reimport_keeps_topic_and_duty_rows(cast):
    """Articles, questions and obligation rules point at topics and duties."""
    import_plan_file(PLAN.read_bytes(), PLAN.name, organisation=cast.org, acting_user=cast.officer)
    plan = models.Plan.objects.get()
    topic_ids = list(plan.topics.values_list("pk", flat=True))
    duty_ids = list(plan.duties.values_list("pk", flat=True))
    changed = PLAN.read_bytes().replace(
        "e) Tuyên truyền cải cách tài chính công".encode(),
        "e) Tuyên truyền cải cách tài chính".encode(),
    )
    import_plan_file(changed, PLAN.name, organisation=cast.org, acting_user=cast.officer)
    assert list(plan.topics.values_list("pk", flat=True)) == topic_ids
    assert list(plan.duties.values_list("pk", flat=True)) == duty_ids
    assert plan.topics.get(label="e").title == "Tuyên truyền cải cách tài chính"
