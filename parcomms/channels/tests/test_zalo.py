"""The Zalo OA client and publisher against the local fake Zalo server."""

from datetime import timedelta

import pytest

from parcomms.audit.models import AuditEntry
from parcomms.channels import ratelimit
from parcomms.channels.models import Delivery, ZaloAccount
from parcomms.channels.services import process_delivery, queue_delivery, retry_delivery
from parcomms.channels.testing.articles import make_article
from parcomms.channels.testing.fixtures import MORNING, fake_zalo_fixture, zalo_account_fixture  # noqa: F401
from parcomms.channels.zalo import GIVE_UP_REASONS, build_payload
from parcomms.org.models import Notification

pytestmark = pytest.mark.django_db

CREATE, VERIFY, MESSAGE = "/v2.0/article/create", "/v2.0/article/verify", "/v2.0/oa/message"
TOKEN = "/v4/oa/access_token"


@pytest.fixture
def zalo_rules(settings, fake_zalo):
    settings.ZALO_QUIET_HOURS = "22:00-06:00"
    return fake_zalo


def zalo_delivery(cast, title="Đẩy mạnh cải cách thủ tục hành chính năm 2023"):
    article = make_article(cast.staff, channels=(), title=title)
    return queue_delivery(article, "zalo", acting_user=cast.editor, now=MORNING)


def run(delivery, now=MORNING):
    outcome = process_delivery(delivery.pk, now=now)
    delivery.refresh_from_db()
    return outcome


def test_three_calls_in_order_with_the_access_token_header(cast, zalo_account, zalo_rules):
    delivery = zalo_delivery(cast)
    assert run(delivery) == "sent"
    paths = [p for _m, p in zalo_rules.calls]
    assert paths == [CREATE, VERIFY, MESSAGE, "/v2.0/article/getdetail"]
    broadcast = zalo_rules.broadcasts[0]
    assert broadcast["access_token"] == zalo_account.access_token
    assert broadcast["target"] == {}
    assert delivery.external_id == broadcast["article_id"]
    assert zalo_rules.articles[delivery.progress["token"]]["title"] == delivery.article.title


def test_payload_of_an_article(cast, zalo_account):
    article = make_article(cast.staff, channels=())
    payload = build_payload(article)
    assert payload["title"] == article.title
    assert payload["author"] == "Đặng Thị Hà"
    assert payload["description"] == article.summary
    assert payload["body"][0] == {
        "type": "text",
        "content": "Nội dung <b>tuyên truyền</b> cải cách hành chính.",
    }
    assert article.full_url in payload["body"][-1]["content"]


def test_broadcast_target_from_the_account(cast, zalo_account, zalo_rules):
    ZaloAccount.objects.filter(pk=zalo_account.pk).update(broadcast_target={"cities": "4"})
    delivery = zalo_delivery(cast)
    run(delivery)
    assert zalo_rules.broadcasts[0]["target"] == {"cities": "4"}


# --- error codes ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [-32, -211])
def test_back_off_codes_retry(cast, zalo_account, zalo_rules, code):
    zalo_rules.fail_next(CREATE, code)
    delivery = zalo_delivery(cast)
    assert run(delivery) == "retry"
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.next_attempt_at == MORNING + timedelta(seconds=60)
    assert f"mã {code}" in delivery.last_error
    assert run(delivery, delivery.next_attempt_at) == "sent"
    assert len(zalo_rules.broadcasts) == 1


def test_article_being_processed_retries_verify_only(cast, zalo_account, zalo_rules):
    zalo_rules.verify_pending = 1
    delivery = zalo_delivery(cast)
    assert run(delivery) == "retry"
    assert delivery.next_attempt_at == MORNING + timedelta(seconds=30)
    assert "token" in delivery.progress and "article_id" not in delivery.progress
    assert run(delivery, delivery.next_attempt_at) == "sent"
    assert zalo_rules.count(CREATE) == 1 and zalo_rules.count(VERIFY) == 2


@pytest.mark.parametrize("code", sorted(GIVE_UP_REASONS))
def test_give_up_codes_fail_with_a_vietnamese_reason(
    cast, zalo_account, zalo_rules, code, django_capture_on_commit_callbacks
):
    zalo_rules.fail_next(CREATE, code)
    delivery = zalo_delivery(cast)
    with django_capture_on_commit_callbacks(execute=True):
        assert run(delivery) == "failed"
    assert delivery.failure_code == Delivery.Failure.GIVE_UP
    assert delivery.failure_reason == GIVE_UP_REASONS[code]
    assert f"mã {code}" in delivery.failure_reason
    assert Notification.objects.filter(kind="delivery_failed").count() == 2
    assert zalo_rules.broadcasts == []


