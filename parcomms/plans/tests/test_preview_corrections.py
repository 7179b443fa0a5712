"""The officer corrects the section tree and the cited documents in the import preview, keeps
the corrections in the draft or confirms them; bad corrections change nothing. Stale drafts
are cleaned up."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from parcomms.audit.models import AuditEntry
from parcomms.legal.models import LegalDocument
from parcomms.org.testing import is_refused
from parcomms.plans.forms import PlanCorrectionForm
from parcomms.plans.models import Plan, PlanDocument, PlanDraft
from parcomms.plans.parsed import citation_key, flat_sections, section_tree
from parcomms.plans.services import delete_stale_drafts

from .test_plan_views import browser_post_data, counts, login, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, cast) -> PlanDraft:
    response = upload(login(client, cast.officer))
    assert response.status_code == 302
    client.logout()
    return PlanDraft.objects.get()


def form_data(client, draft) -> dict:
    """What the browser sends for the preview as rendered, nothing changed."""
    response = client.get(reverse("plans:draft", args=[draft.pk]))
    return browser_post_data(response.context["correction"])


def doc_index(draft, key: str) -> int:
    return next(i for i, c in enumerate(draft.parsed["citations"]) if c["key"] == key)


def section_index(draft, title: str) -> int:
    rows = flat_sections(draft.parsed["sections"])
    return next(i for i, row in enumerate(rows) if row["title"] == title)


# --- The form as rendered gives the parse back -----------------------------------------------


def test_untouched_form_gives_the_parsed_tree_and_documents_back(client, cast, draft):
    data = form_data(login(client, cast.officer), draft)
    correction = PlanCorrectionForm(draft.parsed, data)
    assert correction.is_valid(), correction.error_count
    applied = correction.apply(draft.parsed)
    for name in ("sections", "citations", "legal_bases"):
        assert applied[name] == draft.parsed[name], name


def test_section_rows_round_trip_and_citation_keys():
    tree = [
        {"label": "I.", "title": "A", "level": 1, "children": [
            {"label": "1.", "title": "B", "level": 2, "children": [
                {"label": "-", "title": "C", "level": 4, "children": []},
            ]},
            {"label": "2.", "title": "D", "level": 2, "children": []},
        ]},
        {"label": "II.", "title": "E", "level": 1, "children": []},
    ]  # fmt: skip
    rows = flat_sections(tree)
    assert [r["depth"] for r in rows] == [1, 2, 3, 2, 1]
    assert section_tree(rows) == tree
    assert citation_key("party", "05", None, "NQ/TU") == "05-NQ/TU"
    assert citation_key("state", "45", 2016, "QĐ-TTg") == "45/2016/QĐ-TTg"
    assert citation_key("state", "76", None, "NQ-CP") == "76/NQ-CP"


# --- Corrections reach the plan and the registry ----------------------------------------------


def test_correct_section_and_citation_then_confirm(client, cast, draft):
    login(client, cast.officer)
    data = form_data(client, draft)
    goal = section_index(draft, "Mục tiêu")
    data[f"outline-{goal}-title"] = "Mục tiêu của kế hoạch"
    data[f"outline-{goal}-label"] = "1)"
    first = section_index(draft, "MỤC TIÊU, YÊU CẦU VÀ ĐỐI TƯỢNG")
    data[f"outline-{first}-title"] = "MỤC ĐÍCH, YÊU CẦU"
    nq76 = doc_index(draft, "76/NQ-CP")
    data[f"documents-{nq76}-number"] = "77"
    data[f"documents-{nq76}-date"] = "16/7/2021"
    data[f"documents-{nq76}-issuer"] = "Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam"
    basis = doc_index(draft, "1894/QĐ-UBND")
    data[f"documents-{basis}-number"] = "1895"

    response = client.post(reverse("plans:draft", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    roots = list(plan.sections.filter(parent=None))
    assert [r.title for r in roots][0] == "MỤC ĐÍCH, YÊU CẦU"
    goal_row = plan.sections.get(title="Mục tiêu của kế hoạch")
    assert (goal_row.label, goal_row.level, goal_row.parent_id) == ("1)", 2, roots[0].pk)
    assert goal_row.children.count() == 5  # its bullets stay under it
    assert not plan.sections.filter(title="Mục tiêu").exists()

    doc = LegalDocument.objects.get(key="77/NQ-CP")
    assert (doc.number, doc.issued_on) == ("77", dt.date(2021, 7, 16))
    assert doc.issuer == "Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert doc.subject.startswith("ban hành Chương trình tổng thể")  # kept from the parse
    assert not LegalDocument.objects.filter(key__in=["76/NQ-CP", "1894/QĐ-UBND"]).exists()
    role = PlanDocument.objects.get(plan=plan, document__key="1895/QĐ-UBND").role
    assert role == PlanDocument.Role.BASIS  # the legal basis follows its corrected document
    assert plan.plan_documents.count() == 20 and LegalDocument.objects.count() == 20
    assert [c["key"] for c in plan.parsed["legal_bases"]][0] == "1895/QĐ-UBND"


def test_merge_and_remove_citations(client, cast, draft):
    login(client, cast.officer)
    data = form_data(client, draft)
    into = doc_index(draft, "107/QĐ-VPUB")
    merged = doc_index(draft, "05/QĐ-VPUB")
    data[f"documents-{merged}-merge_into"] = str(into + 1)  # rows are numbered from 1
    removed = doc_index(draft, "92-KH/TU")
    data[f"documents-{removed}-DELETE"] = "on"
    undated = doc_index(draft, "19/2014/QĐ-TTg")
    dated = doc_index(draft, "62/2020/NĐ-CP")
    data[f"documents-{dated}-merge_into"] = str(undated + 1)

    response = client.post(reverse("plans:draft", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    keys = list(plan.plan_documents.values_list("document__key", flat=True))
    assert len(keys) == 17
    assert not {"05/QĐ-VPUB", "92-KH/TU", "62/2020/NĐ-CP"} & set(keys)
    assert LegalDocument.objects.count() == 17
    bases = plan.plan_documents.filter(role=PlanDocument.Role.BASIS)
    assert sorted(bases.values_list("document__key", flat=True)) == [
        "107/QĐ-VPUB",
        "1894/QĐ-UBND",
    ]
    # The kept record takes what it lacked (the date) from the one merged into it.
    assert LegalDocument.objects.get(key="19/2014/QĐ-TTg").issued_on == dt.date(2020, 6, 1)
    assert LegalDocument.objects.get(key="107/QĐ-VPUB").issued_on == dt.date(2021, 10, 27)


def test_delete_a_section_takes_its_subsections(client, cast, draft):
    login(client, cast.officer)
    data = form_data(client, draft)
    data[f"outline-{section_index(draft, 'Yêu cầu')}-DELETE"] = "on"
    assert client.post(reverse("plans:draft", args=[draft.pk]), data).status_code == 302
    plan = Plan.objects.get()
    assert not plan.sections.filter(title="Yêu cầu").exists()
    assert plan.sections.count() == len(flat_sections(draft.parsed["sections"])) - 5
    assert plan.sections.filter(title="Đối tượng:").exists()


def test_save_corrections_into_the_draft_then_confirm(client, cast, draft):
    login(client, cast.officer)
    data = form_data(client, draft)
    data[f"outline-{section_index(draft, 'Yêu cầu')}-title"] = "Yêu cầu đặt ra"
    nq76 = doc_index(draft, "76/NQ-CP")
    data[f"documents-{nq76}-date"] = "16/07/2021"
    data[f"documents-{doc_index(draft, '92-KH/TU')}-DELETE"] = "on"

    response = client.post(reverse("plans:draft_save", args=[draft.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:draft", args=[draft.pk])
    assert (Plan.objects.count(), LegalDocument.objects.count()) == (0, 0)
    draft.refresh_from_db()
    assert len(draft.parsed["citations"]) == 19
    assert draft.parsed["citations"][nq76]["date"] == "2021-07-16"
    assert "Yêu cầu đặt ra" in [r["title"] for r in flat_sections(draft.parsed["sections"])]
    entry = AuditEntry.objects.get(action="plan.draft_correct")
    assert (entry.actor, entry.organisation) == (cast.officer, cast.org)

    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Đã lưu các chỗ sửa vào bản nháp" in body
    assert 'value="16/07/2021"' in body and "Yêu cầu đặt ra" in body
    assert page.context["correction"].documents.initial_form_count() == 19

    response = client.post(reverse("plans:draft", args=[draft.pk]), form_data(client, draft))
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.sections.filter(title="Yêu cầu đặt ra").exists()
    assert LegalDocument.objects.get(key="76/NQ-CP").issued_on == dt.date(2021, 7, 16)
    assert plan.plan_documents.count() == 19 and not PlanDraft.objects.exists()


# --- Bad corrections change nothing -----------------------------------------------------------


def _bad(draft, data, case):
    nq76 = f"documents-{doc_index(draft, '76/NQ-CP')}"
    nq07 = f"documents-{doc_index(draft, '07-NQ/TU')}"
    nq09 = doc_index(draft, "09-NQ/TU")
    goal = f"outline-{section_index(draft, 'Mục tiêu')}"
    rows = {
        "number": ({f"{nq76}-number": "7a"}, "Số văn bản chỉ gồm chữ số"),
        "date": ({f"{nq76}-date": "31/02/2021"}, "không có thật"),
        "month": ({f"{nq76}-date": "12/13/2021"}, "không có thật"),
        "date_form": ({f"{nq76}-date": "hôm qua"}, "Ghi ngày theo dạng ngày/tháng/năm"),
        "symbol": ({f"{nq76}-symbol": "NQ CP!"}, "Ký hiệu chỉ gồm chữ, số"),
        "no_symbol": ({f"{nq76}-symbol": ""}, "bắt buộc"),
        "year": ({f"{nq76}-year": "99999"}, "2100"),
        "duplicate": ({f"{nq07}-number": "09"}, "có cùng số, ký hiệu 09-NQ/TU"),
        "merge_self": ({f"{nq76}-merge_into": str(doc_index(draft, "76/NQ-CP") + 1)}, "chính nó"),
        "merge_deleted": (
            {f"{nq07}-merge_into": str(nq09 + 1), f"documents-{nq09}-DELETE": "on"},
            "đang được đánh dấu xóa",
        ),
        "merge_chain": (
            {
                f"{nq07}-merge_into": str(nq09 + 1),
                f"documents-{nq09}-merge_into": str(doc_index(draft, "76/NQ-CP") + 1),
            },
            "gộp thẳng vào",
        ),
        "merge_and_delete": (
            {f"{nq07}-merge_into": str(nq09 + 1), f"{nq07}-DELETE": "on"},
            "không chọn cả hai",
        ),
        "heading": ({f"{goal}-title": "  "}, "không được để trống"),
        "label": ({f"{goal}-label": "x."}, "Không nhận ra số thứ tự"),
        "depth_jump": ({f"{goal}-depth": "4"}, "phải nằm ngay dưới một mục cấp 3"),
        "first_depth": ({"outline-0-depth": "2"}, "Mục đầu tiên phải ở cấp 1"),
        "depth_text": ({f"{goal}-depth": "hai"}, "Cấp của mục là một số nguyên"),
        "year_text": ({f"{nq76}-year": "năm"}, "Năm là một số có bốn chữ số"),
    }
    changes, message = rows[case]
    return data | changes, message


BAD_CASES = [
    "number",
    "date",
    "month",
    "date_form",
    "symbol",
    "no_symbol",
    "year",
    "duplicate",
    "merge_self",
    "merge_deleted",
    "merge_chain",
    "merge_and_delete",
    "heading",
    "label",
    "depth_jump",
    "first_depth",
    "depth_text",
    "year_text",
]


@pytest.mark.parametrize("url", ["plans:draft", "plans:draft_save"])
@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_corrections_show_a_message_and_change_nothing(client, cast, draft, url, case):
    login(client, cast.officer)
    data, message = _bad(draft, form_data(client, draft), case)
    parsed_before = draft.parsed
    before = counts()
    response = client.post(reverse(url, args=[draft.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body, case
    assert 'id="correction-errors"' in body and "Chưa có gì được lưu" in body
    assert counts() == before
    draft.refresh_from_db()
    assert draft.parsed == parsed_before


def test_tampered_outline_is_refused(client, cast, draft):
    login(client, cast.officer)
    data = form_data(client, draft)
    del data["outline-TOTAL_FORMS"]
    before = counts()
    response = client.post(reverse("plans:draft", args=[draft.pk]), data)
    assert response.status_code == 400
    assert response.context["correction"].outline.non_form_errors()
    assert counts() == before


def test_errors_in_the_outline_open_it(client, cast, draft):
    login(client, cast.officer)
    data = form_data(client, draft)
    assert '<details class="pc-fieldset pc-structure pc-formset" id="formset-outline">' in (
        client.get(reverse("plans:draft", args=[draft.pk])).content.decode()
    )
    data["outline-0-title"] = ""
    body = client.post(reverse("plans:draft", args=[draft.pk]), data).content.decode()
    assert 'id="formset-outline" open>' in body


# --- Access to saving corrections --------------------------------------------------------------


def test_saving_corrections_is_for_the_organisations_importers_only(client, cast, draft):
    url = reverse("plans:draft_save", args=[draft.pk])
    data = form_data(login(client, cast.officer), draft)
    data["title"] = "Sửa bởi người không có quyền"
    parsed_before = draft.parsed
    before = counts()
    client.logout()
    response = client.post(url, data)
    assert response.status_code == 302 and "/login/" in response["Location"]
    login(client, cast.other_org_officer)
    assert client.post(url, data).status_code == 404
    for user in (cast.head, cast.leader, cast.editor, cast.staff, cast.superuser):
        assert is_refused(login(client, user).post(url, data)), user.username
    login(client, cast.officer)
    for method in ("get", "put", "delete"):
        assert getattr(client, method)(url).status_code == 405
    assert counts() == before
    draft.refresh_from_db()
    assert draft.parsed == parsed_before
    assert login(client, cast.admin).post(url, data).status_code == 302  # an admin may


# --- Stale drafts ------------------------------------------------------------------------------


def _aged(draft, days: float) -> None:
    PlanDraft.objects.filter(pk=draft.pk).update(created=NOW - dt.timedelta(days=days))


NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _another_draft(cast, name: str) -> PlanDraft:
    return PlanDraft.objects.create(
        organisation=cast.other_org, filename=name, data=b"x", parsed={"title": name}
    )


def test_delete_stale_drafts_keeps_recent_ones(cast, draft):
    old = _another_draft(cast, "cu.txt")
    fresh = _another_draft(cast, "moi.txt")
    _aged(draft, 14.01)
    _aged(old, 30)
    _aged(fresh, 13.9)
    assert delete_stale_drafts(NOW) == 2
    assert list(PlanDraft.objects.values_list("filename", flat=True)) == ["moi.txt"]
    entries = AuditEntry.objects.filter(action="plan.draft_cleanup")
    assert sorted(e.organisation_id for e in entries) == sorted([cast.org.pk, cast.other_org.pk])
    assert {tuple(e.details["filenames"]) for e in entries} == {("ke-hoach-2023.txt",), ("cu.txt",)}
    assert delete_stale_drafts(NOW) == 0  # nothing left to delete, no empty audit rows
    assert AuditEntry.objects.filter(action="plan.draft_cleanup").count() == 2


@override_settings(PLAN_DRAFT_MAX_AGE_DAYS=3)
def test_draft_age_follows_the_setting(cast, draft):
    _aged(draft, 4)
    assert delete_stale_drafts(NOW) == 1
    assert not PlanDraft.objects.exists()


def test_clean_plan_drafts_command(cast, draft, capsys):
    fresh = _another_draft(cast, "moi.txt")
    now = timezone.now()
    PlanDraft.objects.filter(pk=draft.pk).update(created=now - dt.timedelta(days=20))
    PlanDraft.objects.filter(pk=fresh.pk).update(created=now - dt.timedelta(days=1))
    call_command("clean_plan_drafts")
    assert "Đã xóa 1 bản nháp" in capsys.readouterr().out
    assert list(PlanDraft.objects.all()) == [fresh]
    call_command("clean_plan_drafts", "--days", "1")
    assert not PlanDraft.objects.exists()
    with pytest.raises(CommandError, match="số nguyên dương"):
        call_command("clean_plan_drafts", "--days", "0")
