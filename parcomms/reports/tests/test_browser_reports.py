"""Headless Chromium: the officer creates the 2023-Q2 report, sees the figures, edits the
words; the leader marks it reviewed. Screenshots in test-output/reports/."""

import pytest

from parcomms.org.testing import admin_login
from parcomms.reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_creates_and_leader_reviews(page, live_server, cast, q2_data, output_dir):
    folder = output_dir / "reports"
    folder.mkdir(exist_ok=True)
    base = live_server.url
    admin_login(page, base, cast.officer.username)
    page.goto(f"{base}/admin/reports/")
    page.fill("input[name=year]", "2100")  # a kỳ that has not begun: refused, nothing stored
    page.select_option("select[name=part]", "Q1")
    page.click("#report-create-form button[type=submit]")
    page.wait_for_selector("text=quý I năm 2100 chưa bắt đầu")
    page.screenshot(path=str(folder / "report-create-error.png"), full_page=True)
    assert not Report.objects.exists()
    page.fill("input[name=year]", "2023")
    page.select_option("select[name=part]", "Q2")
    page.screenshot(path=str(folder / "report-create-form.png"), full_page=True)
    page.click("#report-create-form button[type=submit]")
    page.wait_for_selector("text=Số liệu tính từ cơ sở dữ liệu")
    assert "Tuyên truyền về cải cách thủ tục hành chính" in page.content()
    page.fill("textarea[name=proposals]", "Đề nghị Sở Nội vụ mở lớp tập huấn.")
    page.click("text=Lưu lời văn")
    page.wait_for_selector("text=Đã lưu lời văn báo cáo.")
    page.screenshot(path=str(folder / "report-edit.png"), full_page=True)
    report = Report.objects.get()
    assert report.sections["proposals"] == "Đề nghị Sở Nội vụ mở lớp tập huấn."
    page.context.clear_cookies()
    admin_login(page, base, cast.leader.username)
    page.goto(f"{base}/admin/reports/{report.pk}/")
    page.click("button:has-text('Lãnh đạo đã xem')")
    page.wait_for_selector("text=Ký báo cáo")
    report.refresh_from_db()
    assert report.status == "reviewed"
    page.goto(f"{base}/admin/reports/")
    page.screenshot(path=str(folder / "report-list.png"), full_page=True)
