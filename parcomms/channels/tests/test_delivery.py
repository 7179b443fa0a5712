"""The delivery framework: queueing on publish, claiming, resuming, retrying, failing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parcomms.audit.models import AuditEntry
from parcomms.channels import registry
from parcomms.channels.models import Delivery
from parcomms.channels.registry import Defer, GiveUp, Publisher, PublishResult, RetryLater
from parcomms.channels.services import (
    DeliveryRefused,
    cancel_delivery,
    deliver_due,
    process_delivery,
    queue_article_deliveries,
    queue_delivery,
    retry_delivery,
)
from parcomms.channels.testing.articles import make_article
from parcomms.channels.testing.fixtures import MORNING, fake_zalo_fixture, zalo_account_fixture  # noqa: F401
from parcomms.org.models import Notification

pytestmark = pytest.mark.django_db


class ScriptedPublisher(Publisher):
    """A channel whose outcomes the test scripts: each publish pops the next outcome."""

    code = "scripted"
    label = "Kênh thử nghiệm"

    def __init__(self):
        self.outcomes = []
        self.calls = []
        self.quiet_until = None

    def earliest_send(self, now):
        return self.quiet_until

    def publish(self, attempt):
        self.calls.append(dict(attempt.progress))
        outcome = self.outcomes.pop(0) if self.outcomes else "ok"
        if isinstance(outcome, Exception):
            raise outcome
        if callable(outcome):
            return outcome(attempt)
        return PublishResult(external_id="ext-1", url="https://example.invalid/ext-1")


@pytest.fixture
def scripted(settings):
    settings.CHANNELS_RETRY_BASE_SECONDS = 60
    settings.CHANNELS_RETRY_MAX_SECONDS = 600
    settings.CHANNELS_MAX_ATTEMPTS = 5
    publisher = registry.register(ScriptedPublisher())
    yield publisher
    registry.unregister("scripted")


def queued(cast, channel="scripted", **kwargs):
    """A published article with a queued delivery that has not run yet."""
    article = make_article(cast.staff, channels=(), **kwargs)
    delivery = queue_delivery(article, channel, acting_user=cast.editor, now=MORNING)
    return article, delivery


def publish(cast, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return make_article(cast.staff, **kwargs)


# --- queueing -------------------------------------------------------------------------------


def test_publishing_sends_the_article_to_zalo(
    cast, zalo_account, fake_zalo, django_capture_on_commit_callbacks
):
    article = publish(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(article=article, channel="zalo")
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 1
    assert len(fake_zalo.broadcasts) == 1
    broadcast = fake_zalo.broadcasts[0]
    assert delivery.external_id == broadcast["article_id"]
    assert delivery.external_url == f"https://zalo.me/fake-article/{broadcast['article_id']}"
    assert delivery.progress["message_id"] == broadcast["message_id"]
    assert delivery.progress["token"] in fake_zalo.articles
    assert delivery.claim_token == "" and delivery.lease_expires_at is None
    assert delivery.sent_at is not None
    actions = set(
        AuditEntry.objects.filter(object_id=str(delivery.pk)).values_list("action", flat=True)
    )
    assert {"delivery.queue", "delivery.sent"} <= actions


def test_article_without_the_channel_gets_no_delivery(cast, scripted):
    article = make_article(cast.staff, channels=("portal-x",))
    assert not Delivery.objects.filter(article=article).exists()


def test_one_delivery_per_listed_channel_and_unknown_codes_are_skipped(cast, scripted):
    article = make_article(cast.staff, channels=("scripted", "fax"), publish=False)
    article.save_revision(user=cast.staff).publish(user=cast.staff, skip_permission_checks=True)
    assert list(Delivery.objects.filter(article=article).values_list("channel", flat=True)) == [
        "scripted"
    ]


def test_publishing_again_queues_nothing_new(
    cast, zalo_account, fake_zalo, django_capture_on_commit_callbacks
):
    article = publish(cast, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Đẩy mạnh cải cách thủ tục hành chính (cập nhật)"
        article.save_revision(user=cast.staff).publish(user=cast.staff, skip_permission_checks=True)
    assert Delivery.objects.filter(article=article).count() == 1
    assert len(fake_zalo.broadcasts) == 1


def test_scheduled_publication_is_not_queued_until_it_goes_live(cast, scripted):
    article = make_article(cast.staff, channels=("scripted",), publish=False)
    article.go_live_at = timezone.now() + timedelta(days=2)
    article.save_revision(user=cast.staff).publish(user=cast.staff, skip_permission_checks=True)
    assert not Delivery.objects.filter(article=article).exists()


def test_queue_refuses_unpublished_articles_and_unknown_channels(cast, scripted):
    draft = make_article(cast.staff, channels=(), publish=False)
    with pytest.raises(DeliveryRefused, match="đã xuất bản"):
        queue_delivery(draft, "scripted", acting_user=cast.editor)
    article = make_article(cast.staff, channels=(), title="Bài khác")
    with pytest.raises(DeliveryRefused, match="chưa được hỗ trợ"):
        queue_delivery(article, "fax", acting_user=cast.editor)
    assert not Delivery.objects.exists()


def test_queueing_twice_returns_the_same_delivery(cast, scripted):
    article, first = queued(cast)
    again = queue_delivery(article, "scripted", acting_user=cast.officer)
    assert again.pk == first.pk
    assert queue_article_deliveries(article, acting_user=None) == []  # not listed on the article
    assert Delivery.objects.count() == 1


# --- running --------------------------------------------------------------------------------


def test_attempt_sends_and_second_run_is_a_no_op(cast, scripted):
    _article, delivery = queued(cast)
    assert process_delivery(delivery.pk, now=MORNING) == "sent"
    assert process_delivery(delivery.pk, now=MORNING) == "skipped"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.external_id, delivery.external_url) == (
        Delivery.Status.SENT,
        "ext-1",
        "https://example.invalid/ext-1",
    )
    assert len(scripted.calls) == 1


def test_not_due_yet_is_skipped(cast, scripted):
    _article, delivery = queued(cast)
    assert process_delivery(delivery.pk, now=MORNING - timedelta(seconds=1)) == "skipped"
    assert scripted.calls == []


def test_a_live_claim_is_respected_and_an_expired_one_taken_over(cast, scripted):
    _article, delivery = queued(cast)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING,
        claim_token="someone-else",
        lease_expires_at=MORNING + timedelta(seconds=30),
        progress={"step_one": "done"},
    )
    assert process_delivery(delivery.pk, now=MORNING) == "skipped"
    assert scripted.calls == []
    assert process_delivery(delivery.pk, now=MORNING + timedelta(seconds=31)) == "sent"
    assert scripted.calls == [{"step_one": "done"}]  # resumed with the saved progress


def test_progress_is_saved_and_a_lost_claim_writes_nothing(cast, scripted):
    _article, delivery = queued(cast)

    def steal_midway(attempt):
        attempt.save_progress(step="one")
        Delivery.objects.filter(pk=attempt.delivery.pk).update(claim_token="thief")
        attempt.save_progress(step="two")  # raises ClaimLost
        return PublishResult("never")

    scripted.outcomes = [steal_midway]
    assert process_delivery(delivery.pk, now=MORNING) == "claim-lost"
    delivery.refresh_from_db()
    assert delivery.progress == {"step": "one"}
    assert delivery.status == Delivery.Status.SENDING and delivery.claim_token == "thief"


def test_retry_back_off_schedule_then_failure(
    cast, scripted, settings, django_capture_on_commit_callbacks
):
    _article, delivery = queued(cast)
    scripted.outcomes = [RetryLater("Kênh bận") for _ in range(5)]
    now = MORNING
    delays = []
    for _attempt in range(4):
        assert process_delivery(delivery.pk, now=now) == "retry"
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.QUEUED
        delays.append((delivery.next_attempt_at - now).total_seconds())
        assert (
            process_delivery(delivery.pk, now=delivery.next_attempt_at - timedelta(seconds=1))
            == "skipped"
        )
        now = delivery.next_attempt_at
    assert delays == [60, 120, 240, 480]
    with django_capture_on_commit_callbacks(execute=True):
        assert process_delivery(delivery.pk, now=now) == "failed"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.failure_code == Delivery.Failure.EXHAUSTED
    assert "5 lần" in delivery.failure_reason and "Kênh bận" in delivery.failure_reason
    assert delivery.attempts == 5


def test_back_off_is_capped(cast, scripted, settings):
    settings.CHANNELS_MAX_ATTEMPTS = 10
    _article, delivery = queued(cast)
    scripted.outcomes = [RetryLater("bận") for _ in range(6)]
    now = MORNING
    for _attempt in range(6):
        process_delivery(delivery.pk, now=now)
        delivery.refresh_from_db()
        last = (delivery.next_attempt_at - now).total_seconds()
        now = delivery.next_attempt_at
    assert last == 600  # CHANNELS_RETRY_MAX_SECONDS


def test_retry_later_with_its_own_delay(cast, scripted):
    _article, delivery = queued(cast)
    scripted.outcomes = [RetryLater("đang xử lý", delay=timedelta(seconds=5))]
    process_delivery(delivery.pk, now=MORNING)
    delivery.refresh_from_db()
    assert delivery.next_attempt_at == MORNING + timedelta(seconds=5)


def test_quiet_hours_defer_without_counting_an_attempt(cast, scripted):
    _article, delivery = queued(cast)
    scripted.quiet_until = MORNING + timedelta(hours=2)
    assert process_delivery(delivery.pk, now=MORNING) == "deferred"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.DEFERRED, 0)
    assert delivery.next_attempt_at == MORNING + timedelta(hours=2)
    assert scripted.calls == []
    scripted.quiet_until = None
    assert process_delivery(delivery.pk, now=MORNING + timedelta(hours=2)) == "sent"


def test_publisher_defer_keeps_progress(cast, scripted):
    _article, delivery = queued(cast)

    def half_then_defer(attempt):
        attempt.save_progress(half="done")
        raise Defer(MORNING + timedelta(minutes=1), "giới hạn")

    scripted.outcomes = [half_then_defer]
    assert process_delivery(delivery.pk, now=MORNING) == "deferred"
    delivery.refresh_from_db()
    assert delivery.progress == {"half": "done"} and delivery.attempts == 0
    assert process_delivery(delivery.pk, now=MORNING + timedelta(minutes=1)) == "sent"
    assert scripted.calls[-1] == {"half": "done"}


def test_give_up_fails_and_tells_authors_and_editors(
    cast, scripted, django_capture_on_commit_callbacks
):
    _article, delivery = queued(cast)
    scripted.outcomes = [GiveUp("Nội dung bị từ chối.")]
    with django_capture_on_commit_callbacks(execute=True):
        assert process_delivery(delivery.pk, now=MORNING) == "failed"
    delivery.refresh_from_db()
    assert delivery.failure_code == "give_up"
    assert delivery.failure_reason == "Nội dung bị từ chối."
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"congchuc", "bientap"}  # the author and the organisation's editor
    text = Notification.objects.first().text
    assert "Kênh thử nghiệm" in text and "Nội dung bị từ chối." in text
    assert AuditEntry.objects.filter(action="delivery.failed", object_id=str(delivery.pk)).exists()


def test_unexpected_exception_is_retried_with_its_message(cast, scripted):
    _article, delivery = queued(cast)
    scripted.outcomes = [ValueError("hỏng")]
    assert process_delivery(delivery.pk, now=MORNING) == "retry"
    delivery.refresh_from_db()
    assert delivery.last_error == "ValueError: hỏng"


def test_unpublished_article_is_not_sent(cast, scripted):
    article, delivery = queued(cast)
    article.unpublish()
    assert process_delivery(delivery.pk, now=MORNING) == "cancelled"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.CANCELLED
    assert "không còn được xuất bản" in delivery.failure_reason
    assert scripted.calls == []


def test_deliver_due_runs_what_is_due(cast, scripted):
    _a, due = queued(cast, title="Bài một")
    _b, later = queued(cast, title="Bài hai")
    Delivery.objects.filter(pk=later.pk).update(next_attempt_at=MORNING + timedelta(hours=1))
    assert deliver_due(now=MORNING) == {"sent": 1}
    assert Delivery.objects.get(pk=due.pk).status == Delivery.Status.SENT
    assert Delivery.objects.get(pk=later.pk).status == Delivery.Status.QUEUED


# --- people's actions ------------------------------------------------------------------------


def test_retry_only_failed_or_cancelled_and_it_resumes(cast, scripted):
    _article, delivery = queued(cast)
    with pytest.raises(DeliveryRefused, match="thất bại hoặc đã hủy"):
        retry_delivery(delivery, acting_user=cast.editor)

    def fail_after_step(attempt):
        attempt.save_progress(step="one")
        raise GiveUp("Sai")

    scripted.outcomes = [fail_after_step]
    process_delivery(delivery.pk, now=MORNING)
    delivery = retry_delivery(delivery, acting_user=cast.editor)
    assert (delivery.status, delivery.attempts, delivery.failure_code) == ("queued", 0, "")
    assert delivery.progress == {"step": "one"}
    assert AuditEntry.objects.filter(action="delivery.retry", actor=cast.editor).exists()
    assert process_delivery(delivery.pk, now=timezone.now()) == "sent"


def test_unconfirmed_needs_confirmation_which_clears_the_marker(cast, scripted):
    _article, delivery = queued(cast)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED,
        failure_code=Delivery.Failure.UNCONFIRMED,
        progress={"article_id": "a1", "broadcast_started_at": "2023-03-15T09:00:00+07:00"},
    )
    with pytest.raises(DeliveryRefused, match="kiểm tra"):
        retry_delivery(delivery, acting_user=cast.editor)
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.FAILED
    delivery = retry_delivery(delivery, acting_user=cast.editor, confirm_unsent=True)
    assert delivery.progress == {"article_id": "a1"}
    assert delivery.status == Delivery.Status.QUEUED


def test_cancel_only_while_waiting(cast, scripted):
    _article, delivery = queued(cast)
    delivery = cancel_delivery(delivery, acting_user=cast.editor, reason="  ")
    assert delivery.status == Delivery.Status.CANCELLED
    assert delivery.failure_reason == "Hủy bởi Võ Minh Đức."
    assert process_delivery(delivery.pk, now=MORNING) == "skipped"
    with pytest.raises(DeliveryRefused, match="đang chờ gửi"):
        cancel_delivery(delivery, acting_user=cast.editor)
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENDING)
    with pytest.raises(DeliveryRefused):
        cancel_delivery(delivery, acting_user=cast.editor)
    assert scripted.calls == []


def test_visible_to(cast, scripted):
    _article, delivery = queued(cast)
    for user in (cast.officer, cast.editor, cast.admin, cast.superuser):
        assert list(Delivery.objects.visible_to(user)) == [delivery]
    for user in (cast.staff, cast.head, cast.leader, cast.other_org_officer):
        assert not Delivery.objects.visible_to(user).exists()


def test_deliver_due_command(cast, scripted):
    from io import StringIO

    from django.core.management import call_command

    _a, delivery = queued(cast)
    out = StringIO()
    call_command("deliver_due", stdout=out)
    assert out.getvalue().strip() == "sent: 1"
    call_command("deliver_due", stdout=out)
    assert out.getvalue().strip().endswith("nothing due")


def test_bad_settings_are_reported_by_name(settings):
    from parcomms.channels.apps import check_settings

    assert check_settings() == []
    settings.ZALO_QUIET_HOURS = "22h-6h"
    settings.CHANNELS_LEASE_SECONDS = 5
    settings.ZALO_API_BASE = "http://openapi.zalo.example"
    settings.CHANNELS_RETRY_MAX_SECONDS = 1
    messages = {e.id: e.msg for e in check_settings()}
    assert set(messages) == {"channels.E001", "channels.E003", "channels.E004", "channels.W001"}
    assert messages["channels.E001"].startswith("ZALO_QUIET_HOURS")
    assert messages["channels.E004"].startswith("ZALO_API_BASE")
