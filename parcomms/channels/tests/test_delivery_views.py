"""The deliveries page and the Zalo OA settings page: who may see and do what."""

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from parcomms.audit.models import AuditEntry
from parcomms.channels.models import Delivery, ZaloAccount
from parcomms.channels.services import queue_delivery
from parcomms.channels.testing.articles import make_article
from parcomms.channels.testing.fixtures import MORNING, fake_zalo_fixture, zalo_account_fixture  # noqa: F401
from parcomms.org.roles import Role
from parcomms.org.testing import is_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliveries(cast, fake_zalo):
    """One failed Zalo delivery in cast.org, one queued in the other organisation."""
    ours = queue_delivery(
        make_article(cast.staff, channels=()), "zalo", acting_user=cast.editor, now=MORNING
    )
    Delivery.objects.filter(pk=ours.pk).update(
        status=Delivery.Status.FAILED,
        failure_code=Delivery.Failure.GIVE_UP,
        failure_reason="Zalo báo tham số không hợp lệ (mã -201).",
    )
    theirs = queue_delivery(
        make_article(cast.other_org_staff, channels=(), title="Tin của Sở Nội vụ"),
        "zalo",
        acting_user=cast.other_org_officer,
        now=MORNING,
    )
    return Delivery.objects.get(pk=ours.pk), theirs


def urls(d):
    return {
        "list": reverse("channels:delivery_list"),
        "retry": reverse("channels:delivery_retry", args=[d.pk]),
        "cancel": reverse("channels:delivery_cancel", args=[d.pk]),
        "zalo": reverse("channels:zalo_settings"),
        "connect": reverse("channels:zalo_connect"),
        "callback": reverse("channels:zalo_callback"),
    }


def test_anonymous_is_sent_to_login(client, deliveries):
    ours, _theirs = deliveries
    for name, url in urls(ours).items():
        method = client.post if name in ("retry", "cancel", "connect") else client.get
        response = method(url)
        assert response.status_code == 302 and "/login/" in response["Location"], name
    assert Delivery.objects.get(pk=ours.pk).status == Delivery.Status.FAILED


def test_list_shows_own_organisation_to_officers_editors_admins(client, cast, deliveries):
    ours, theirs = deliveries
    for user in (cast.officer, cast.editor, cast.admin):
        client.force_login(user)
        response = client.get(reverse("channels:delivery_list"))
        assert response.status_code == 200
        assert [d.pk for d in response.context["page"]] == [ours.pk]
        body = response.content.decode()
        assert "Zalo báo tham số không hợp lệ (mã -201)." in body and "Gửi lại" in body
        assert "Tin của Sở Nội vụ" not in body
    client.force_login(cast.other_org_officer)
    page = client.get(reverse("channels:delivery_list")).context["page"]
    assert [d.pk for d in page] == [theirs.pk]


def test_list_refused_to_other_roles(client, cast, deliveries):
    for user in (cast.staff, cast.head, cast.leader):
        client.force_login(user)
        assert is_refused(client.get(reverse("channels:delivery_list")))


def test_filters(client, cast, deliveries):
    ours, _theirs = deliveries
    client.force_login(cast.officer)
    url = reverse("channels:delivery_list")
    assert [d.pk for d in client.get(url, {"status": "failed"}).context["page"]] == [ours.pk]
    assert list(client.get(url, {"status": "sent"}).context["page"]) == []
    assert [d.pk for d in client.get(url, {"channel": "zalo"}).context["page"]] == [ours.pk]
    response = client.get(url, {"status": "bogus"})  # an unknown filter value: no filter
    assert response.status_code == 200 and response.context["form"].errors


def test_list_queries_do_not_grow_with_rows(
    client, cast, deliveries, django_assert_max_num_queries
):
    for n in range(5):
        queue_delivery(
            make_article(cast.staff, channels=(), title=f"Bài số {n}"),
            "zalo",
            acting_user=cast.editor,
        )
    client.force_login(cast.officer)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("channels:delivery_list")).status_code == 200


def test_retry_by_an_editor(client, cast, deliveries):
    ours, _theirs = deliveries
    client.force_login(cast.editor)
    here = reverse("channels:delivery_list") + "?status=failed"
    response = client.post(reverse("channels:delivery_retry", args=[ours.pk]), {"next": here})
    assert response.status_code == 302 and response["Location"] == here
    ours.refresh_from_db()
    assert ours.status == Delivery.Status.QUEUED and ours.failure_reason == ""
    assert AuditEntry.objects.filter(action="delivery.retry", actor=cast.editor).exists()


