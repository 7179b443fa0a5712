"""Indicator pages: access per view (anonymous, wrong organisation, wrong role, wrong method),
entry by form, the XLSX import and template, qualitative assessment."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parcomms.indicators import services
from parcomms.indicators.importing import COLUMNS
from parcomms.indicators.models import Indicator, Result, TargetAssessment
from parcomms.org.testing import is_refused
from parcomms.plans.services import import_plan_file

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


@pytest.fixture
def result(cast):
    services.load_reference_history(organisation=cast.org, acting_user=cast.officer)
    return Result.objects.get(organisation=cast.org, indicator__code="PAR_INDEX", year=2022)


@pytest.fixture
def other_result(cast):
    services.load_reference_history(organisation=cast.other_org, acting_user=cast.other_org_officer)
    return Result.objects.get(organisation=cast.other_org, indicator__code="PAR_INDEX", year=2022)


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(COLUMNS.values()))
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def form_data(**changes):
    data = {
        "indicator": "PAPI",
        "year": "2023",
        "scope": "",
        "territory": "tỉnh Ninh Thuận",
        "score": "45,5054",
        "rank": "6",
        "rank_of": "63",
        "tier": "",
        "source_kind": "S",
        "source_url": "https://baoninhthuan.com.vn/",
        "note": "Báo Ninh Thuận",
    }
    data.update(changes)
    return data


READ_VIEWS = [
    ("indicators:list", []),
    ("indicators:targets", []),
    ("indicators:detail", ["PAR_INDEX"]),
]
EDIT_GETS = [
    ("indicators:result_add", []),
    ("indicators:import", []),
    ("indicators:template", []),
]


def test_anonymous_is_sent_to_login(client, result, plan):
    target = plan.targets.get(kind="qualitative")
    for method, name, args in [
        *[("get", n, a) for n, a in READ_VIEWS + EDIT_GETS],
        ("get", "indicators:result_edit", [result.pk]),
        ("post", "indicators:result_delete", [result.pk]),
        ("post", "indicators:import", []),
        ("post", "indicators:assess", [target.pk]),
    ]:
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == 302 and "/login/" in response["Location"], name
    assert Result.objects.filter(pk=result.pk).exists()


def test_everyone_of_the_organisation_reads(client, cast, result, plan):
    for user in (cast.staff, cast.editor, cast.head, cast.leader, cast.officer):
        client.force_login(user)
        for name, args in READ_VIEWS:
            assert client.get(reverse(name, args=args)).status_code == 200, (user, name)
    page = client.get(reverse("indicators:detail", args=["PAR_INDEX"])).content.decode()
    assert "hạng 35/63" in page and "[D]" in page
    assert "PAR INDEX 2023: chưa có thứ hạng" in page


def test_list_shows_the_organisations_own_results(client, cast, result, other_result):
    Result.objects.filter(pk=other_result.pk).update(score=Decimal("12.34"))
    client.force_login(cast.staff)
    page = client.get(reverse("indicators:list")).content.decode()
    assert "85,78" in page and "12,34" not in page


def test_unknown_indicator_is_404(client, cast):
    client.force_login(cast.staff)
    assert client.get(reverse("indicators:detail", args=["NOPE"])).status_code == 404


def test_only_reform_officers_and_admins_edit(client, cast, result, plan):
    target = plan.targets.get(kind="qualitative")
    for user in (cast.staff, cast.editor, cast.head, cast.leader):
        client.force_login(user)
        for name, args in EDIT_GETS + [("indicators:result_edit", [result.pk])]:
            assert is_refused(client.get(reverse(name, args=args))), (user, name)
        assert is_refused(client.post(reverse("indicators:result_add"), form_data()))
        assert is_refused(client.post(reverse("indicators:result_delete", args=[result.pk])))
        assert is_refused(
            client.post(
                reverse("indicators:assess", args=[target.pk]), {"year": 2023, "achieved": "1"}
            )
        )
    assert Result.objects.filter(pk=result.pk).exists()
    assert not Result.objects.filter(year=2023).exists()
    assert not TargetAssessment.objects.exists()
    for user in (cast.officer, cast.admin):
        client.force_login(user)
        for name, args in EDIT_GETS:
            assert client.get(reverse(name, args=args)).status_code == 200


def test_superuser_without_staff_record_is_refused(client, cast, result):
    client.force_login(cast.superuser)
    assert is_refused(client.get(reverse("indicators:list")))
    assert is_refused(client.get(reverse("indicators:result_add")))


def test_other_organisation_cannot_touch_results(client, cast, result, plan):
    client.force_login(cast.other_org_officer)
    assert client.get(reverse("indicators:result_edit", args=[result.pk])).status_code == 404
    assert client.post(reverse("indicators:result_delete", args=[result.pk])).status_code == 404
    target = plan.targets.get(kind="qualitative")
    response = client.post(
        reverse("indicators:assess", args=[target.pk]), {"year": 2023, "achieved": "1"}
    )
    assert response.status_code == 404
    assert Result.objects.filter(pk=result.pk).exists() and not TargetAssessment.objects.exists()


def test_wrong_methods(client, cast, result, plan):
    client.force_login(cast.officer)
    target = plan.targets.get(kind="qualitative")
    assert client.get(reverse("indicators:result_delete", args=[result.pk])).status_code == 405
    assert client.get(reverse("indicators:assess", args=[target.pk])).status_code == 405
    for name, args in READ_VIEWS:
        assert client.post(reverse(name, args=args)).status_code == 405
    assert client.post(reverse("indicators:template")).status_code == 405


def test_officer_enters_a_result_and_the_verdict_follows(client, cast, plan):
    client.force_login(cast.officer)
    response = client.post(reverse("indicators:result_add"), form_data())
    assert response.status_code == 302
    papi = Result.objects.get(organisation=cast.org, indicator__code="PAPI", year=2023)
    assert (papi.score, papi.rank, papi.source_kind) == (Decimal("45.5054"), 6, "S")
    page = client.get(reverse("indicators:targets")).content.decode()
    assert "PAPI 2023: hạng 6/63, mục tiêu TOP 20 — đạt" in page
    # the same indicator and year again is refused, nothing doubles
    response = client.post(reverse("indicators:result_add"), form_data(score="40"))
    assert response.status_code == 400
    assert "Đã có kết quả của chỉ số này cho năm 2023" in response.content.decode()
    assert Result.objects.filter(indicator__code="PAPI", year=2023).count() == 1


def test_bad_form_input_is_explained_and_changes_nothing(client, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("indicators:result_add"), form_data(score="95", rank="70", source_url="abc")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "nằm ngoài thang điểm của PAPI (8–80)" in text
    assert "lớn hơn tổng số 63" in text
    assert "http://" in text
    assert not Result.objects.exists()


def test_edit_and_delete(client, cast, result):
    client.force_login(cast.officer)
    url = reverse("indicators:result_edit", args=[result.pk])
    assert client.get(url).context["form"].initial["score"] == "85,78"
    data = form_data(indicator="PAR_INDEX", year="2022", score="85,8", rank="29", source_kind="P")
    assert client.post(url, data).status_code == 302
    result.refresh_from_db()
    assert result.score == Decimal("85.8")
    clash = form_data(indicator="PAR_INDEX", year="2021", score="85,8", rank="29")
    assert client.post(url, clash).status_code == 400  # 2021 is another result
    assert client.post(reverse("indicators:result_delete", args=[result.pk])).status_code == 302
    assert not Result.objects.filter(pk=result.pk).exists()


def test_import_page_lists_errors_and_imports_nothing(client, cast):
    client.force_login(cast.officer)
    bad = xlsx([["PCI", 2023, "", "", "65"], ["PCI", 2023, "", "", "300"]])
    response = client.post(
        reverse("indicators:import"), {"file": SimpleUploadedFile("kq.xlsx", bad)}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Chưa có dữ liệu nào được nhập" in text and "nằm ngoài thang điểm" in text
    assert not Result.objects.exists()
    response = client.post(
        reverse("indicators:import"), {"file": SimpleUploadedFile("kq.txt", b"hello")}
    )
    assert (
        response.status_code == 400 and "không phải là bảng tính XLSX" in response.content.decode()
    )
    good = xlsx([["PCI", 2023, "", "", "69,61", "13"]])
    response = client.post(
        reverse("indicators:import"), {"file": SimpleUploadedFile("kq.xlsx", good)}
    )
    assert response.status_code == 302
    assert Result.objects.get(indicator__code="PCI", year=2023).rank == 13


def test_template_download_is_the_import_layout(client, cast):
    client.force_login(cast.officer)
    response = client.get(reverse("indicators:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "mau-ket-qua-chi-so.xlsx" in response["Content-Disposition"]
    outcome = services.import_results(
        response.content, "mau.xlsx", organisation=cast.org, acting_user=cast.officer
    )
    assert outcome.ok and outcome.created == 14


def test_assess_a_qualitative_target(client, cast, plan):
    client.force_login(cast.officer)
    target = plan.targets.get(kind="qualitative")
    url = reverse("indicators:assess", args=[target.pk])
    assert client.post(url, {"year": 2023}).status_code == 302  # no choice: refused with a message
    assert not TargetAssessment.objects.exists()
    client.post(url, {"year": 2023, "achieved": "1", "note": "Vượt dự toán"})
    page = client.get(reverse("indicators:targets")).content.decode()
    assert "— đạt (Vượt dự toán)" in page
    numeric = plan.targets.get(indicator="PCI", kind="score")
    client.post(reverse("indicators:assess", args=[numeric.pk]), {"year": 2023, "achieved": "1"})
    assert TargetAssessment.objects.count() == 1  # numeric targets are judged from results only


def test_indicators_menu_and_dashboard_panel(client, cast, plan):
    client.force_login(cast.staff)
    text = client.get("/admin/").content.decode()
    assert reverse("indicators:list") in text
    client.force_login(cast.leader)
    text = client.get("/admin/").content.decode()
    assert reverse("dashboard:home") in text and "chỉ tiêu chỉ số" in text
    assert Indicator.objects.exists()
