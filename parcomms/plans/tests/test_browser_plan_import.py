"""The reform officer imports the reference plan in the admin, checks the preview, confirms,
reads the plan page and searches the registry (headless Chromium)."""

import datetime as dt
from pathlib import Path

import pytest

from parcomms.legal.models import LegalDocument
from parcomms.org.testing import admin_login
from parcomms.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)


def full_screenshot(page, path):
    """Wagtail scrolls inside its own layout, so a full-page shot needs a viewport as tall as
    the content."""
    size = page.viewport_size
    height = page.evaluate(
        "Math.max(document.documentElement.scrollHeight,"
        " document.querySelector('main').scrollHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(height, 12000)})
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def test_officer_imports_plan_and_searches_registry(page, live_server, cast, output_dir):
    admin_login(page, live_server.url, "chuyenvien")

    # Upload from the plan list's button.
    page.click("#wagtail-sidebar >> text=Kế hoạch")
    page.wait_for_selector("#plan-table")
    page.click("text=Nhập kế hoạch")
    page.set_input_files("#plan-upload input[type=file]", str(REFERENCE))
    page.click("#plan-upload button[type=submit]")

    # The preview: parsed structure next to the highlighted source.
    page.wait_for_selector("#source-text")
    assert page.locator("#draft-documents .pc-document").count() == 20
    assert page.locator("#formset-topics .pc-row").count() == 8  # 7 topics + a blank row
    assert page.locator("#draft-warnings").is_visible()
    assert page.locator("#source-text mark.pc-mark--citation").count() >= 20
    assert page.locator("#source-text mark.pc-mark--target").count() >= 5
    parsed_box = page.locator(".pc-preview__parsed").bounding_box()
    source_box = page.locator(".pc-preview__source").bounding_box()
    assert source_box["x"] > parsed_box["x"] + parsed_box["width"] - 1  # two columns
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(output_dir / "plan-import-preview.png"))
    full_screenshot(page, output_dir / "plan-import-preview-full.png")
    page.locator("#source-text mark.pc-mark--target").first.scroll_into_view_if_needed()
    page.locator("#source-text").screenshot(path=str(output_dir / "plan-import-source.png"))

    # Correct a cited document and a section heading, keep them in the draft.
    nq76 = next(i for i in range(20) if page.input_value(f"#id_documents-{i}-number") == "76")
    page.locator(f"#document-{nq76 + 1} summary").click()  # each document opens on a click
    page.fill(f"#id_documents-{nq76}-date", "16/07/2021")
    page.locator("#formset-outline summary").click()
    assert page.input_value("#id_outline-1-title") == "Mục tiêu"
    page.fill("#id_outline-1-title", "Mục tiêu của kế hoạch")
    page.locator("#document-1").scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "plan-import-preview-documents.png"))
    page.locator("#formset-outline").scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "plan-import-preview-outline.png"))
    page.click("#save-draft-button")
    page.wait_for_selector("text=Đã lưu các chỗ sửa vào bản nháp")
    assert page.input_value(f"#id_documents-{nq76}-date") == "16/07/2021"
    assert page.input_value("#id_outline-1-title") == "Mục tiêu của kế hoạch"

    # Correct the title, confirm, land on the plan page.
    page.fill("#id_title", "Tuyên truyền cải cách hành chính năm 2023 của Văn phòng")
    page.click("#confirm-button")
    page.wait_for_selector("#plan-documents")
    plan = Plan.objects.get()
    assert page.url == f"{live_server.url}/admin/plans/{plan.pk}/"
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2023 của Văn phòng"
    assert "Đã lưu kế hoạch" in page.locator(".messages").inner_text()
    assert page.locator("#plan-documents tbody tr").count() == 20
    assert plan.sections.filter(title="Mục tiêu của kế hoạch", level=2).exists()
    assert LegalDocument.objects.get(key="76/NQ-CP").issued_on == dt.date(2021, 7, 16)
    assert "tháng 02 năm 2023" in page.locator("#plan-date").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    full_screenshot(page, output_dir / "plan-page.png")

    # The registry, searched without diacritics.
    page.click("#wagtail-sidebar >> text=Văn bản")
    page.wait_for_selector("#registry-table")
    page.fill("#registry-search input[name=q]", "nghi quyet 76")
    page.click("#registry-search button[type=submit]")
    page.wait_for_url("**q=nghi+quyet+76**")
    rows = page.locator("#registry-table tbody tr")
    assert rows.count() == 1
    assert "76/NQ-CP" in rows.first.inner_text()
    assert "Tuyên truyền cải cách hành chính năm 2023 của Văn phòng" in rows.first.inner_text()
    page.screenshot(path=str(output_dir / "registry-search.png"))