def test_unknown_code_gives_up_with_zalos_message(cast, zalo_account, zalo_rules):
    zalo_rules.fail_next(MESSAGE, -999)
    delivery = zalo_delivery(cast)
    assert run(delivery) == "failed"
    assert delivery.failure_reason == "Zalo trả lỗi mã -999: Injected error -999"
    assert delivery.progress.get("broadcast_started_at") is None  # Zalo answered: not sent


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_server_errors_before_the_broadcast_retry(cast, zalo_account, zalo_rules, status):
    zalo_rules.fail_next_http(VERIFY, status)
    delivery = zalo_delivery(cast)
    assert run(delivery) == "retry"
    assert f"HTTP {status}" in delivery.last_error
    assert run(delivery, delivery.next_attempt_at) == "sent"
    assert zalo_rules.count(CREATE) == 1 and len(zalo_rules.broadcasts) == 1


def test_network_error_retries(cast, zalo_account, zalo_rules, settings):
    settings.ZALO_API_BASE = "http://127.0.0.1:9"  # nothing listens on the discard port
    delivery = zalo_delivery(cast)
    assert run(delivery) == "retry"
    assert "Không kết nối được Zalo" in delivery.last_error


@pytest.mark.parametrize("status", [429, 503])
def test_broadcast_refused_before_processing_is_retried(cast, zalo_account, zalo_rules, status):
    zalo_rules.fail_next_http(MESSAGE, status)
    delivery = zalo_delivery(cast)
    assert run(delivery) == "retry"
    assert not delivery.progress.get("broadcast_started_at")
    assert run(delivery, delivery.next_attempt_at) == "sent"
    assert len(zalo_rules.broadcasts) == 1


@pytest.mark.parametrize("status", [500, 502, 504])
def test_broadcast_with_an_ambiguous_answer_is_not_repeated(cast, zalo_account, zalo_rules, status):
    zalo_rules.fail_next_http(MESSAGE, status)
    delivery = zalo_delivery(cast)
    assert run(delivery) == "failed"
    assert delivery.failure_code == Delivery.Failure.UNCONFIRMED
    assert "không rõ tin đã được gửi" in delivery.failure_reason
    assert run(delivery, MORNING + timedelta(hours=1)) == "skipped"
    assert zalo_rules.count(MESSAGE) == 1


def test_broadcast_timeout_is_unconfirmed_then_confirmed_retry_sends_once(
    cast, zalo_account, zalo_rules, settings
):
    # Zalo broadcasts but holds the answer until after our timeout. The timeout is generous
    # enough that the calls before the broadcast never hit it, even on a loaded machine.
    settings.ZALO_HTTP_TIMEOUT_SECONDS = 2
    gate = zalo_rules.hold(MESSAGE)
    delivery = zalo_delivery(cast)
    try:
        assert run(delivery) == "failed"
    finally:
        gate.release.set()
    assert gate.arrived.is_set()
    assert delivery.failure_code == Delivery.Failure.UNCONFIRMED
    assert len(zalo_rules.broadcasts) == 1
    delivery = retry_delivery(delivery, acting_user=cast.editor, confirm_unsent=True)
    later = MORNING + timedelta(hours=1)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=later)
    assert run(delivery, later) == "sent"
    # The person said it was not sent; they were wrong here, so it did go twice — which is
    # why a retry of an unconfirmed delivery needs that explicit confirmation.
    assert zalo_rules.count(CREATE) == 1 and len(zalo_rules.broadcasts) == 2


# --- quiet hours ------------------------------------------------------------------------------


def test_no_calls_at_night_and_sent_at_six(cast, zalo_account, zalo_rules):
    delivery = zalo_delivery(cast)
    night = MORNING.replace(hour=23, minute=15)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=night)
    assert run(delivery, night) == "deferred"
    assert delivery.status == Delivery.Status.DEFERRED and delivery.attempts == 0
    assert delivery.next_attempt_at == MORNING.replace(day=16, hour=6, minute=0)
    assert zalo_rules.calls == []
    assert run(delivery, delivery.next_attempt_at) == "sent"
    assert len(zalo_rules.broadcasts) == 1


def test_zalo_night_refusal_defers_the_broadcast_only(cast, zalo_account, zalo_rules):
    zalo_rules.night = True  # Zalo's clock says night though ours does not (-234)
    delivery = zalo_delivery(cast)
    assert run(delivery) == "deferred"
    assert delivery.next_attempt_at == MORNING.replace(day=16, hour=6)
    assert "mã -234" in delivery.last_error
    assert delivery.progress["article_id"] and not delivery.progress.get("broadcast_started_at")
    zalo_rules.night = False
    assert run(delivery, delivery.next_attempt_at) == "sent"
    assert zalo_rules.count(CREATE) == 1 and len(zalo_rules.broadcasts) == 1


