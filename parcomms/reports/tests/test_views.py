"""Report pages: anonymous, wrong organisation, wrong role, wrong method, and the happy paths."""

import pytest
from django.urls import reverse

from parcomms.org.testing import is_refused
from parcomms.reports import services
from parcomms.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(cast):
    return services.create_report(
        organisation=cast.org, kind="communication", period="2023-Q2", acting_user=cast.officer
    )


def urls(report):
    pk = report.pk
    return {
        "list": reverse("reports:list"),
        "detail": reverse("reports:detail", args=[pk]),
        "docx": reverse("reports:download", args=[pk, "docx"]),
        "xlsx": reverse("reports:download", args=[pk, "xlsx"]),
    }


def test_anonymous_is_sent_to_login(client, report):
    for url in urls(report).values():
        assert client.get(url).status_code == 302
        assert "login" in client.get(url)["Location"]
    assert client.post(reverse("reports:review", args=[report.pk])).status_code == 302
    assert Report.objects.get(pk=report.pk).status == "draft"


def test_wrong_role_is_refused(client, cast, report):
    for user in (cast.staff, cast.head, cast.editor):
        client.force_login(user)
        assert is_refused(client.get(urls(report)["list"]))
        assert is_refused(client.get(urls(report)["detail"]))
        assert is_refused(client.post(reverse("reports:review", args=[report.pk])))
    client.force_login(cast.officer)  # the officer may not review or sign
    assert is_refused(client.post(reverse("reports:review", args=[report.pk])))
    client.force_login(cast.leader)  # leadership may not create
    assert is_refused(
        client.post(reverse("reports:create"), {"kind": "communication", "year": 2023, "part": "Y"})
    )
    assert Report.objects.get(pk=report.pk).status == "draft"


def test_other_organisation_gets_404(client, cast, report):
    client.force_login(cast.other_org_officer)
    assert client.get(urls(report)["detail"]).status_code == 404
    assert client.get(urls(report)["docx"]).status_code == 404
    assert client.post(reverse("reports:new_version", args=[report.pk])).status_code == 404
    page = client.get(urls(report)["list"])
    assert page.status_code == 200 and f"/reports/{report.pk}/" not in page.content.decode()


def test_wrong_method(client, cast, report):
    client.force_login(cast.leader)
    assert client.get(reverse("reports:review", args=[report.pk])).status_code == 405
    assert client.post(urls(report)["docx"]).status_code == 405
    client.force_login(cast.officer)
    assert client.get(reverse("reports:create")).status_code == 405
    assert client.delete(urls(report)["detail"]).status_code == 405


def test_officer_creates_edits_and_downloads(client, cast):
    client.force_login(cast.officer)
    bad = client.post(
        reverse("reports:create"), {"kind": "communication", "year": "2023", "part": "Q9"}
    )
    assert bad.status_code == 200 and not Report.objects.exists()
    assert "Hãy chọn kỳ báo cáo trong danh sách" in bad.content.decode()
    response = client.post(
        reverse("reports:create"), {"kind": "communication", "year": "2023", "part": "Q2"}
    )
    report = Report.objects.get()
    assert report.period == "2023-Q2"
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Số liệu tính từ cơ sở dữ liệu" in page and "Lời văn của báo cáo" in page
    client.post(response["Location"], {"number": "07", "proposals": "Đề nghị Sở Nội vụ tập huấn."})
    report.refresh_from_db()
    assert report.number == "07" and report.sections["proposals"] == "Đề nghị Sở Nội vụ tập huấn."
    docx = client.get(urls(report)["docx"])
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "bao-cao-communication-2023-Q2-v1.docx" in docx["Content-Disposition"]
    assert client.get(urls(report)["xlsx"]).content[:2] == b"PK"
    assert client.get(reverse("reports:download", args=[report.pk, "exe"])).status_code == 404


def test_leader_reviews_through_the_button(client, cast, report):
    client.force_login(cast.leader)
    assert "Lãnh đạo đã xem" in client.get(urls(report)["detail"]).content.decode()
    client.post(reverse("reports:review", args=[report.pk]))
    assert Report.objects.get(pk=report.pk).status == "reviewed"
