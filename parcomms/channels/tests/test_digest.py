"""The weekly e-mail digest, sent through Django's SMTP backend to a real local SMTP server
(aiosmtpd on 127.0.0.1), and its weekly task chain."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from parcomms.audit.models import AuditEntry
from parcomms.channels import digest
from parcomms.channels.digest import (
    DigestError,
    create_subscription,
    next_send_time,
    send_digest,
    send_scheduled_digest,
    update_subscription,
)
from parcomms.channels.models import Delivery, DigestItem, DigestRun, DigestSubscription
from parcomms.channels.testing.articles import make_article
from parcomms.channels.testing.mail import free_port, parts, smtp_fixture  # noqa: F401
from parcomms.org.testing import is_refused

pytestmark = pytest.mark.django_db

VN = dt.timezone(dt.timedelta(hours=7))
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def publish(cast, capture, author=None, **kwargs):
    kwargs.setdefault("channels", ("email",))
    with capture(execute=True):
        return make_article(author or cast.staff, **kwargs)


@pytest.fixture
def subscription(cast):
    """A digest to the staff of Phòng Kinh tế (truongphong2, congchuc2)."""
    return create_subscription(
        organisation=cast.org,
        name="Bản tin CCHC tuần",
        units=[cast.other_unit],
        acting_user=cast.officer,
    )


# --- when (pure) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (dt.datetime(2025, 12, 7, 12, 0, tzinfo=VN), dt.datetime(2025, 12, 8, 7, 0, tzinfo=VN)),
        (dt.datetime(2025, 12, 8, 6, 59, tzinfo=VN), dt.datetime(2025, 12, 8, 7, 0, tzinfo=VN)),
        (dt.datetime(2025, 12, 8, 7, 0, tzinfo=VN), dt.datetime(2025, 12, 15, 7, 0, tzinfo=VN)),
        (
            dt.datetime(2025, 12, 10, 0, 0, tzinfo=dt.UTC),
            dt.datetime(2025, 12, 15, 7, 0, tzinfo=VN),
        ),
        # 8 Dec 00:30 UTC is already 07:30 on Monday in Vietnam: next Monday.
        (
            dt.datetime(2025, 12, 8, 0, 30, tzinfo=dt.UTC),
            dt.datetime(2025, 12, 15, 7, 0, tzinfo=VN),
        ),
    ],
)
def test_next_send_time_is_monday_7am_vietnam_time(after, expected):
    assert next_send_time(after, 0, 7) == expected


# --- what goes out ----------------------------------------------------------------------------


def test_digest_goes_to_the_chosen_units_staff_with_both_parts(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    first = publish(
        cast, django_capture_on_commit_callbacks, title="Rút ngắn thời gian giải quyết TTHC"
    )
    second = publish(cast, django_capture_on_commit_callbacks, title="Số hóa hồ sơ một cửa")
    publish(cast, django_capture_on_commit_callbacks, title="Tin chỉ cho Zalo", channels=("zalo",))
    publish(
        cast,
        django_capture_on_commit_callbacks,
        title="Tin của Sở Nội vụ",
        author=cast.other_org_staff,
    )

    runs = send_digest(subscription)
    assert len(runs) == 1 and runs[0].status == DigestRun.Status.SENT and runs[0].recipients == 2

    assert sorted(r for rcpt, _ in smtp.messages for r in rcpt) == [
        "congchuc2@example.invalid",
        "truongphong2@example.invalid",
    ]
    message = smtp.to("congchuc2@example.invalid")[0]
    assert message["From"] == "cchc@vpub.example.invalid"
    assert message["To"] == "congchuc2@example.invalid"  # one message each: no shared list
    assert "Bản tin cải cách hành chính" in message["Subject"]
    assert "Văn phòng UBND tỉnh Ninh Thuận" in message["Subject"]
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    for part in (text, html):
        assert "Bùi Văn Khoa" in part  # greeted by name
        assert "VĂN PHÒNG UBND TỈNH NINH THUẬN" in part or "Văn phòng UBND tỉnh Ninh Thuận" in part
        for article in (first, second):
            assert article.title in part
            assert article.summary in part
            assert article.get_full_url() in part
        assert "Tin chỉ cho Zalo" not in part and "Tin của Sở Nội vụ" not in part
    assert f'href="{first.get_full_url()}"' in html
    assert text.index(first.title) < text.index(second.title)  # in publication order
    assert "<" not in text.replace("<b>", "")  # the text part is text


def test_an_article_appears_in_exactly_one_digest(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    first = publish(cast, django_capture_on_commit_callbacks, title="Tin tuần trước")
    send_digest(subscription)
    assert len(smtp.messages) == 2

    assert send_digest(subscription) == []  # nothing new: nothing sent
    assert len(smtp.messages) == 2

    later = publish(cast, django_capture_on_commit_callbacks, title="Tin tuần này")
    send_digest(subscription)
    latest = smtp.to("truongphong2@example.invalid")[-1]
    text, _ = parts(latest)
    assert later.title in text and first.title not in text
    assert DigestItem.objects.filter(article=first).count() == 1
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None


def test_each_subscription_carries_the_article_once(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    other = create_subscription(
        organisation=cast.org, name="Bản tin lãnh đạo", units=[cast.unit], acting_user=cast.officer
    )
    article = publish(cast, django_capture_on_commit_callbacks)
    send_digest(subscription)
    send_digest(other)
    assert DigestItem.objects.filter(article=article).count() == 2
    assert len(smtp.to("lanhdao@example.invalid")) == 1
    assert len(smtp.to("congchuc2@example.invalid")) == 1


def test_a_sent_digest_records_an_email_delivery_per_article(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    article = publish(cast, django_capture_on_commit_callbacks)
    assert not Delivery.objects.filter(channel="email").exists()  # not on publish: by digest
    with django_capture_on_commit_callbacks(execute=True):
        run = send_digest(subscription)[0]
    delivery = Delivery.objects.get(article=article, channel="email")
    assert delivery.status == Delivery.Status.SENT
    assert delivery.external_id == f"digest:{run.pk}"
    entry = AuditEntry.objects.get(action="digest.send")
    assert entry.details["articles"] == [article.pk] and entry.details["recipients"] == 2


def test_inactive_and_departed_staff_get_nothing(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    staff = cast.other_staff.staff
    staff.is_active = False
    staff.save()
    publish(cast, django_capture_on_commit_callbacks)
    send_digest(subscription)
    assert [r for r, _ in smtp.messages] == [["truongphong2@example.invalid"]]


# --- failures ---------------------------------------------------------------------------------


def test_smtp_down_keeps_the_run_for_the_next_attempt(
    cast, smtp, subscription, settings, django_capture_on_commit_callbacks
):
    article = publish(cast, django_capture_on_commit_callbacks)
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with pytest.raises(OSError):
        send_digest(subscription)
    run = DigestRun.objects.get()
    assert run.status == DigestRun.Status.FAILED and run.error
    assert list(run.items.values_list("article_id", flat=True)) == [article.pk]

    settings.EMAIL_PORT = working_port
    runs = send_digest(subscription)
    assert [r.pk for r in runs] == [run.pk]  # the same run, not a new one
    assert DigestRun.objects.get().status == DigestRun.Status.SENT
    assert len(smtp.messages) == 2


def test_a_failure_half_way_does_not_resend_to_those_already_served(
    cast, smtp, subscription, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(digest, "SEND_CHUNK", 1)
    publish(cast, django_capture_on_commit_callbacks)
    # Recipients go in Vietnamese name order (given name first): Phạm Thị Dung, Bùi Văn Khoa.
    smtp.refuse = {"congchuc2@example.invalid"}
    with pytest.raises(Exception, match="451"):
        send_digest(subscription)
    assert DigestRun.objects.get().served == ["truongphong2@example.invalid"]
    send_digest(subscription)
    assert len(smtp.to("congchuc2@example.invalid")) == 1
    assert len(smtp.to("truongphong2@example.invalid")) == 1


# --- the weekly chain -------------------------------------------------------------------------


def dummy_results():
    from django_tasks import default_task_backend

    return default_task_backend.results


def digest_tasks():
    return [r for r in dummy_results() if r.task.func is send_scheduled_digest.func]


def task_due(result) -> dt.datetime:
    return dt.datetime.fromisoformat(result.args[1])


@override_settings(TASKS=DUMMY_TASKS)
def test_creating_a_subscription_queues_its_first_weekly_run(
    cast, django_capture_on_commit_callbacks
):
    now = dt.datetime(2025, 12, 10, 15, 0, tzinfo=VN)  # a Wednesday
    with django_capture_on_commit_callbacks(execute=True):
        sub = create_subscription(
            organisation=cast.org, name="Tuần", units=[cast.unit], acting_user=cast.officer, now=now
        )
    assert sub.next_send_at == dt.datetime(2025, 12, 15, 7, 0, tzinfo=VN)
    (result,) = digest_tasks()
    assert result.task.run_after == sub.next_send_at
    assert result.args[0] == sub.pk and task_due(result) == sub.next_send_at


@override_settings(TASKS=DUMMY_TASKS)
def test_the_weekly_task_sends_and_queues_itself_for_next_week(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    publish(cast, django_capture_on_commit_callbacks)
    subscription.refresh_from_db()
    due = subscription.next_send_at
    dummy_results().clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = send_scheduled_digest.call(subscription.pk, due.isoformat())
    assert outcome == "sent"
    assert len(smtp.messages) == 2
    subscription.refresh_from_db()
    assert subscription.next_send_at > timezone.now()
    assert timezone.localtime(subscription.next_send_at).weekday() == 0
    assert timezone.localtime(subscription.next_send_at).hour == 7
    queued = digest_tasks()
    assert queued[-1].task.run_after == subscription.next_send_at
    assert queued[-1].args[0] == subscription.pk
    assert task_due(queued[-1]) == subscription.next_send_at

    # A duplicate run of the slot already handled does nothing.
    assert send_scheduled_digest.call(subscription.pk, due.isoformat()) == "stale"
    assert len(smtp.messages) == 2


@override_settings(TASKS=DUMMY_TASKS)
def test_a_failed_weekly_run_is_retried_soon(
    cast, smtp, subscription, settings, django_capture_on_commit_callbacks
):
    publish(cast, django_capture_on_commit_callbacks)
    subscription.refresh_from_db()
    settings.EMAIL_PORT = free_port()
    due = subscription.next_send_at.isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_scheduled_digest.call(subscription.pk, due) == "failed"
    subscription.refresh_from_db()
    assert subscription.next_send_at - timezone.now() <= digest.RETRY_AFTER_FAILURE
    assert digest_tasks()[-1].task.run_after == subscription.next_send_at
    assert DigestRun.objects.get().status == DigestRun.Status.FAILED


def test_with_the_database_backend_the_first_run_is_queued_in_the_same_transaction(cast):
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        sub = create_subscription(
            organisation=cast.org, name="Tuần", units=[cast.unit], acting_user=cast.officer
        )
    row = DBTaskResult.objects.get(task_path="parcomms.channels.digest.send_scheduled_digest")
    assert row.run_after == sub.next_send_at
    assert row.args_kwargs["args"][0] == sub.pk


def test_a_paused_subscription_stops_its_chain(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    subscription.refresh_from_db()
    due = subscription.next_send_at
    update_subscription(
        subscription, name=subscription.name, units=[cast.other_unit], weekday=0, hour=7,
        include_subunits=True, is_active=False, acting_user=cast.officer,
    )  # fmt: skip
    publish(cast, django_capture_on_commit_callbacks)
    assert send_scheduled_digest.call(subscription.pk, due.isoformat()) == "stale"
    assert smtp.messages == []


def test_send_digest_command(cast, smtp, subscription, django_capture_on_commit_callbacks):
    publish(cast, django_capture_on_commit_callbacks, title="Tin gửi bằng lệnh")
    out = StringIO()
    call_command("send_digest", stdout=out)
    assert "Bản tin CCHC tuần: 1 tin, bài → 2 người" in out.getvalue()
    assert len(smtp.messages) == 2


def test_send_digest_command_due_only(cast, smtp, subscription, django_capture_on_commit_callbacks):
    publish(cast, django_capture_on_commit_callbacks)
    call_command("send_digest", "--due", stdout=StringIO())
    assert smtp.messages == []  # next Monday has not come
    DigestSubscription.objects.filter(pk=subscription.pk).update(
        next_send_at=timezone.now() - dt.timedelta(minutes=1)
    )
    call_command("send_digest", "--due", stdout=StringIO())
    assert len(smtp.messages) == 2


# --- bad input --------------------------------------------------------------------------------


def test_bad_subscriptions_are_refused_and_nothing_is_made(cast):
    with pytest.raises(DigestError, match="ít nhất một đơn vị"):
        create_subscription(organisation=cast.org, name="X", units=[], acting_user=cast.officer)
    with pytest.raises(DigestError, match="cơ quan mình"):
        create_subscription(
            organisation=cast.org, name="X", units=[cast.other_org_unit], acting_user=cast.officer
        )
    with pytest.raises(DigestError, match="Giờ gửi"):
        create_subscription(
            organisation=cast.org, name="X", units=[cast.unit], hour=24, acting_user=cast.officer
        )
    assert not DigestSubscription.objects.exists()


# --- admin pages ------------------------------------------------------------------------------


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_officer_creates_a_digest_from_the_page(cast):
    client = login(cast.officer)
    assert client.get(reverse("publishing:digest_create")).status_code == 200
    response = client.post(
        reverse("publishing:digest_create"),
        {
            "name": "Bản tin tuần",
            "units": [cast.unit.pk],
            "weekday": 4,
            "hour": 16,
            "is_active": "on",
        },
    )
    sub = DigestSubscription.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing:digest_edit", args=[sub.pk])
    assert sub.organisation == cast.org and sub.weekday == 4 and sub.hour == 16
    assert list(sub.units.all()) == [cast.unit]
    page = client.get(reverse("publishing:digest_list")).content.decode()
    assert "Bản tin tuần" in page and "Thứ Sáu, 16:00" in page


def test_another_organisations_unit_cannot_be_chosen(cast):
    response = login(cast.officer).post(
        reverse("publishing:digest_create"),
        {"name": "Bản tin", "units": [cast.other_org_unit.pk], "weekday": 0, "hour": 7},
    )
    assert response.status_code == 400
    assert not DigestSubscription.objects.exists()


def test_form_without_units_shows_the_error(cast):
    response = login(cast.officer).post(
        reverse("publishing:digest_create"), {"name": "Bản tin", "weekday": 0, "hour": 7}
    )
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một đơn vị" in response.content.decode()


def test_edit_and_send_now_from_the_page(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    client = login(cast.officer)
    page = client.get(reverse("publishing:digest_edit", args=[subscription.pk]))
    assert page.status_code == 200 and "Hiện có 2 người nhận" in page.content.decode()
    publish(cast, django_capture_on_commit_callbacks)
    response = client.post(reverse("publishing:digest_send", args=[subscription.pk]))
    assert response.status_code == 302
    assert len(smtp.messages) == 2
    response = client.post(
        reverse("publishing:digest_edit", args=[subscription.pk]),
        {"name": "Đổi tên", "units": [cast.unit.pk], "weekday": 2, "hour": 8},
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.name == "Đổi tên" and not subscription.is_active


@pytest.mark.parametrize("who", ["staff", "editor", "head", "leader", "superuser"])
def test_wrong_roles_are_refused(cast, subscription, who):
    client = login(getattr(cast, who))
    assert is_refused(client.get(reverse("publishing:digest_list")))
    assert is_refused(client.get(reverse("publishing:digest_create")))
    assert is_refused(client.get(reverse("publishing:digest_edit", args=[subscription.pk])))
    assert is_refused(client.post(reverse("publishing:digest_send", args=[subscription.pk])))
    assert DigestRun.objects.count() == 0


def test_other_organisation_gets_404(cast, subscription):
    client = login(cast.other_org_officer)
    assert client.get(reverse("publishing:digest_edit", args=[subscription.pk])).status_code == 404
    assert client.post(reverse("publishing:digest_send", args=[subscription.pk])).status_code == 404
    assert "Bản tin CCHC tuần" not in client.get(reverse("publishing:digest_list")).content.decode()


def test_anonymous_is_sent_to_login(cast, subscription):
    client = Client()
    for response in (
        client.get(reverse("publishing:digest_list")),
        client.post(reverse("publishing:digest_create"), {"name": "x"}),
        client.post(reverse("publishing:digest_send", args=[subscription.pk])),
    ):
        assert response.status_code == 302 and "login" in response["Location"]
    assert DigestSubscription.objects.count() == 1


def test_wrong_methods(cast, subscription):
    client = login(cast.officer)
    assert client.post(reverse("publishing:digest_list")).status_code == 405
    assert client.get(reverse("publishing:digest_send", args=[subscription.pk])).status_code == 405
    assert (
        client.delete(reverse("publishing:digest_edit", args=[subscription.pk])).status_code == 405
    )


@override_settings(TASKS=DUMMY_TASKS)
def test_send_now_goes_to_the_worker(cast, smtp, subscription, django_capture_on_commit_callbacks):
    from parcomms.channels.digest import send_digest_now

    publish(cast, django_capture_on_commit_callbacks)
    response = login(cast.officer).post(reverse("publishing:digest_send", args=[subscription.pk]))
    assert response.status_code == 302
    assert smtp.messages == []  # not in the web request
    (queued,) = [r for r in dummy_results() if r.task.func is send_digest_now.func]
    assert queued.args == [subscription.pk, cast.officer.pk]
    assert send_digest_now.call(*queued.args) == "sent"
    assert len(smtp.messages) == 2
    assert AuditEntry.objects.get(action="digest.send").actor == cast.officer


# --- unsubscribing ----------------------------------------------------------------------------


def unsubscribe_path(message) -> str:
    """The unsubscribe address of a received digest, as a path for the test client, after
    checking that both parts and the List-Unsubscribe header carry the same link."""
    header = str(message["List-Unsubscribe"]).strip()  # a long header is folded onto a new line
    assert header.startswith("<") and header.endswith(">")
    url = header[1:-1]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = parts(message)
    assert url in text
    assert f'href="{url}"' in html
    base = settings_base_url()
    assert url.startswith(base)
    return url[len(base) :]


def settings_base_url() -> str:
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def test_every_digest_has_an_unsubscribe_link_in_both_parts_and_the_header(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    publish(cast, django_capture_on_commit_callbacks)
    send_digest(subscription)
    mine = unsubscribe_path(smtp.to("congchuc2@example.invalid")[0])
    theirs = unsubscribe_path(smtp.to("truongphong2@example.invalid")[0])
    assert mine != theirs  # each reader's own link
    assert mine.startswith("/ban-tin/huy-nhan/")


def test_unsubscribing_by_post_leaves_them_out_of_the_next_digest_and_resubscribing_returns(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    publish(cast, django_capture_on_commit_callbacks, title="Tin tuần trước")
    send_digest(subscription)
    path = unsubscribe_path(smtp.to("congchuc2@example.invalid")[0])

    client = Client(enforce_csrf_checks=True)  # a link in a mail: no session, no CSRF cookie
    response = client.post(path, {"action": "unsubscribe"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đã hủy nhận" in page and 'value="resubscribe"' in page
    assert subscription.opt_outs.filter(email="congchuc2@example.invalid").exists()
    entry = AuditEntry.objects.get(action="digest.unsubscribe")
    assert entry.details["email"] == "congchuc2@example.invalid"

    publish(cast, django_capture_on_commit_callbacks, title="Tin tuần này")
    (run,) = send_digest(subscription)
    assert run.recipients == 1
    assert len(smtp.to("congchuc2@example.invalid")) == 1  # only last week's
    assert len(smtp.to("truongphong2@example.invalid")) == 2

    response = client.post(path, {"action": "resubscribe"})
    assert response.status_code == 200 and "Đã đăng ký lại" in response.content.decode()
    assert not subscription.opt_outs.exists()
    publish(cast, django_capture_on_commit_callbacks, title="Tin tuần sau")
    send_digest(subscription)
    assert len(smtp.to("congchuc2@example.invalid")) == 2


def test_one_click_unsubscribe_from_the_mail_program(
    cast, smtp, subscription, django_capture_on_commit_callbacks
):
    publish(cast, django_capture_on_commit_callbacks)
    send_digest(subscription)
    path = unsubscribe_path(smtp.to("truongphong2@example.invalid")[0])
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert list(subscription.opt_outs.values_list("email", flat=True)) == [
        "truongphong2@example.invalid"
    ]
    # Twice is the same as once.
    Client().post(path, {"action": "unsubscribe"})
    assert subscription.opt_outs.count() == 1
    assert AuditEntry.objects.filter(action="digest.unsubscribe").count() == 1


def test_opening_the_link_only_asks(cast, subscription):
    path = reverse(
        "digest_unsubscribe",
        args=[digest.unsubscribe_token(subscription, "CongChuc2@example.invalid")],
    )
    response = Client().get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hủy nhận bản tin" in page and 'value="unsubscribe"' in page
    assert "congchuc2@example.invalid" in page and "Bản tin CCHC tuần" in page
    assert Client().head(path).status_code == 200
    assert not subscription.opt_outs.exists()
    assert not AuditEntry.objects.filter(action__startswith="digest.unsub").exists()
    assert {p.email for p in digest.recipients(subscription)} == {
        "truongphong2@example.invalid",
        "congchuc2@example.invalid",
    }


def _forged_tokens(subscription):
    from django.core import signing

    good = digest.unsubscribe_token(subscription, "congchuc2@example.invalid")
    other_salt = signing.dumps(
        {"s": subscription.pk, "e": "congchuc2@example.invalid"}, salt="something-else"
    )
    tampered = signing.dumps({"s": subscription.pk, "e": "truongphong2@example.invalid"})
    return {
        "garbage": "khong-phai-ma",
        "cut": good[:-3],
        "other_salt": other_salt,
        "other_payload": good.split(":", 1)[0] + "x:" + good.split(":", 1)[1],
        "unsalted": tampered,
    }


@pytest.mark.parametrize("kind", ["garbage", "cut", "other_salt", "other_payload", "unsalted"])
def test_forged_tokens_are_refused_and_change_nothing(cast, subscription, kind):
    path = reverse("digest_unsubscribe", args=[_forged_tokens(subscription)[kind]])
    for response in (Client().get(path), Client().post(path, {"action": "unsubscribe"})):
        assert response.status_code == 400
        assert "Đường dẫn hủy nhận bản tin không hợp lệ" in response.content.decode()
    assert not subscription.opt_outs.exists()
    assert len(digest.recipients(subscription)) == 2


def test_expired_and_orphaned_tokens_are_refused(cast, subscription, monkeypatch):
    token = digest.unsubscribe_token(subscription, "congchuc2@example.invalid")
    path = reverse("digest_unsubscribe", args=[token])
    monkeypatch.setattr(digest, "UNSUBSCRIBE_MAX_AGE", dt.timedelta(seconds=-1))
    response = Client().post(path, {"action": "unsubscribe"})
    assert response.status_code == 400 and "đã hết hạn" in response.content.decode()
    assert not subscription.opt_outs.exists()
    monkeypatch.undo()

    subscription.delete()
    response = Client().post(path, {"action": "unsubscribe"})
    assert response.status_code == 400 and "không còn nữa" in response.content.decode()


def test_unsubscribe_wrong_method_and_unknown_action(cast, subscription):
    path = reverse(
        "digest_unsubscribe",
        args=[digest.unsubscribe_token(subscription, "congchuc2@example.invalid")],
    )
    assert Client().put(path).status_code == 405
    assert Client().delete(path).status_code == 405
    response = Client().post(path, {"action": "xoa-het"})
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()
    assert not subscription.opt_outs.exists()
