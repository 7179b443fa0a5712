"""Report workflow: draft → reviewed → signed off (immutable) → sent; new version is a copy."""

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document

from parcomms.audit.models import AuditEntry
from parcomms.reports import services
from parcomms.reports.models import Report
from parcomms.vn.dates import format_date_long

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_office(monkeypatch):
    from parcomms.reports import render
    from parcomms.vn.office import OfficeUnavailable

    def unavailable(_built):
        raise OfficeUnavailable("no soffice in this test")

    monkeypatch.setattr(render, "pdf_bytes", unavailable)


def make(cast, period="2023-Q2"):
    return services.create_report(
        organisation=cast.org,
        kind="communication",
        period=period,
        acting_user=cast.officer,
        parameters={"emails": ["sonv@example.invalid"]},
    )


def test_full_workflow_and_immutable_after_sign_off(
    cast, no_office, django_capture_on_commit_callbacks
):
    report = make(cast)
    assert report.status == "draft" and report.version == 1
    assert "directing" in report.sections
    services.update_text(
        report,
        sections={"proposals": "Đề nghị cấp kinh phí."},
        number="15",
        acting_user=cast.officer,
    )
    with pytest.raises(PermissionDenied):
        services.mark_reviewed(report, acting_user=cast.officer)  # leadership only
    report = services.mark_reviewed(report, acting_user=cast.leader)
    report = services.sign_off(report, acting_user=cast.leader)
    assert report.status == "signed_off" and report.signed_by == cast.leader
    assert report.signed_at is not None and report.docx and report.xlsx
    assert report.figures["current"]["period"] == "2023-Q2"
    with report.docx.open("rb") as fh:
        signed = Document(io.BytesIO(fh.read()))
    cells = " ".join(c.text for t in signed.tables for row in t.rows for c in row.cells)
    assert format_date_long(timezone.localdate()) in cells  # dated the day it was signed
    assert "Số: 15/BC" in cells
    with pytest.raises(ValidationError) as exc:
        services.update_text(report, sections={"proposals": "Sửa"}, acting_user=cast.officer)
    assert "đã ký" in exc.value.messages[0]
    report.refresh_from_db()
    assert report.sections["proposals"] == "Đề nghị cấp kinh phí."
    with django_capture_on_commit_callbacks(execute=True):
        report = services.send(report, acting_user=cast.officer)
    assert report.status == "sent"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sonv@example.invalid"]
    assert {a[0].rsplit(".", 1)[1] for a in mail.outbox[0].attachments} == {"docx", "xlsx"}
    copy = services.new_version(report, acting_user=cast.officer)
    assert (copy.version, copy.status, copy.previous_id) == (2, "draft", report.pk)
    assert copy.sections["proposals"] == "Đề nghị cấp kinh phí." and copy.figures == {}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "report.create",
        "report.update",
        "report.review",
        "report.sign_off",
        "report.send",
        "report.new_version",
    } <= actions


def test_signed_off_figures_do_not_change_when_data_changes(cast, q2_data, no_office):
    from parcomms.content.models import ArticlePage

    report = make(cast)
    services.mark_reviewed(report, acting_user=cast.leader)
    report = services.sign_off(report, acting_user=cast.leader)
    assert report.figures["current"]["articles"]["total"] == 3
    ArticlePage.objects.filter(title="Q2 c").delete()
    built = services.build(Report.objects.get(pk=report.pk))
    assert built.figures["current"]["articles"]["total"] == 3


def test_bad_paths_change_nothing(cast):
    report = make(cast)
    with pytest.raises(ValidationError):
        services.update_text(report, sections={"nope": "x"}, acting_user=cast.officer)
    with pytest.raises(ValidationError):
        services.update_text(report, sections={}, number="x" * 21, acting_user=cast.officer)
    with pytest.raises(ValidationError):
        services.sign_off(report, acting_user=cast.leader)  # not reviewed yet
    with pytest.raises(ValidationError):
        services.send(report, acting_user=cast.officer)  # not signed
    with pytest.raises(PermissionDenied):
        services.create_report(
            organisation=cast.org, kind="communication", period="2023", acting_user=cast.staff
        )
    report.refresh_from_db()
    assert report.status == "draft" and report.number == ""


def test_editing_a_reviewed_report_sends_it_back_to_draft(cast):
    report = services.mark_reviewed(make(cast), acting_user=cast.leader)
    report = services.update_text(report, sections={"limits": "Mới"}, acting_user=cast.officer)
    assert report.status == "draft" and report.reviewed_by is None
