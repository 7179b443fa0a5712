import json

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from parcomms.org.models import Notification
from parcomms.org.notify import notify

pytestmark = pytest.mark.django_db(transaction=True)


def test_notify_after_commit_only(cast):
    with transaction.atomic():
        notify([cast.head], "Bài viết chờ duyệt", link="/admin/")
        assert not Notification.objects.exists()  # not before commit
    assert Notification.objects.get().recipient == cast.head
    assert mail.outbox[0].to == [cast.head.email]


def test_rolled_back_change_notifies_nobody(cast):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([cast.head], "Bài viết chờ duyệt")
        raise RuntimeError
    assert not Notification.objects.exists() and not mail.outbox


def test_list_is_personal_and_mark_read(client, cast):
    notify([cast.head], "cho truong phong", email=False)
    notify([cast.staff], "cho cong chuc", email=False)
    url = reverse("org:notifications")
    assert client.get(url).status_code == 302  # anonymous
    client.force_login(cast.head)
    assert [n.text for n in client.get(url).context["page"]] == ["cho truong phong"]
    body = client.get("/admin/").content.decode()
    assert "Thông báo (1)" in body or json.dumps("Thông báo (1)")[1:-1] in body
    assert client.get(reverse("org:notifications_read")).status_code == 405
    client.post(reverse("org:notifications_read"))
    assert not Notification.objects.filter(recipient=cast.head, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=cast.staff, read_at__isnull=True).exists()
