"""The dashboard in a real browser at desktop size, as a leader and as a unit head, with a
year of demo activity; screenshots go to test-output/ to be looked at."""

import pytest
from django.core.management import call_command

from parcomms.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def full_height(page):
    """Wagtail scrolls inside its layout: grow the window to the page to capture it all."""
    height = page.evaluate(
        "Math.max(...Array.from(document.querySelectorAll('*')).map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": 1440, "height": min(max(900, height + 200), 9000)})


@pytest.fixture
def demo_year(cast, plan, history):
    cast.org.is_demo = True
    cast.org.save()
    call_command("load_demo_activity", organisation=cast.org.slug, articles_per_month=2)
    return cast


def test_leader_and_unit_head_dashboards(page, live_server, demo_year, output_dir):
    cast = demo_year
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, live_server, cast.leader.username)
    page.click("text=Tổng quan >> nth=0")
    page.wait_for_selector("#kpi-obligations")
    assert "Tổng quan thực hiện kế hoạch" in page.inner_text("h1")
    assert page.locator("#indicator-PAR_INDEX svg").count() == 1
    assert "PAR INDEX 2022: hạng 29/63, mục tiêu ≤ 30 — đạt" in page.inner_text(
        "#indicator-targets"
    )
    assert page.locator("#unit-ranking tbody tr").count() == 2
    assert page.locator("#monthly svg").count() == 2
    page.screenshot(path=output_dir / "dashboard-leader-top.png")
    full_height(page)
    page.screenshot(path=output_dir / "dashboard-leader.png", full_page=True)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, live_server, cast.head.username)
    page.goto(f"{live_server.url}/admin/dashboard/")
    page.wait_for_selector("#kpi-obligations")
    assert cast.unit.name in page.inner_text("h1")
    assert "xếp thứ" in page.inner_text("#own-rank")
    assert cast.other_unit.name not in page.inner_text("#unit-ranking")
    page.screenshot(path=output_dir / "dashboard-unit-head-top.png")
    full_height(page)
    page.screenshot(path=output_dir / "dashboard-unit-head.png", full_page=True)