def test_retry_refused_for_wrong_organisation_role_method(client, cast, deliveries):
    ours, theirs = deliveries
    url = reverse("channels:delivery_retry", args=[ours.pk])
    client.force_login(cast.other_org_officer)
    assert client.post(url).status_code == 404
    client.force_login(cast.officer)
    assert client.post(reverse("channels:delivery_retry", args=[theirs.pk])).status_code == 404
    for user in (cast.staff, cast.head, cast.leader):
        client.force_login(user)
        assert is_refused(client.post(url))
    client.force_login(cast.officer)
    assert client.get(url).status_code == 405
    assert Delivery.objects.get(pk=ours.pk).status == Delivery.Status.FAILED


def test_retry_of_a_waiting_delivery_is_refused_with_a_message(client, cast, deliveries):
    ours, _theirs = deliveries
    Delivery.objects.filter(pk=ours.pk).update(status=Delivery.Status.QUEUED)
    client.force_login(cast.officer)
    response = client.post(reverse("channels:delivery_retry", args=[ours.pk]), follow=True)
    assert "Chỉ gửi lại được lượt đăng tải thất bại hoặc đã hủy." in response.content.decode()
    assert not AuditEntry.objects.filter(action="delivery.retry").exists()


def test_unconfirmed_retry_needs_the_box_ticked(client, cast, deliveries):
    ours, _theirs = deliveries
    Delivery.objects.filter(pk=ours.pk).update(failure_code=Delivery.Failure.UNCONFIRMED)
    client.force_login(cast.officer)
    url = reverse("channels:delivery_retry", args=[ours.pk])
    assert 'name="confirm_unsent"' in client.get(reverse("channels:delivery_list")).content.decode()
    response = client.post(url, follow=True)
    assert "Tôi đã kiểm tra, tin chưa được gửi" in response.content.decode()
    assert Delivery.objects.get(pk=ours.pk).status == Delivery.Status.FAILED
    client.post(url, {"confirm_unsent": "on"})
    assert Delivery.objects.get(pk=ours.pk).status == Delivery.Status.QUEUED