# --- tokens -----------------------------------------------------------------------------------


def test_token_refreshed_before_it_expires(cast, zalo_account, zalo_rules, settings):
    settings.ZALO_TOKEN_REFRESH_MARGIN_SECONDS = 600
    old_access, old_refresh = zalo_account.access_token, zalo_account.refresh_token
    ZaloAccount.objects.filter(pk=zalo_account.pk).update(expires_at=MORNING + timedelta(minutes=5))
    delivery = zalo_delivery(cast)
    assert run(delivery) == "sent"
    assert zalo_rules.calls[0] == ("POST", TOKEN)
    zalo_account.refresh_from_db()
    assert zalo_account.access_token != old_access
    assert zalo_account.refresh_token != old_refresh  # rotated and stored
    assert old_refresh not in zalo_rules.refresh_tokens  # the old one is spent
    assert zalo_account.expires_at == MORNING + timedelta(seconds=90000)
    assert zalo_rules.broadcasts[0]["access_token"] == zalo_account.access_token


def test_fresh_token_is_not_refreshed(cast, zalo_account, zalo_rules):
    run(zalo_delivery(cast))
    assert zalo_rules.refreshes == 0


@pytest.mark.parametrize("code", [-216, -220])
def test_rejected_token_is_refreshed_and_the_call_repeated_once(
    cast, zalo_account, zalo_rules, code
):
    if code == -220:
        zalo_rules.expire(zalo_account.access_token)  # Zalo expired it before our clock did
    else:
        zalo_rules.access_tokens.pop(zalo_account.access_token)  # revoked
    delivery = zalo_delivery(cast)
    assert run(delivery) == "sent"
    assert zalo_rules.refreshes == 1
    assert [p for _m, p in zalo_rules.calls][:3] == [CREATE, TOKEN, CREATE]


def test_spent_refresh_token_needs_reauthorisation(
    cast, zalo_account, zalo_rules, django_capture_on_commit_callbacks
):
    zalo_rules.revoke_all()
    delivery = zalo_delivery(cast)
    with django_capture_on_commit_callbacks(execute=True):
        assert run(delivery) == "failed"
    assert delivery.failure_code == Delivery.Failure.REAUTHORISE
    assert (
        "kết nối lại" in delivery.failure_reason
        and "Invalid refresh token" in delivery.failure_reason
    )
    zalo_account.refresh_from_db()
    assert zalo_account.needs_reauthorisation and not zalo_account.is_connected
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"congchuc", "bientap", "quantri"}  # author, editor, administrator
    assert AuditEntry.objects.filter(action="zalo.reauthorise_needed").exists()
    # Nothing more is tried until an administrator reconnects.
    calls = len(zalo_rules.calls)
    second = zalo_delivery(cast, title="Bài thứ hai")
    assert run(second) == "failed" and len(zalo_rules.calls) == calls


def test_token_still_rejected_after_refresh_needs_reauthorisation(cast, zalo_account, zalo_rules):
    zalo_rules.access_tokens.pop(zalo_account.access_token)
    zalo_rules.fail_next(CREATE, -216)  # the refreshed token is refused too
    delivery = zalo_delivery(cast)
    assert run(delivery) == "failed"
    assert delivery.failure_code == Delivery.Failure.REAUTHORISE
    assert zalo_rules.refreshes == 1


class OtherWorkerClock:
    """Stands in for the `time` module in zalo.py: each sleep is a moment in which another
    worker holding the refresh lock may finish."""

    def __init__(self, on_sleep=None):
        self.t, self.on_sleep, self.sleeps = 0.0, on_sleep, 0

    def monotonic(self):
        return self.t

    def sleep(self, seconds):
        self.sleeps += 1
        self.t += seconds
        if self.on_sleep:
            self.on_sleep()


def test_refresh_in_progress_elsewhere_is_waited_for(cast, zalo_account, zalo_rules, monkeypatch):
    """Our token is about to expire but another worker holds the refresh lock: we wait for
    it and use the token it got, spending no refresh token of our own."""
    from parcomms.channels import zalo

    stale = ZaloAccount.objects.filter(pk=zalo_account.pk)
    stale.update(
        expires_at=MORNING + timedelta(minutes=1),
        refresh_lock_until=MORNING + timedelta(seconds=30),
    )
    new_access, new_refresh = zalo_rules.issue_tokens()

    def other_worker_finishes():
        stale.update(
            access_token=new_access,
            refresh_token=new_refresh,
            expires_at=MORNING + timedelta(hours=25),
            refresh_lock_until=None,
        )

    clock = OtherWorkerClock(other_worker_finishes)
    monkeypatch.setattr(zalo, "time", clock)
    assert run(zalo_delivery(cast)) == "sent"
    assert clock.sleeps == 1 and zalo_rules.refreshes == 0
    assert zalo_rules.broadcasts[0]["access_token"] == new_access


