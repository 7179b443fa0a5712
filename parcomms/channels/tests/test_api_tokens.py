"""API tokens: made per organisation, stored hashed, shown once, revocable; the admin page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from parcomms.audit.models import AuditEntry
from parcomms.channels.models import ApiToken
from parcomms.channels.tokens import (
    TokenError,
    authenticate,
    create_token,
    hash_token,
    parse_authorization,
    revoke_token,
)
from parcomms.org.models import Notification
from parcomms.org.testing import admin_login, is_refused

pytestmark = pytest.mark.django_db

PORTAL = "/admin/publishing/portal/"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- pure parts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Bearer pct_abc", "pct_abc"),
        ("bearer   pct_abc  ", "pct_abc"),
        ("Basic dXNlcjpwYXNz", None),
        ("Bearer", None),
        ("Bearer a b", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_authorization(header, expected):
    assert parse_authorization(header) == expected


# --- the service ------------------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_hash(cast):
    token, raw = create_token(organisation=cast.org, name="Cổng tỉnh", acting_user=cast.officer)
    assert re.fullmatch(r"pct_[A-Za-z0-9_-]{43}", raw)
    row = ApiToken.objects.get(pk=token.pk)
    assert row.key_hash == hash_token(raw) and raw not in row.key_hash
    assert row.prefix == raw[:12]
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().first().values()]
    assert raw not in stored
    assert AuditEntry.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()
    # Audit details carry the name and prefix, never the token.
    entry = AuditEntry.objects.get(action="api_token.create")
    assert raw not in str(entry.details)


def test_authenticate_finds_the_token_and_marks_it_used(cast):
    token, raw = create_token(organisation=cast.org, name="Cổng tỉnh", acting_user=cast.officer)
    assert token.last_used_at is None
    found = authenticate(raw)
    assert found.pk == token.pk and found.organisation == cast.org
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    assert authenticate(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None
    assert authenticate("not-a-token") is None
    assert authenticate("") is None


def test_a_revoked_token_no_longer_authenticates(cast):
    token, raw = create_token(organisation=cast.org, name="Cổng tỉnh", acting_user=cast.officer)
    revoke_token(token, acting_user=cast.admin)
    assert authenticate(raw) is None
    token.refresh_from_db()
    assert token.revoked_by == cast.admin and not token.is_active
    assert AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()
    with pytest.raises(TokenError):
        revoke_token(token, acting_user=cast.admin)


def test_blank_name_is_refused_and_nothing_is_made(cast):
    with pytest.raises(TokenError, match="tên gợi nhớ"):
        create_token(organisation=cast.org, name="   ", acting_user=cast.officer)
    assert not ApiToken.objects.exists()


def test_other_administrators_are_told_about_new_tokens(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        create_token(organisation=cast.org, name="Cổng tỉnh", acting_user=cast.officer)
    assert Notification.objects.filter(recipient=cast.admin, kind="api_token").exists()
    assert not Notification.objects.filter(recipient=cast.officer, kind="api_token").exists()


# --- the admin page ---------------------------------------------------------------------------


def test_officer_creates_a_token_and_sees_it_once(cast):
    client = login(cast.officer)
    response = client.post(reverse("publishing:token_create"), {"name": "Cổng thông tin tỉnh"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = re.search(r'id="new-token-value"[^>]*>(pct_[^<]+)<', response.content.decode()).group(1)
    assert authenticate(raw).organisation == cast.org
    again = client.get(PORTAL)
    assert again.status_code == 200
    page = again.content.decode()
    assert raw not in page
    assert raw[:12] in page and "Cổng thông tin tỉnh" in page


def test_admin_revokes_a_token_from_the_page(cast):
    token, raw = create_token(organisation=cast.org, name="Cổng tỉnh", acting_user=cast.officer)
    response = login(cast.admin).post(reverse("publishing:token_revoke", args=[token.pk]))
    assert response.status_code == 302 and response["Location"] == PORTAL
    assert authenticate(raw) is None


def test_token_list_shows_only_the_own_organisation(cast):
    create_token(organisation=cast.org, name="Khóa của VPUB", acting_user=cast.officer)
    create_token(
        organisation=cast.other_org, name="Khóa của SNV", acting_user=cast.other_org_officer
    )
    page = login(cast.officer).get(PORTAL).content.decode()
    assert "Khóa của VPUB" in page and "Khóa của SNV" not in page


def test_create_with_blank_name_shows_the_error(cast):
    response = login(cast.officer).post(reverse("publishing:token_create"), {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("who", ["staff", "editor", "head", "leader"])
def test_wrong_roles_are_refused(cast, who):
    client = login(getattr(cast, who))
    token, raw = create_token(organisation=cast.org, name="Cổng tỉnh", acting_user=cast.officer)
    assert is_refused(client.get(PORTAL))
    assert is_refused(client.post(reverse("publishing:token_create"), {"name": "x"}))
    assert is_refused(client.post(reverse("publishing:token_revoke", args=[token.pk])))
    assert ApiToken.objects.count() == 1 and authenticate(raw) is not None


def test_anonymous_is_sent_to_login(cast):
    token, _ = create_token(organisation=cast.org, name="Cổng tỉnh", acting_user=cast.officer)
    client = Client()
    for response in (
        client.get(PORTAL),
        client.post(reverse("publishing:token_create"), {"name": "x"}),
        client.post(reverse("publishing:token_revoke", args=[token.pk])),
    ):
        assert response.status_code == 302 and "login" in response["Location"]
    assert ApiToken.objects.count() == 1


def test_other_organisation_cannot_revoke(cast):
    token, raw = create_token(organisation=cast.org, name="Cổng tỉnh", acting_user=cast.officer)
    response = login(cast.other_org_officer).post(
        reverse("publishing:token_revoke", args=[token.pk])
    )
    assert response.status_code == 404
    assert authenticate(raw) is not None


def test_superuser_without_organisation_is_refused(cast):
    assert is_refused(login(cast.superuser).get(PORTAL))


def test_wrong_methods(cast):
    client = login(cast.officer)
    token, _ = create_token(organisation=cast.org, name="Cổng tỉnh", acting_user=cast.officer)
    assert client.post(PORTAL).status_code == 405
    assert client.get(reverse("publishing:token_create")).status_code == 405
    assert client.get(reverse("publishing:token_revoke", args=[token.pk])).status_code == 405
    assert client.get(reverse("publishing:endpoint_save")).status_code == 405


# --- in the browser ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_makes_and_revokes_a_token_in_the_browser(page, live_server, cast, output_dir):

    create_token(organisation=cast.org, name="Cổng thông tin tỉnh (cũ)", acting_user=cast.admin)
    admin_login(page, live_server.url, "chuyenvien")
    page.click("text=Kết nối Cổng thông tin")
    page.fill("#token-form input[name=name]", "Cổng thông tin điện tử tỉnh Ninh Thuận")
    page.click("#token-form button[type=submit]")
    raw = page.inner_text("#new-token-value").strip()
    page.screenshot(path=str(output_dir / "channels-api-token-created.png"), full_page=True)
    assert authenticate(raw).organisation == cast.org
    page.on("dialog", lambda dialog: dialog.accept())
    row = page.locator("#token-table tr", has_text="(cũ)")
    row.locator("button", has_text="Thu hồi").click()
    page.wait_for_selector("text=Đã thu hồi khóa")
    page.screenshot(path=str(output_dir / "channels-api-tokens.png"), full_page=True)
    assert ApiToken.objects.active().count() == 1
