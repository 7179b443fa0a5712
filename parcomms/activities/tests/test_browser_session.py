"""Headless Chromium: a unit head records a session with attendance list and content areas,
a staff member confirms presence with the code on a phone-sized screen, the unit's
obligation turns done and the coverage matrix counts the session."""

import datetime as dt

import pytest
from django.utils import timezone

from parcomms.activities.services import save_rule
from parcomms.org.testing import admin_login

from .conftest import local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mid_month(monkeypatch):
    """The server's clock reads the 15th of this month, 10:00, and keeps running: the session
    recorded "now" and the checks of "this month" agree even if the test runs across
    midnight at the end of a month (the live server runs in this process)."""
    real_now = timezone.now
    today = timezone.localdate()
    offset = local(today.year, today.month, 15, 10) - real_now()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)


def test_session_check_in_turns_the_obligation_done(
    mid_month, page, live_server, cast, plan, output_dir, chromium_browser
):
    base = live_server.url
    today = timezone.localdate()
    plan.year = today.year
    plan.save()
    save_rule(
        {
            "title": "Mỗi tháng ít nhất một buổi sinh hoạt có nội dung CCHC",
            "counts": "session",
            "period": "month",
            "required": 1,
            "all_units": True,
            "active_from": dt.date(today.year, 1, 1),
            "active_until": dt.date(today.year, 12, 31),
            "plan": plan,
            "duty": plan.duties.get(),
        },
        acting_user=cast.officer,
        organisation=cast.org,
    )

    # The admin scrolls inside its own pane: a tall window shows whole pages in screenshots.
    page.set_viewport_size({"width": 1280, "height": 1900})

    # The unit head records this month's legal-dissemination session.
    admin_login(page, base, "truongphong")
    page.goto(f"{base}/admin/dashboard/")
    sessions_before = int(page.inner_text("#kpi-sessions .pc-kpi__value"))
    gaps_before = int(page.inner_text("#kpi-gaps .pc-kpi__value"))
    page.goto(f"{base}/admin/activities/")
    page.click("#record-activity")
    page.fill("input[name=title]", "Sinh hoạt phổ biến pháp luật: cải cách thủ tục hành chính")
    page.fill("input[name=place]", "Phòng họp tầng 2")
    page.check(f"input[name=topics][value='{plan.topics.get(label='a').pk}']")
    page.check(f"input[name=topics][value='{plan.topics.get(label='c').pk}']")
    page.select_option("select[name=documents]", label="Quyết định số 1894/QĐ-UBND")
    page.fill("textarea[name=minutes]", "Quán triệt Kế hoạch tuyên truyền CCHC năm nay.")
    page.screenshot(path=str(output_dir / "activities-1-record-form.png"), full_page=True)
    page.click("#activity-form button[type=submit]")
    page.wait_for_selector("#checkin-code")
    code = page.inner_text("#checkin-code").strip()
    assert len(code) == 6
    assert "0/6" in page.inner_text("#attendance-summary")
    page.screenshot(path=str(output_dir / "activities-2-detail-with-code.png"), full_page=True)

    # Before anyone is there, the obligation is still due and the matrix is empty.
    page.goto(f"{base}/admin/activities/obligations/unit/{cast.unit.pk}/")
    assert page.locator(".pc-current").get_attribute("data-status") == "due"
    page.goto(f"{base}/admin/activities/coverage/")
    row_a = page.locator(
        f"#coverage-topics tr[data-subject='topic-{plan.topics.get(label='a').pk}']"
    )
    assert row_a.get_attribute("data-total") == "0"

    # A staff member confirms on a phone.
    phone = chromium_browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    mobile = phone.new_page()
    mobile.set_default_timeout(30_000)
    try:
        admin_login(mobile, base, "congchuc")
        mobile.goto(f"{base}/diem-danh/")
        mobile.fill("input[name=code]", code.lower())
        mobile.screenshot(path=str(output_dir / "activities-3-phone-code.png"), full_page=True)
        mobile.click("#checkin-form button[type=submit]")
        mobile.wait_for_selector("#checkin-result")
        assert "Đã xác nhận: bạn có mặt." in mobile.inner_text("#checkin-result")
        mobile.screenshot(path=str(output_dir / "activities-4-phone-confirmed.png"), full_page=True)
    finally:
        phone.close()

    # The head sees the presence, the obligation done and the matrix counting the session.
    page.goto(f"{base}/admin/activities/")
    page.click("#activity-table a")
    assert "1/6" in page.inner_text("#attendance-summary")
    page.click("#edit-attendance")
    page.check("tr:has-text('Trần Thị Bình') input[value=excused]")
    page.screenshot(path=str(output_dir / "activities-5a-attendance.png"), full_page=True)
    page.click("#attendance-form button[type=submit]")
    page.wait_for_selector("#attendance-summary")
    summary = page.inner_text("#attendance-summary")
    assert "Có mặt 1/6, vắng có lý do 1, vắng 4" in summary and "16,7%" in summary
    page.goto(f"{base}/admin/activities/obligations/unit/{cast.unit.pk}/")
    assert page.locator(".pc-current").get_attribute("data-status") == "done"
    assert "đã hoàn thành" in page.inner_text(".pc-current")
    page.screenshot(path=str(output_dir / "activities-5-obligation-done.png"), full_page=True)
    page.goto(f"{base}/admin/activities/coverage/")
    assert row_a.get_attribute("data-total") == "1"
    month = timezone.localdate().month
    assert row_a.locator("td.pc-cell").nth(month - 1).inner_text() == "1"
    page.screenshot(path=str(output_dir / "activities-6-coverage.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(output_dir / "activities-6b-coverage-print.png"), full_page=True)
    page.emulate_media(media="screen")

    # The unit head's dashboard counts the session and the two content areas are no longer gaps.
    page.goto(f"{base}/admin/dashboard/")
    assert int(page.inner_text("#kpi-sessions .pc-kpi__value")) == sessions_before + 1
    assert int(page.inner_text("#kpi-gaps .pc-kpi__value")) == gaps_before - 2
    page.screenshot(path=str(output_dir / "activities-10-dashboard-after.png"), full_page=True)

    # The reform officer's overview.
    page.context.clear_cookies()
    admin_login(page, base, "chuyenvien")
    page.goto(f"{base}/admin/activities/obligations/")
    page.screenshot(path=str(output_dir / "activities-7-obligations-overview.png"), full_page=True)
    page.goto(f"{base}/admin/activities/rules/")
    page.screenshot(path=str(output_dir / "activities-8-rules.png"), full_page=True)
    page.click("text=Tạo nghĩa vụ")
    assert page.input_value("select[name=counts]") == "session"
    page.screenshot(path=str(output_dir / "activities-9-rule-form.png"), full_page=True)
