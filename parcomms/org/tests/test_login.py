"""Login through the Wagtail admin, with lockout after repeated failures (django-axes)."""

import pytest
from django.test import override_settings

from parcomms.org.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_works_and_admin_is_vietnamese(client, cast):
    response = client.post(
        "/admin/login/", {"username": "truongphong", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="vi"' in body
    assert "Bảng điều khiển" in body or "Trang tổng quan" in body or "Lê Văn Cường" in body


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_after_repeated_failures(client, cast):
    for _ in range(3):
        client.post("/admin/login/", {"username": "truongphong", "password": "sai"})
    response = client.post("/admin/login/", {"username": "truongphong", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_csrf_enforced_on_login(cast):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/admin/login/", {"username": "truongphong", "password": PASSWORD})
    assert response.status_code == 403


def test_public_home_page(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Tuyên truyền cải cách hành chính" in response.content.decode()
