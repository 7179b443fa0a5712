"""Every emulation view for anonymous, wrong organisation, wrong unit, wrong role and wrong
method, and what the pages do (close, reopen, self-score, appraise, criteria, exports)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from parcomms.emulation.models import CriteriaVersion, ManualScore, Period
from parcomms.emulation.services import Upload, close_period, submit_self_score
from parcomms.org.testing import is_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(cast, world):
    score = submit_self_score(
        world.period,
        cast.unit,
        "sang-kien",
        "7",
        "Sáng kiến",
        [Upload("minh-chung.pdf", b"%PDF-1.4 x")],
        acting_user=cast.head,
    )
    return world.period, score


def urls(period, score, cast):
    p = period.pk
    return {
        "list": ("get", reverse("emulation:period_list")),
        "create": ("post", reverse("emulation:period_create")),
        "detail": ("get", reverse("emulation:period_detail", args=[p])),
        "close": ("post", reverse("emulation:period_close", args=[p])),
        "reopen": ("get", reverse("emulation:period_reopen", args=[p])),
        "unit": ("get", reverse("emulation:unit_detail", args=[p, cast.unit.pk])),
        "self_score": ("get", reverse("emulation:self_score", args=[p, cast.unit.pk, "sang-kien"])),
        "appraise": ("get", reverse("emulation:appraise", args=[p, score.pk])),
        "xlsx": ("get", reverse("emulation:export_xlsx", args=[p])),
        "docx": ("get", reverse("emulation:export_docx", args=[p])),
        "evidence": ("get", reverse("emulation:evidence", args=[score.evidence.get().pk])),
        "criteria": ("get", reverse("emulation:criteria")),
    }


def call(client, method, url, data=None):
    return getattr(client, method)(url, data or {})


def test_anonymous_is_sent_to_login(client, cast, scored):
    for name, (method, url) in urls(*scored, cast).items():
        response = call(client, method, url)
        assert response.status_code == 302 and "/login/" in response["Location"], name


@pytest.mark.parametrize("who", ["staff", "editor"])
def test_wrong_role_is_refused_everywhere(client, cast, scored, who):
    client.force_login(getattr(cast, who))
    for name, (method, url) in urls(*scored, cast).items():
        assert is_refused(call(client, method, url)), name
    assert Period.objects.get().closing is None


def test_wrong_organisation_sees_nothing_of_ours(client, cast, scored):
    period, _score = scored
    client.force_login(cast.other_org_officer)
    u = urls(*scored, cast)
    for name in ("detail", "close", "reopen", "unit", "appraise", "xlsx", "docx", "evidence"):
        method, url = u[name]
        assert call(client, method, url).status_code == 404, name
    assert list(client.get(u["list"][1]).context["periods"]) == []
    page = client.get(u["criteria"][1])
    assert page.status_code == 200 and page.context["latest"] is None  # their own, empty
    client.force_login(cast.other_org_head)
    assert client.get(u["self_score"][1]).status_code == 404
    assert Period.objects.get().closing is None


def test_wrong_unit_head_reads_the_ranking_but_not_another_units_details(client, cast, scored):
    client.force_login(cast.other_head)
    u = urls(*scored, cast)
    for name in ("unit", "self_score", "evidence"):
        assert client.get(u[name][1]).status_code == 404, name
    for name in ("close", "reopen", "appraise", "xlsx", "docx", "criteria", "create"):
        method, url = u[name]
        assert is_refused(call(client, method, url)), name
    page = client.get(u["detail"][1])
    assert page.status_code == 200
    html = page.content.decode()
    own = reverse("emulation:unit_detail", args=[scored[0].pk, cast.other_unit.pk])
    theirs = reverse("emulation:unit_detail", args=[scored[0].pk, cast.unit.pk])
    assert own in html and theirs not in html
    assert {r.unit_id for r in page.context["people"]} == {cast.other_unit.pk}
    assert client.get(own).status_code == 200


def test_unit_head_scores_own_unit_but_cannot_manage(client, cast, scored):
    client.force_login(cast.head)
    u = urls(*scored, cast)
    for name in ("list", "detail", "unit", "self_score", "evidence"):
        assert client.get(u[name][1]).status_code == 200, name
    for name in ("close", "reopen", "appraise", "xlsx", "docx", "criteria", "create"):
        method, url = u[name]
        assert is_refused(call(client, method, url)), name


def test_leadership_reads_and_exports_but_does_not_manage(client, cast, scored):
    client.force_login(cast.leader)
    u = urls(*scored, cast)
    for name in ("list", "detail", "unit", "xlsx", "docx", "evidence"):
        assert client.get(u[name][1]).status_code == 200, name
    for name in ("close", "reopen", "appraise", "criteria", "create", "self_score"):
        method, url = u[name]
        assert is_refused(call(client, method, url)), name


def test_wrong_methods(client, cast, scored):
    client.force_login(cast.officer)
    period, score = scored
    u = urls(*scored, cast)
    assert client.get(u["close"][1]).status_code == 405
    assert client.get(u["create"][1]).status_code == 405
    for name in ("list", "detail", "unit", "xlsx", "docx", "evidence"):
        assert client.post(u[name][1]).status_code == 405, name
    for name in ("reopen", "self_score", "appraise", "criteria"):
        assert client.delete(u[name][1]).status_code == 405, name
    assert Period.objects.get().closing is None


def test_officer_closes_and_reopens_through_the_pages(client, cast, scored):
    period, score = scored
    client.force_login(cast.officer)
    detail = reverse("emulation:period_detail", args=[period.pk])
    page = client.get(detail)
    assert page.context["pending"] == 1
    response = client.post(reverse("emulation:period_close", args=[period.pk]), follow=True)
    assert "chưa được thẩm định" in response.content.decode()
    assert Period.objects.get().closing is None

    appraise_url = reverse("emulation:appraise", args=[period.pk, score.pk])
    bad = client.post(appraise_url, {"points": "5", "reason": ""})
    assert bad.status_code == 400 and "hãy ghi lý do" in bad.content.decode()
    assert ManualScore.objects.get().appraised_at is None
    ok = client.post(appraise_url, {"points": "5", "reason": "Chỉ áp dụng trong nội bộ"})
    assert ok.status_code == 302
    assert ManualScore.objects.get().appraised_points == 5

    client.post(reverse("emulation:period_close", args=[period.pk]))
    period.refresh_from_db()
    assert period.is_closed
    html = client.get(detail).content.decode()
    assert "Đã chốt" in html and 'id="reopen-link"' in html and 'id="close-button"' not in html

    reopen = reverse("emulation:period_reopen", args=[period.pk])
    bad = client.post(reopen, {"reason": "  "})
    assert bad.status_code == 400
    period.refresh_from_db()
    assert period.is_closed
    assert client.post(reopen, {"reason": "Bổ sung minh chứng"}).status_code == 302
    period.refresh_from_db()
    assert not period.is_closed
    assert "Bổ sung minh chứng" in client.get(detail).content.decode()


def test_unit_page_explains_every_line(client, cast, scored):
    period, _score = scored
    client.force_login(cast.head)
    html = client.get(
        reverse("emulation:unit_detail", args=[period.pk, cast.unit.pk])
    ).content.decode()
    assert "1 bài đăng Cổng TTĐT × 5 điểm = 5" in html
    assert "Tỷ lệ dự sinh hoạt 88,9% (8/9 lượt) ≥ 70%: 2 điểm" in html
    assert "minh-chung.pdf" in html and "chờ thẩm định" in html


def test_self_score_form_with_upload_and_bad_input(client, cast, world):
    client.force_login(cast.head)
    url = reverse("emulation:self_score", args=[world.period.pk, cast.unit.pk, "phoi-hop"])
    bad = client.post(url, {"points": "4", "note": "Không kèm tệp"})
    assert bad.status_code == 400 and "ít nhất một tệp minh chứng" in bad.content.decode()
    assert not ManualScore.objects.exists()
    upload = SimpleUploadedFile(
        "phong-su.pdf", b"%PDF-1.4 phong su", content_type="application/pdf"
    )
    ok = client.post(url, {"points": "4", "note": "Phóng sự trên Đài", "files": [upload]})
    assert ok.status_code == 302
    score = ManualScore.objects.get()
    assert (score.self_points, score.evidence.get().name) == (4, "phong-su.pdf")
    file = client.get(reverse("emulation:evidence", args=[score.evidence.get().pk]))
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")
    assert (
        client.get(
            reverse("emulation:self_score", args=[world.period.pk, cast.unit.pk, "khong-co"])
        ).status_code
        == 404
    )


def test_criteria_page_saves_versions_and_refuses_bad_bands(client, cast, world):
    client.force_login(cast.officer)
    url = reverse("emulation:criteria") + "?year=2023"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items()}
    data.update(
        {
            "articles-TOTAL_FORMS": "1",
            "articles-INITIAL_FORMS": "0",
            "articles-0-channel": "portal",
            "articles-0-kind": "bai",
            "articles-0-points": "6",
            "articles-0-for_unit": "on",
            "articles-0-for_person": "on",
            "manual-TOTAL_FORMS": "1",
            "manual-INITIAL_FORMS": "0",
            "manual-0-code": "sang-kien",
            "manual-0-title": "Sáng kiến",
            "manual-0-max_points": "10",
            "note": "Chỉ tính bài trên Cổng",
        }
    )
    bad = client.post(url, {**data, "attendance_bands": "≥ 90%: 1\n≥ 70%: 2"})
    assert bad.status_code == 400 and "không thấp hơn" in bad.content.decode()
    assert CriteriaVersion.objects.count() == 1
    assert client.post(url, data).status_code == 302
    version = CriteriaVersion.objects.get()  # not frozen yet: changed in place
    assert [r.points for r in version.criteria().articles] == [6]
    close_period(world.period, acting_user=cast.officer)
    page = client.get(url)
    assert 'id="frozen-note"' in page.content.decode()
    assert client.post(url, {**data, "articles-0-points": "7"}).status_code == 302
    assert CriteriaVersion.objects.count() == 2


def test_create_period_page(client, cast):
    client.force_login(cast.officer)
    url = reverse("emulation:period_create")
    response = client.post(url, {"kind": "quarter", "year": "2023", "number": "3"})
    assert response.status_code == 302
    bad = client.post(url, {"kind": "quarter", "year": "2023", "number": "3"})
    assert bad.status_code == 400 and "Quý III/2023 đã có" in bad.content.decode()
    bad = client.post(url, {"kind": "year", "year": "2023", "number": "2"})
    assert bad.status_code == 400 and "từ 1 đến 1" in bad.content.decode()
    assert Period.objects.count() == 1


def test_period_without_criteria_says_so(client, cast):
    client.force_login(cast.officer)
    client.post(reverse("emulation:period_create"), {"kind": "year", "year": "2021", "number": "1"})
    period = Period.objects.get()
    page = client.get(reverse("emulation:period_detail", args=[period.pk]))
    assert (
        page.status_code == 200 and "Chưa có bộ tiêu chí thi đua năm 2021" in page.content.decode()
    )
    response = client.get(reverse("emulation:export_xlsx", args=[period.pk]))
    assert response.status_code == 302


def test_exports_download(client, cast, scored):
    period, _ = scored
    client.force_login(cast.leader)
    response = client.get(reverse("emulation:export_xlsx", args=[period.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="ket-qua-thi-dua-2023-q2.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Xếp hạng đơn vị"
    response = client.get(reverse("emulation:export_docx", args=[period.pk]))
    assert response.content[:2] == b"PK"
