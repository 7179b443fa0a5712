"""A unit head logs in, opens the admin and the staff list (headless Chromium)."""

import pytest

from parcomms.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_unit_head_sees_own_unit_staff(page, live_server, cast, output_dir):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "truongphong")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.screenshot(path=str(output_dir / "admin-home-unit-head.png"), full_page=True)
    page.click("text=Cán bộ")
    page.wait_for_selector("#staff-table")
    page.screenshot(path=str(output_dir / "staff-list-unit-head.png"), full_page=True)
    rows = page.locator("#staff-table tbody tr").all_inner_texts()
    assert any("Đặng Thị Hà" in r for r in rows)
    assert not any("Bùi Văn Khoa" in r for r in rows)  # another unit
    assert page.locator("html").get_attribute("lang") == "vi"