def test_cancel(client, cast, deliveries):
    ours, theirs = deliveries
    client.force_login(cast.other_org_officer)
    client.post(reverse("channels:delivery_cancel", args=[theirs.pk]), {"reason": "Trùng tin"})
    theirs.refresh_from_db()
    assert theirs.status == Delivery.Status.CANCELLED and theirs.failure_reason == "Trùng tin"
    client.force_login(cast.officer)
    assert client.post(reverse("channels:delivery_cancel", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("channels:delivery_cancel", args=[ours.pk]), follow=True)
    assert "Chỉ hủy được lượt đăng tải đang chờ gửi." in response.content.decode()
    assert client.get(reverse("channels:delivery_cancel", args=[ours.pk])).status_code == 405
    response = client.post(
        reverse("channels:delivery_cancel", args=[ours.pk]), {"reason": "x" * 501}, follow=True
    )
    assert "tối đa 500 ký tự" in response.content.decode()


def test_open_redirect_is_ignored(client, cast, deliveries):
    ours, _theirs = deliveries
    client.force_login(cast.officer)
    response = client.post(
        reverse("channels:delivery_retry", args=[ours.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("channels:delivery_list")


# --- Zalo OA settings --------------------------------------------------------------------------


def test_zalo_settings_for_administrators_only(client, cast, fake_zalo):
    url = reverse("channels:zalo_settings")
    client.force_login(cast.admin)
    assert client.get(url).status_code == 200
    for user in (cast.officer, cast.editor, cast.head, cast.staff, cast.leader, cast.superuser):
        client.force_login(user)
        assert is_refused(client.get(url)), user
        assert is_refused(client.post(url, {"app_id": "123456"})), user
    client.force_login(cast.admin)
    assert client.put(url).status_code == 405
    assert client.get(reverse("channels:zalo_connect")).status_code == 405
    assert not ZaloAccount.objects.exists()


def test_zalo_settings_save_without_showing_secrets(client, cast, fake_zalo):
    client.force_login(cast.admin)
    url = reverse("channels:zalo_settings")
    response = client.post(
        url,
        {
            "oa_id": "43187",
            "app_id": "1234567890",
            "app_secret": "bi-mat-ung-dung",
            "refresh_token": "rt-abc",
            "broadcast_target": '{"cities": 4}',
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    account = ZaloAccount.objects.get(organisation=cast.org)
    assert (account.app_secret, account.refresh_token) == ("bi-mat-ung-dung", "rt-abc")
    assert account.broadcast_target == {"cities": "4"}
    body = client.get(url).content.decode()
    assert "bi-mat-ung-dung" not in body and "rt-abc" not in body
    entry = AuditEntry.objects.get(action="zalo.update")
    assert "bi-mat" not in str(entry.details) and "app_secret" in entry.details["changed"]
    # Saving again with blank secrets keeps them.
    client.post(url, {"oa_id": "43187", "app_id": "1234567890", "is_active": "on"})
    account.refresh_from_db()
    assert (account.app_secret, account.refresh_token) == ("bi-mat-ung-dung", "rt-abc")
    # An administrator of another organisation gets their own (empty) settings.
    other_admin = cast.other_org_officer
    other_admin.groups.add(Group.objects.get(name=Role.ADMIN.group_name))
    client.force_login(other_admin)
    assert client.get(url).context["account"] is None


@pytest.mark.parametrize(
    "data,message",
    [
        ({"app_id": "abc"}, "App ID là dãy chữ số do Zalo cấp."),
        ({"app_id": ""}, "This field is required"),
        ({"app_id": "123456", "broadcast_target": "{oops"}, "Không phải JSON hợp lệ."),
        ({"app_id": "123456", "broadcast_target": "[1, 2]"}, "Cần một đối tượng JSON"),
    ],
)
def test_zalo_settings_bad_input_changes_nothing(client, cast, fake_zalo, data, message):
    client.force_login(cast.admin)
    response = client.post(reverse("channels:zalo_settings"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body or (
        message == "This field is required" and "Trường này là bắt buộc" in body
    )
    assert not ZaloAccount.objects.exists()


def test_connect_with_zalo_pkce(client, cast, fake_zalo):
    ZaloAccount.objects.create(
        organisation=cast.org, app_id=fake_zalo.app_id, app_secret=fake_zalo.secret
    )
    client.force_login(cast.admin)
    response = client.post(reverse("channels:zalo_connect"))
    assert response.status_code == 302
    authorise = response["Location"]
    assert authorise.startswith(f"{fake_zalo.url}/v4/oa/permission?")
    query = parse_qs(urlsplit(authorise).query)
    assert query["app_id"] == [fake_zalo.app_id] and len(query["code_challenge"][0]) == 43
    # The browser at Zalo: the OA administrator agrees and is sent back with a code.
    back = httpx.get(authorise, follow_redirects=False).headers["Location"]
    assert back.startswith("http://testserver" + reverse("channels:zalo_callback"))
    response = client.get(back.removeprefix("http://testserver"), follow=True)
    assert "Đã kết nối Zalo OA." in response.content.decode()
    account = ZaloAccount.objects.get(organisation=cast.org)
    assert account.access_token in fake_zalo.access_tokens
    assert account.refresh_token in fake_zalo.refresh_tokens
    assert account.oa_id == fake_zalo.oa_id and account.pending_state == ""
    assert AuditEntry.objects.filter(action="zalo.connect", actor=cast.admin).exists()
    # The same code and state cannot be used twice.
    response = client.get(back.removeprefix("http://testserver"), follow=True)
    assert "không hợp lệ hoặc đã hết hạn" in response.content.decode()


def test_callback_with_a_forged_state_is_refused(client, cast, fake_zalo):
    ZaloAccount.objects.create(organisation=cast.org, app_id=fake_zalo.app_id)
    client.force_login(cast.admin)
    client.post(reverse("channels:zalo_connect"))
    response = client.get(
        reverse("channels:zalo_callback"), {"code": "x", "state": "forged"}, follow=True
    )
    assert "không hợp lệ hoặc đã hết hạn" in response.content.decode()
    assert ZaloAccount.objects.get(organisation=cast.org).access_token == ""
    client.force_login(cast.editor)
    assert is_refused(client.get(reverse("channels:zalo_callback"), {"code": "x", "state": "y"}))


def test_menu_items_by_role(client, cast):
    client.force_login(cast.editor)
    body = client.get("/admin/").content.decode()
    assert reverse("channels:delivery_list") in body
    assert reverse("channels:zalo_settings") not in body
    client.force_login(cast.admin)
    assert reverse("channels:zalo_settings") in client.get("/admin/").content.decode()
    client.force_login(cast.staff)
    assert reverse("channels:delivery_list") not in client.get("/admin/").content.decode()