def test_refresh_lock_never_released_retries_later(cast, zalo_account, zalo_rules, monkeypatch):
    from parcomms.channels import zalo

    ZaloAccount.objects.filter(pk=zalo_account.pk).update(
        expires_at=MORNING + timedelta(minutes=1),
        refresh_lock_until=MORNING + timedelta(seconds=30),
    )
    monkeypatch.setattr(zalo, "time", OtherWorkerClock())
    delivery = zalo_delivery(cast)
    assert run(delivery) == "retry"
    assert "đang làm mới access token" in delivery.last_error
    assert zalo_rules.calls == []


def test_no_account_fails_clearly(cast, zalo_rules):
    delivery = zalo_delivery(cast)
    assert run(delivery) == "failed"
    assert delivery.failure_code == Delivery.Failure.NOT_CONFIGURED
    assert "chưa kết nối Zalo OA" in delivery.failure_reason


# --- rate limit -------------------------------------------------------------------------------


def test_rate_limit_defers_to_the_next_minute_and_resumes(cast, zalo_account, zalo_rules, settings):
    settings.ZALO_RATE_LIMIT_PER_MINUTE = 2
    delivery = zalo_delivery(cast)
    assert run(delivery) == "deferred"  # create and verify used this minute's two calls
    assert delivery.next_attempt_at == MORNING + timedelta(minutes=1)
    assert "giới hạn" in delivery.last_error and delivery.attempts == 0
    assert delivery.progress["article_id"]
    assert run(delivery, MORNING + timedelta(minutes=1)) == "sent"
    assert zalo_rules.count(CREATE) == 1 and len(zalo_rules.broadcasts) == 1


def test_limiter_counts_per_key_and_minute(db):
    key, other = "zalo:1", "zalo:2"
    assert [ratelimit.acquire(key, 3, MORNING) for _ in range(3)] == [None, None, None]
    assert ratelimit.acquire(key, 3, MORNING + timedelta(seconds=59)) == MORNING + timedelta(
        minutes=1
    )
    assert ratelimit.acquire(other, 3, MORNING) is None
    assert ratelimit.acquire(key, 3, MORNING + timedelta(minutes=1)) is None
    assert (
        ratelimit.used(key, MORNING) == 3
        and ratelimit.used(key, MORNING + timedelta(minutes=1)) == 1
    )
    assert ratelimit.acquire(key, 0, MORNING) is None  # 0: unlimited


# --- idempotency ------------------------------------------------------------------------------


def test_resume_after_a_crash_following_create(cast, zalo_account, zalo_rules):
    delivery = zalo_delivery(cast)
    zalo_rules.hold(VERIFY)  # never answered: we fake the crash below instead
    zalo_rules._holds.clear()
    token = zalo_rules._create({"type": "normal", "title": "t", "body": [{}]})[1]["data"]["token"]
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING,
        claim_token="dead-worker",
        lease_expires_at=MORNING - timedelta(seconds=1),
        progress={"token": token},
    )
    assert run(delivery) == "sent"
    assert zalo_rules.count(CREATE) == 0 and zalo_rules.count(VERIFY) == 1
    assert len(zalo_rules.broadcasts) == 1


def test_crash_after_marking_the_broadcast_is_not_repeated(
    cast, zalo_account, zalo_rules, django_capture_on_commit_callbacks
):
    delivery = zalo_delivery(cast)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING,
        claim_token="dead-worker",
        lease_expires_at=MORNING - timedelta(seconds=1),
        progress={"token": "t", "article_id": "a", "broadcast_started_at": MORNING.isoformat()},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert run(delivery) == "failed"
    assert delivery.failure_code == Delivery.Failure.UNCONFIRMED
    assert zalo_rules.calls == []


def test_running_twice_and_requeueing_broadcasts_once(
    cast, zalo_account, zalo_rules, django_capture_on_commit_callbacks
):
    from parcomms.channels.tasks import deliver

    delivery = zalo_delivery(cast)
    assert run(delivery) == "sent"
    assert run(delivery) == "skipped"
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_delivery(delivery.article, "zalo", acting_user=cast.editor).pk == delivery.pk
        result = deliver.enqueue(delivery.pk)  # the immediate backend runs it now
    assert result.return_value == "skipped"
    assert len(zalo_rules.broadcasts) == 1 and zalo_rules.count(CREATE) == 1
