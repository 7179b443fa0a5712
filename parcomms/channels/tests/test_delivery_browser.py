"""The deliveries page and the Zalo OA settings page in headless Chromium (screenshots)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parcomms.channels.models import Delivery, ZaloAccount
from parcomms.channels.services import queue_delivery
from parcomms.channels.testing.articles import make_article
from parcomms.channels.testing.fixtures import fake_zalo_fixture  # noqa: F401
from parcomms.org.testing import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def some_deliveries(cast):
    now = timezone.now()
    rows = [
        ("Văn phòng UBND tỉnh triển khai Kế hoạch tuyên truyền CCHC năm 2023", {
            "status": "sent", "attempts": 1, "sent_at": now - timedelta(hours=3),
            "external_id": "8f2c61d0a9", "external_url": "https://zalo.me/fake-article/8f2c61d0a9",
        }),
        ("Hội nghị phổ biến Nghị định 30/2020/NĐ-CP về công tác văn thư", {
            "status": "failed", "attempts": 1, "failure_code": "give_up",
            "failure_reason": "Zalo báo tham số không hợp lệ (mã -201). Kiểm tra tiêu đề, tóm tắt, ảnh đại diện của bài.",
            "finished_at": now - timedelta(hours=1),
        }),
        ("Bản tin cải cách thủ tục hành chính tháng 3", {
            "status": "deferred", "next_attempt_at": now + timedelta(hours=7),
            "last_error": "Ngoài khung giờ được gửi của kênh.",
        }),
        ("Kết quả chỉ số PAR INDEX năm 2022 của tỉnh", {
            "status": "failed", "attempts": 2, "failure_code": "unconfirmed",
            "failure_reason": "Lần gửi trước bị gián đoạn khi đang phát tin tới người quan tâm Zalo OA, nên không rõ tin đã được gửi hay chưa.",
            "finished_at": now - timedelta(minutes=20),
        }),
    ]  # fmt: skip
    for title, fields in rows:
        article = make_article(cast.staff, channels=(), title=title)
        delivery = queue_delivery(article, "zalo", acting_user=cast.editor)
        blank = {"failure_code": "", "failure_reason": "", "last_error": "", "attempts": 0}
        Delivery.objects.filter(pk=delivery.pk).update(**{**blank, **fields})


def test_officer_sees_deliveries_and_retries(page, live_server, cast, fake_zalo, output_dir):
    some_deliveries(cast)
    admin_login(page, live_server.url, "chuyenvien")
    page.click("text=Đăng tải lên kênh")
    page.wait_for_selector("#delivery-table")
    page.screenshot(path=str(output_dir / "channels-deliveries.png"), full_page=True)
    rows = page.locator("#delivery-table tbody tr")
    assert rows.count() == 4
    assert "Đã gửi" in page.locator("tr[data-status=sent]").text_content()
    failed = page.locator("tr[data-status=failed]", has_text="Nghị định 30")
    failed.locator("button", has_text="Gửi lại").click()
    page.wait_for_selector("text=Đã xếp lịch gửi lại")
    page.screenshot(path=str(output_dir / "channels-deliveries-retried.png"), full_page=True)


def test_admin_sees_zalo_settings(page, live_server, cast, fake_zalo, output_dir):
    ZaloAccount.objects.create(
        organisation=cast.org,
        oa_id=fake_zalo.oa_id,
        app_id=fake_zalo.app_id,
        access_token="at",
        refresh_token="rt",
        expires_at=timezone.now() + timedelta(hours=20),
        refreshed_at=timezone.now() - timedelta(hours=5),
    )
    admin_login(page, live_server.url, "quantri")
    page.goto(f"{live_server.url}/admin/channels/zalo/")
    page.wait_for_selector("#zalo-status")
    assert "Đã kết nối" in page.text_content("#zalo-status")
    page.screenshot(path=str(output_dir / "channels-zalo-settings.png"), full_page=True)
