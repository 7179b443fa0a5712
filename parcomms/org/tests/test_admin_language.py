"""The admin and the public site stay Vietnamese whatever language the browser asks for: our
strings have no English version, so an English browser must not get Wagtail's and Django's
strings in English beside ours."""

import json

import pytest

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def shown(text: str, body: str) -> bool:
    # Sidebar props are JSON: non-ASCII characters are escaped as \uXXXX.
    return text in body or json.dumps(text)[1:-1] in body


@pytest.mark.django_db
def test_admin_sidebar_is_vietnamese_for_an_english_browser(client, cast):
    client.force_login(cast.officer)
    response = client.get("/admin/", **ENGLISH_BROWSER)
    assert response.status_code == 200
    body = response.content.decode()
    assert response.headers["Content-Language"] == "vi"
    for text in ("Trợ giúp", "Đăng xuất", "Tìm kiếm"):
        assert shown(text, body), text
    # (Wagtail's dashboard search button, value="Search", is hard-coded: not checked.)
    for text in ('"Help"', '"Log out"', '"Pages"', '"Images"', '"Documents"'):
        assert text not in body, text


@pytest.mark.django_db
def test_login_page_is_vietnamese_for_an_english_browser(client):
    body = client.get("/admin/login/", **ENGLISH_BROWSER).content.decode()
    assert "Mật khẩu" in body
    assert "Forgotten password?" not in body
