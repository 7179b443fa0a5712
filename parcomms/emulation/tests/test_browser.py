"""Headless Chromium: the reform officer reads the explained ranking and appraises, the unit
head scores the unit with evidence, the officer closes the period; screenshots of each page
go to test-output/emulation-*.png."""

import pytest

from parcomms.org.testing import admin_login

from .conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_self_score_appraise_and_close(page, live_server, cast, output_dir, tmp_path):
    world = build_world(cast)
    period = world.period
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 1800})

    admin_login(page, base, "truongphong")
    page.goto(f"{base}/admin/emulation/periods/{period.pk}/units/{cast.unit.pk}/")
    assert "25 điểm — xếp hạng 1/2" in page.inner_text("#unit-total")
    page.click("#manual-table tr[data-code='sang-kien'] a")
    evidence = tmp_path / "bien-ban-sang-kien.pdf"
    evidence.write_bytes(b"%PDF-1.4 bien ban")
    page.fill("input[name=points]", "8,5")
    page.fill("textarea[name=note]", "Mô hình “Zalo CCHC” trả lời câu hỏi của người dân.")
    page.set_input_files("input[name=files]", str(evidence))
    page.screenshot(path=str(output_dir / "emulation-1-self-score.png"), full_page=True)
    page.click("#self-score-form button[type=submit]")
    page.wait_for_selector("#unit-total")
    assert "bien-ban-sang-kien.pdf" in page.inner_text("#manual-table")

    admin_login(page, base, "chuyenvien")
    page.goto(f"{base}/admin/emulation/periods/{period.pk}/")
    assert "1 nội dung tự chấm chờ thẩm định" in page.inner_text("#pending-note")
    page.goto(f"{base}/admin/emulation/periods/{period.pk}/units/{cast.unit.pk}/")
    page.click("#manual-table tr[data-code='sang-kien'] a.button:not(.button-secondary)")
    page.fill("input[name=points]", "7")
    page.fill("textarea[name=reason]", "Mới triển khai ở một đơn vị.")
    page.screenshot(path=str(output_dir / "emulation-2-appraise.png"), full_page=True)
    page.click("#appraise-form button[type=submit]")
    page.wait_for_selector("#unit-lines")
    lines = page.inner_text("#unit-lines")
    assert "thẩm định 7 điểm (lý do: Mới triển khai ở một đơn vị.) = 7" in lines
    page.screenshot(path=str(output_dir / "emulation-3-unit-lines.png"), full_page=True)

    page.goto(f"{base}/admin/emulation/periods/{period.pk}/")
    page.click("#close-button")
    page.wait_for_selector("#reopen-link")
    assert "Đã chốt" in page.inner_text("#period-status")
    first = page.locator("#unit-ranking tbody tr").first
    assert first.get_attribute("data-rank") == "1"
    assert first.get_attribute("data-total") == "32"
    page.screenshot(path=str(output_dir / "emulation-4-period-closed.png"), full_page=True)

    page.goto(f"{base}/admin/emulation/criteria/?year=2023")
    assert page.locator("#frozen-note").is_visible()
    page.screenshot(path=str(output_dir / "emulation-5-criteria.png"), full_page=True)
