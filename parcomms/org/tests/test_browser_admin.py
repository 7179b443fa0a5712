"""A unit head logs in, opens the admin and the staff list (headless Chromium)."""

import pytest

from parcomms.org.testing import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_head_sees_own_unit_staff(page, live_server, cast, output_dir):
    admin_login(page, live_server.url, "truongphong")
    page.screenshot(path=str(output_dir / "admin-home-unit-head.png"), full_page=True)
    page.click("text=Cán bộ")
    page.wait_for_selector("#staff-table")
    page.screenshot(path=str(output_dir / "staff-list-unit-head.png"), full_page=True)
    rows = page.locator("#staff-table tbody tr").all_inner_texts()
    assert any("Đặng Thị Hà" in r for r in rows)
    assert not any("Bùi Văn Khoa" in r for r in rows)  # another unit
    assert page.locator("html").get_attribute("lang") == "vi"
