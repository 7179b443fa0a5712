import pytest
from django.contrib.auth.models import Group

from parcomms.org.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tour(page, live_server, cast):
    gid = Group.objects.get(name="Biên tập viên").pk
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/groups/{gid}/")
    page.wait_for_timeout(500)
    page.screenshot(path="/tmp/shots/u-group.png", full_page=True)
    page.goto(f"{live_server.url}/admin/users/{cast.head.pk}/")
    page.wait_for_timeout(500)
    page.screenshot(path="/tmp/shots/u-user.png")
    page.goto(f"{live_server.url}/admin/documents/")
    page.wait_for_timeout(400)
    page.screenshot(path="/tmp/shots/u-docs.png")
    page.click("button[aria-label='Ẩn/hiện thanh bên']")
    page.wait_for_timeout(600)
    page.screenshot(path="/tmp/shots/u-collapsed.png")
