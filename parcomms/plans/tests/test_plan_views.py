"""Plan import (upload, preview, corrections, confirm, discard), plan list and plan page:
access per view and the import's behaviour end to end."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcomms.audit.models import AuditEntry
from parcomms.legal.models import LegalDocument
from parcomms.org.testing import PASSWORD, is_refused
from parcomms.plans.export import export_plan_docx
from parcomms.plans.models import Plan, PlanDraft
from parcomms.plans.parsed import ParsedPlan, to_full_json
from parcomms.plans.parsing import parse_plan
from parcomms.plans.services import save_parsed_plan

pytestmark = pytest.mark.django_db

REFERENCE = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)
TITLE = "Tuyên truyền cải cách hành chính năm 2023"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def login(client, user):
    client.force_login(user)
    return client


def upload(client, data: bytes | None = None, name: str = "ke-hoach-2023.txt"):
    content = REFERENCE.read_bytes() if data is None else data
    return client.post(reverse("plans:import"), {"file": SimpleUploadedFile(name, content)})


def browser_post_data(correction) -> dict:
    """What the browser submits for the correction form as rendered (nothing changed)."""
    data = {}
    forms = [correction.header]
    for formset in correction.formsets.values():
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = value
    return data


def counts():
    return (
        Plan.objects.count(),
        LegalDocument.objects.count(),
        PlanDraft.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def draft(client, cast) -> PlanDraft:
    response = upload(login(client, cast.officer))
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return PlanDraft.objects.get()


@pytest.fixture
def plan(cast) -> Plan:
    parsed = parse_plan(REFERENCE.read_bytes(), REFERENCE.name)
    return save_parsed_plan(
        parsed, organisation=cast.org, acting_user=cast.officer, source_filename=REFERENCE.name
    )


# --- Access ----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, draft, plan):
    for method, name, args in [
        ("get", "plans:list", []),
        ("get", "plans:detail", [plan.pk]),
        ("get", "plans:import", []),
        ("post", "plans:import", []),
        ("get", "plans:draft", [draft.pk]),
        ("post", "plans:draft", [draft.pk]),
        ("post", "plans:draft_save", [draft.pk]),
        ("post", "plans:draft_discard", [draft.pk]),
    ]:
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 302, name
        assert "/login/" in response["Location"], name
    assert PlanDraft.objects.filter(pk=draft.pk).exists()


def test_every_role_of_the_organisation_reads_plans(client, cast, plan):
    for user in (cast.staff, cast.head, cast.editor, cast.leader, cast.officer, cast.admin):
        login(client, user)
        listed = [p.pk for p in client.get(reverse("plans:list")).context["plans"]]
        assert listed == [plan.pk], user.username
        assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200


def test_superuser_reads_every_plan(client, cast, plan):
    login(client, cast.superuser)
    assert [p.pk for p in client.get(reverse("plans:list")).context["plans"]] == [plan.pk]
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200


def test_other_organisation_gets_404_and_an_empty_list(client, cast, plan, draft):
    for user in (cast.other_org_officer, cast.other_org_staff):
        login(client, user)
        assert list(client.get(reverse("plans:list")).context["plans"]) == []
        assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    login(client, cast.other_org_officer)
    before = counts()
    assert client.get(reverse("plans:draft", args=[draft.pk])).status_code == 404
    assert client.post(reverse("plans:draft", args=[draft.pk])).status_code == 404
    assert client.post(reverse("plans:draft_save", args=[draft.pk])).status_code == 404
    assert client.post(reverse("plans:draft_discard", args=[draft.pk])).status_code == 404
    assert counts() == before


def test_user_without_a_role_is_refused(client, cast, plan):
    nobody = get_user_model().objects.create_user("khach", password=PASSWORD)
    login(client, nobody)
    for name, args in [("plans:list", []), ("plans:detail", [plan.pk])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/login/" in response["Location"], name


def test_import_only_for_reform_officers_and_admins(client, cast, draft):
    for user in (cast.officer, cast.admin):
        assert login(client, user).get(reverse("plans:import")).status_code == 200
        assert client.get(reverse("plans:draft", args=[draft.pk])).status_code == 200
    before = counts()
    for user in (cast.head, cast.leader, cast.editor, cast.staff):
        login(client, user)
        assert is_refused(client.get(reverse("plans:import"))), user.username
        assert is_refused(upload(client)), user.username
        assert is_refused(client.get(reverse("plans:draft", args=[draft.pk])))
        assert is_refused(client.post(reverse("plans:draft", args=[draft.pk])))
        assert is_refused(client.post(reverse("plans:draft_save", args=[draft.pk])))
        assert is_refused(client.post(reverse("plans:draft_discard", args=[draft.pk])))
    assert counts() == before


def test_superuser_without_staff_record_cannot_import(client, cast, draft):
    login(client, cast.superuser)
    assert is_refused(client.get(reverse("plans:import")))
    assert is_refused(client.get(reverse("plans:draft", args=[draft.pk])))


@pytest.mark.parametrize(
    "method,name,needs",
    [
        ("post", "plans:list", None),
        ("put", "plans:list", None),
        ("post", "plans:detail", "plan"),
        ("delete", "plans:detail", "plan"),
        ("put", "plans:import", None),
        ("delete", "plans:import", None),
        ("put", "plans:draft", "draft"),
        ("delete", "plans:draft", "draft"),
        ("get", "plans:draft_save", "draft"),
        ("put", "plans:draft_save", "draft"),
        ("get", "plans:draft_discard", "draft"),
        ("delete", "plans:draft_discard", "draft"),
    ],
)
def test_wrong_method(client, cast, request, method, name, needs):
    args = [request.getfixturevalue(needs).pk] if needs else []
    response = getattr(login(client, cast.officer), method)(reverse(name, args=args))
    assert response.status_code == 405


def test_menu_shows_plans_to_every_role_and_import_button_to_officers(client, cast):
    body = login(client, cast.staff).get("/admin/").content.decode()
    assert reverse("plans:list") in body and reverse("legal:list") in body
    page = client.get(reverse("plans:list")).content.decode()
    assert reverse("plans:import") not in page
    page = login(client, cast.officer).get(reverse("plans:list")).content.decode()
    assert reverse("plans:import") in page


# --- Upload and preview ----------------------------------------------------------------------


def test_upload_reference_plan_shows_preview(client, cast):
    login(client, cast.officer)
    response = upload(client)
    draft = PlanDraft.objects.get()
    assert response["Location"] == reverse("plans:draft", args=[draft.pk])
    assert (draft.organisation, draft.uploaded_by) == (cast.org, cast.officer)
    assert bytes(draft.data) == REFERENCE.read_bytes()
    assert Plan.objects.count() == 0 and LegalDocument.objects.count() == 0  # nothing saved yet

    response = client.get(response["Location"])
    assert response.status_code == 200
    ctx = response.context
    assert len(ctx["citations"]) == 20
    assert [t.label for t in ctx["plan"].topics] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert ctx["correction"].formsets["topics"].initial_form_count() == 7
    body = response.content.decode()
    assert 'id="draft-warnings"' in body
    assert "lặp lại nhãn" in body  # the warning about the repeated "d)"
    documents = body.split('id="draft-documents"')[1].split("</fieldset>")[0]
    assert documents.count('class="pc-row pc-document') == 20  # one editable row each
    assert "76/NQ-CP" in documents and "45/2016/QĐ-TTg" in documents
    # The source text, with every citation and the targets highlighted.
    source = body.split('id="source-text"')[1]
    citation_marks = re.findall(r'<mark class="pc-mark[^"]*pc-mark--citation[^"]*"', source)
    target_marks = re.findall(r'<mark class="pc-mark[^"]*pc-mark--target[^"]*"', source)
    assert len(citation_marks) >= 20 and len(target_marks) >= 5
    assert 'title="76/NQ-CP"' in source
    assert re.search(r'pc-mark--target" title="PCI: khoảng 68,9 điểm', source)
    assert "Ninh Thuận, ngày     tháng 02 năm 2023" in body


def test_upload_docx_shows_preview_with_highlights(client, cast):
    parsed = parse_plan(REFERENCE.read_bytes(), REFERENCE.name)
    login(client, cast.officer)
    response = upload(client, export_plan_docx(parsed), "ke-hoach-2023.docx")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert len(response.context["citations"]) == 20
    source = response.content.decode().split('id="source-text"')[1]
    assert source.count("pc-mark--citation") >= 20


def test_pending_drafts_are_listed_for_the_organisation_only(client, cast, draft):
    body = login(client, cast.officer).get(reverse("plans:import")).content.decode()
    assert reverse("plans:draft", args=[draft.pk]) in body
    body = login(client, cast.other_org_officer).get(reverse("plans:import")).content.decode()
    assert reverse("plans:draft", args=[draft.pk]) not in body


@pytest.mark.parametrize(
    "data,name,message",
    [
        (PNG, "ke-hoach.txt", "Tệp là ảnh (PNG)"),
        (
            b"Xin ch\xc3\xa0o, \xc4\x91\xc3\xa2y kh\xc3\xb4ng ph\xe1\xba\xa3i k\xe1\xba\xbf ho\xe1\xba\xa1ch.",
            "ghi-chu.txt",
            "",
        ),
        (b"PK\x03\x04 not really a zip", "ke-hoach.docx", ".docx"),
        (b"%PDF-1.4 broken", "ke-hoach.pdf", "PDF"),
        (b"MZ\x90\x00 a program", "ke-hoach.exe", "Chỉ nhận tệp .docx, .txt, .md hoặc .pdf"),
    ],
)
def test_bad_file_shows_error_and_writes_nothing(client, cast, data, name, message):
    login(client, cast.officer)
    before = counts()
    response = upload(client, data, name)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body or "error-message" in body
    assert message in body
    assert counts() == before


def test_empty_file_is_refused(client, cast):
    login(client, cast.officer)
    before = counts()
    response = upload(client, b"", "rong.txt")
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert counts() == before


# --- Corrections and confirmation --------------------------------------------------------------


def test_correct_title_and_confirm_saves_the_plan(client, cast, draft):
    login(client, cast.officer)
    response = client.get(reverse("plans:draft", args=[draft.pk]))
    data = browser_post_data(response.context["correction"])
    data["title"] = "Tuyên truyền cải cách hành chính năm 2023 (đã sửa)"
    data["day"] = "10"
    response = client.post(reverse("plans:draft", args=[draft.pk]), data)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2023 (đã sửa)"
    assert (plan.day, plan.month, plan.year) == (10, 2, 2023)
    assert plan.organisation == cast.org and plan.imported_by == cast.officer
    assert plan.source_filename == "ke-hoach-2023.txt"
    assert plan.plan_documents.count() == 20 and LegalDocument.objects.count() == 20
    assert [t.label for t in plan.topics.all()] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert plan.targets.count() == len(draft.parsed["targets"])
    assert plan.sections.filter(parent=None).count() == 3  # I, II, III kept from the parse
    assert not PlanDraft.objects.exists()
    entry = AuditEntry.objects.get(action="plan.import")
    assert entry.actor == cast.officer and entry.details["citations"] == 20
    page = client.get(response["Location"]).content.decode()
    assert "Đã lưu kế hoạch" in page and "(đã sửa)" in page


def test_lists_topics_channels_duties_and_targets_can_be_corrected(client, cast, draft):
    login(client, cast.officer)
    correction = client.get(reverse("plans:draft", args=[draft.pk])).context["correction"]
    data = browser_post_data(correction)
    data["recipients"] = "UBND tỉnh (b/c);\nSở Nội vụ"
    data["topics-0-title"] = "Tuyên truyền công tác chỉ đạo, điều hành"
    data["topics-6-DELETE"] = "on"
    data["topics-7-label"] = "h"
    data["topics-7-title"] = "Tuyên truyền về chính quyền số"
    data["topics-7-items"] = "Điểm một\n\nĐiểm hai"
    pci = next(i for i, t in enumerate(draft.parsed["targets"]) if t["kind"] == "score")
    data[f"targets-{pci}-value"] = "70,5"
    data["duties-0-who"] = "Trưởng phòng"
    data["channels-0-kind"] = "email"
    response = client.post(reverse("plans:draft", args=[draft.pk]), data)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.recipients == ["UBND tỉnh (b/c);", "Sở Nội vụ"]
    topics = list(plan.topics.all())
    assert [t.label for t in topics] == ["a", "b", "c", "d", "đ", "e", "h"]
    assert topics[0].title == "Tuyên truyền công tác chỉ đạo, điều hành"
    assert topics[-1].items == ["Điểm một", "Điểm hai"]
    target = plan.targets.get(order=pci)
    assert float(target.value_number) == 70.5
    assert target.text == draft.parsed["targets"][pci]["text"]  # the sentence is kept
    assert plan.duties.first().who == "Trưởng phòng"
    assert plan.channels.first().kind == "email"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"month": "13"}, "month"),
        ({"title": ""}, "title"),
        ({"day": "30", "month": "2"}, "day"),
        ({"year": "20233"}, "year"),
        ({"number": "1" * 30}, "number"),
    ],
)
def test_bad_header_correction_shows_errors_and_writes_nothing(client, cast, draft, changes, field):
    login(client, cast.officer)
    correction = client.get(reverse("plans:draft", args=[draft.pk])).context["correction"]
    data = browser_post_data(correction) | changes
    parsed_before = draft.parsed
    before = counts()
    response = client.post(reverse("plans:draft", args=[draft.pk]), data)
    assert response.status_code == 400
    assert field in response.context["correction"].header.errors
    body = response.content.decode()
    assert 'id="correction-errors"' in body and "Chưa có gì được lưu" in body
    assert counts() == before
    draft.refresh_from_db()
    assert draft.parsed == parsed_before


def test_bad_target_and_topic_corrections_are_refused(client, cast, draft):
    login(client, cast.officer)
    correction = client.get(reverse("plans:draft", args=[draft.pk])).context["correction"]
    data = browser_post_data(correction)
    pci = next(i for i, t in enumerate(draft.parsed["targets"]) if t["kind"] == "score")
    data[f"targets-{pci}-value"] = "khá cao"
    data["topics-1-title"] = ""
    before = counts()
    response = client.post(reverse("plans:draft", args=[draft.pk]), data)
    assert response.status_code == 400
    formsets = response.context["correction"].formsets
    assert "value" in formsets["targets"].errors[pci]
    assert "title" in formsets["topics"].errors[1]
    assert counts() == before


def test_importing_the_same_plan_again_updates_it(client, cast):
    login(client, cast.officer)
    for _ in range(2):
        upload(client)
        draft = PlanDraft.objects.get()
        correction = client.get(reverse("plans:draft", args=[draft.pk])).context["correction"]
        response = client.post(
            reverse("plans:draft", args=[draft.pk]), browser_post_data(correction)
        )
        assert response.status_code == 302
        assert Plan.objects.count() == 1
        assert LegalDocument.objects.count() == 20
    plan = Plan.objects.get()
    assert plan.title == TITLE
    assert plan.plan_documents.count() == 20 and plan.topics.count() == 7
    assert AuditEntry.objects.filter(action="plan.import").count() == 2
    assert not PlanDraft.objects.exists()


def test_discard_deletes_the_draft_only(client, cast, draft):
    login(client, cast.officer)
    response = client.post(reverse("plans:draft_discard", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("plans:import")
    assert counts() == (0, 0, 0, 0)


def test_confirming_a_draft_someone_else_settled_writes_nothing(client, cast, draft):
    stale = PlanDraft.objects.get(pk=draft.pk)
    PlanDraft.objects.filter(pk=draft.pk).delete()  # confirmed or discarded meanwhile
    with pytest.raises(PlanDraft.DoesNotExist):
        stale.confirm(ParsedPlan.from_json(stale.parsed), acting_user=cast.officer)
    assert counts() == (0, 0, 0, 0)


def test_draft_round_trips_through_json():
    parsed = parse_plan(REFERENCE.read_bytes(), REFERENCE.name)
    assert ParsedPlan.from_json(to_full_json(parsed)) == parsed
    # The documented schema alone (no section tree) is read as well.
    again = ParsedPlan.from_json(parsed.to_json())
    assert (again.title, len(again.citations), again.sections) == (TITLE, 20, [])


# --- Plan page --------------------------------------------------------------------------------


def test_plan_page_shows_the_plan(client, cast, plan):
    response = login(client, cast.staff).get(reverse("plans:detail", args=[plan.pk]))
    body = response.content.decode()
    assert 'id="plan-number">Số:    /KH-VPUB<' in body  # the number is left blank to fill in
    assert "Ninh Thuận, ngày     tháng 02 năm 2023" in body
    nq76 = LegalDocument.objects.get(key="76/NQ-CP")
    assert reverse("legal:detail", args=[nq76.pk]) in body
    assert "PCI: khoảng 68,9 điểm" in body
    assert "PAR INDEX: xếp hạng ≤ 30/63" in body
    assert "Hồ Sĩ Sơn" in body and "CHÁNH VĂN PHÒNG" in body
    assert "Sở Nội vụ" in body
    assert 'id="plan-warnings"' in body
    assert "Tuyên truyền về cải cách thể chế" in body  # a topic
    assert "MỤC TIÊU, YÊU CẦU VÀ ĐỐI TƯỢNG" in body  # the section tree


def test_plan_page_and_list_query_counts_do_not_grow(client, cast, plan):
    login(client, cast.officer)

    def queries(url):
        client.get(url)  # warm the session and the permission caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    detail, listing = reverse("plans:detail", args=[plan.pk]), reverse("plans:list")
    before = queries(detail), queries(listing)
    second = parse_plan(REFERENCE.read_bytes(), REFERENCE.name)
    second.title, second.targets = "Tuyên truyền cải cách hành chính năm 2024", second.targets * 2
    save_parsed_plan(second, organisation=cast.org, acting_user=cast.officer)
    plan.sections.filter(level=4).update(title="Đoạn đã sửa")
    assert (queries(detail), queries(listing)) == before
