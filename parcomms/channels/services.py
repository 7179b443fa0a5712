"""Every state change of a delivery, and the engine that runs one attempt.

People act through `queue_delivery`, `retry_delivery`, `cancel_delivery` (and the Zalo account
functions at the bottom). Workers act through `process_delivery`, which is what the
background task calls.

How a delivery never publishes twice:

1. One row per (article, channel) (a unique constraint); queueing again returns the row.
2. A worker *claims* the row with one conditional UPDATE (queued/deferred and due, or
   sending with an expired lease → sending, with a fresh random claim token and a lease).
   Only one UPDATE can win; everything the worker writes afterwards is conditional on its
   token, so a worker that lost its claim writes nothing (`ClaimLost`).
3. The publisher saves each step's result on the row before the next step
   (`Attempt.save_progress`), so a new attempt resumes after the last finished step.
4. A step whose effect cannot be checked afterwards (Zalo's broadcast) is *at most once*: its
   start is committed first (`Attempt.mark_started`); an attempt that finds the marker without
   a recorded result does not repeat the step but fails as "unconfirmed" for a person to check.
5. A worker killed mid-delivery leaves the row "sending". When it claims a row the worker also
   queues a watchdog run of the same task for just after the lease (in the same transaction,
   with the database task backend); that run takes the row over and resumes it. A watchdog
   that finds the lease renewed re-queues itself for the new expiry.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parcomms.audit.log import record
from parcomms.org.notify import notify
from parcomms.org.roles import Role

from . import registry
from .backoff import backoff_delay
from .models import Delivery, ZaloAccount
from .registry import ClaimLost, Defer, GiveUp, PublishResult, Reauthorise, RetryLater

logger = logging.getLogger(__name__)

WATCHDOG_MARGIN = timedelta(seconds=1)


class DeliveryRefused(Exception):
    """A person asked for something the delivery's state does not allow (message in Vietnamese)."""


# --- settings ------------------------------------------------------------------------------


def lease_duration() -> timedelta:
    return timedelta(seconds=settings.CHANNELS_LEASE_SECONDS)


def max_attempts() -> int:
    return settings.CHANNELS_MAX_ATTEMPTS


def retry_delay(attempt: int) -> timedelta:
    return backoff_delay(
        attempt,
        base=settings.CHANNELS_RETRY_BASE_SECONDS,
        maximum=settings.CHANNELS_RETRY_MAX_SECONDS,
    )


# --- enqueueing ----------------------------------------------------------------------------


def _backend_shares_database(backend) -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:  # pragma: no cover - django-tasks-db is a dependency
        return False
    return isinstance(backend, DatabaseBackend)


def enqueue(delivery_id: int, *, run_after: datetime | None = None, watch: bool = False) -> None:
    """Queue the delivery task. Call inside the transaction that changed the row.

    With the database backend the task row is written in that same transaction (both or
    neither). Other backends get the task after commit. Backends that cannot run a task
    later (the immediate backend of the tests) skip delayed runs: `manage.py deliver_due`
    picks those deliveries up.
    """
    from .tasks import deliver

    task = deliver
    backend = task.get_backend()
    if run_after is not None:
        if not backend.supports_defer:
            return
        task = task.using(run_after=run_after)
    if _backend_shares_database(backend):
        task.enqueue(delivery_id, watch)
    else:
        transaction.on_commit(lambda: task.enqueue(delivery_id, watch))


# --- people's actions ----------------------------------------------------------------------


def _is_published(article) -> bool:
    from parcomms.content.models import ArticlePage

    return ArticlePage.objects.published().filter(pk=article.pk).exists()


def _delivery_list_link(delivery: Delivery) -> str:
    return (
        f"{reverse('channels:delivery_list')}?status={delivery.status}&channel={delivery.channel}"
    )


@transaction.atomic
def queue_delivery(article, channel: str, *, acting_user, now: datetime | None = None) -> Delivery:
    """Queue `article` for `channel`. Idempotent: an existing delivery is returned unchanged
    (a sent article is never sent again; a failed one waits for `retry_delivery`)."""
    try:
        publisher = registry.get(channel)
    except KeyError:
        raise DeliveryRefused(
            _("Kênh “%(channel)s” chưa được hỗ trợ.") % {"channel": channel}
        ) from None
    if not _is_published(article):
        raise DeliveryRefused(_("Chỉ đăng tải được tin, bài đã xuất bản công khai."))
    now = now or timezone.now()
    delivery, created = Delivery.objects.get_or_create(
        article_id=article.pk,
        channel=channel,
        defaults={
            "organisation_id": article.organisation_id,
            "status": Delivery.Status.QUEUED,
            "next_attempt_at": now,
            "queued_by": acting_user,
        },
    )
    if created:
        record(
            "delivery.queue",
            actor=acting_user,
            obj=delivery,
            organisation=article.organisation,
            article=article.title,
            channel=publisher.code,
        )
        enqueue(delivery.pk)
    return delivery


def queue_article_deliveries(article, *, acting_user) -> list[Delivery]:
    """A delivery for every channel the article lists that has a publisher queueing on publish."""
    deliveries = []
    for code in article.channels or []:
        try:
            publisher = registry.get(code)
        except KeyError:
            continue
        if publisher.queue_on_publish:
            deliveries.append(queue_delivery(article, code, acting_user=acting_user))
    return deliveries


def on_page_published(sender, instance, revision=None, **kwargs) -> None:
    """Wagtail's page_published: also sent for a scheduled publication (not yet live)."""
    if not instance.live or not _is_published(instance):
        return
    queue_article_deliveries(instance, acting_user=None)


@transaction.atomic
def retry_delivery(delivery: Delivery, *, acting_user, confirm_unsent: bool = False) -> Delivery:
    """Send a failed or cancelled delivery again, from the step it stopped at.

    A delivery that failed as *unconfirmed* (a broadcast may have gone out) is retried only
    with `confirm_unsent=True`: the person says they checked the channel and it was not sent.
    """
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if not delivery.can_retry:
        raise DeliveryRefused(_("Chỉ gửi lại được lượt đăng tải thất bại hoặc đã hủy."))
    if delivery.failure_code == Delivery.Failure.UNCONFIRMED and not confirm_unsent:
        raise DeliveryRefused(
            _(
                "Lần gửi trước có thể đã đến người nhận. Hãy kiểm tra trên kênh và đánh dấu "
                "“Tôi đã kiểm tra, tin chưa được gửi” trước khi gửi lại."
            )
        )
    if not _is_published(delivery.article):
        raise DeliveryRefused(_("Tin, bài không còn được xuất bản công khai."))
    progress = dict(delivery.progress)
    if confirm_unsent:
        progress = {k: v for k, v in progress.items() if not k.endswith("_started_at")}
    previous = delivery.failure_code or delivery.status
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.QUEUED,
        attempts=0,
        next_attempt_at=timezone.now(),
        failure_code="",
        failure_reason="",
        finished_at=None,
        claim_token="",
        lease_expires_at=None,
        progress=progress,
        updated_at=timezone.now(),
    )
    record(
        "delivery.retry",
        actor=acting_user,
        obj=delivery,
        channel=delivery.channel,
        previous=previous,
        confirmed_unsent=confirm_unsent,
    )
    enqueue(delivery.pk)
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def cancel_delivery(delivery: Delivery, *, acting_user, reason: str = "") -> Delivery:
    """Stop a delivery that is still waiting. One that a worker is sending cannot be stopped."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if not delivery.can_cancel:
        raise DeliveryRefused(_("Chỉ hủy được lượt đăng tải đang chờ gửi."))
    name = getattr(getattr(acting_user, "staff", None), "full_name", "") or str(acting_user)
    reason = reason.strip() or _("Hủy bởi %(name)s.") % {"name": name}
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.CANCELLED,
        failure_reason=reason,
        next_attempt_at=None,
        finished_at=now,
        updated_at=now,
    )
    record("delivery.cancel", actor=acting_user, obj=delivery, channel=delivery.channel)
    delivery.refresh_from_db()
    return delivery


# --- the worker's side -----------------------------------------------------------------------


@dataclass
class Attempt:
    """One worker's run of one claimed delivery; what a publisher's `publish` receives."""

    delivery: Delivery
    article: object
    clock: Callable[[], datetime]
    token: str = field(repr=False, default="")

    @property
    def now(self) -> datetime:
        return self.clock()

    @property
    def progress(self) -> dict:
        return self.delivery.progress

    def _mine(self):
        return Delivery.objects.filter(
            pk=self.delivery.pk, claim_token=self.token, status=Delivery.Status.SENDING
        )

    def save_progress(self, **values) -> None:
        """Persist step results on the row (and renew the lease) before going on."""
        progress = {**self.delivery.progress, **values}
        now = self.now
        updated = self._mine().update(
            progress=progress, lease_expires_at=now + lease_duration(), updated_at=timezone.now()
        )
        if not updated:
            raise ClaimLost(self.delivery.pk)
        self.delivery.progress = progress

    def mark_started(self, step: str) -> bool:
        """Commit that `step` is starting. False if an earlier attempt started it and did not
        record its end: the step may have happened and must not be repeated."""
        key = f"{step}_started_at"
        if self.delivery.progress.get(key):
            return False
        self.save_progress(**{key: self.now.isoformat()})
        return True

    def clear_started(self, step: str) -> None:
        """The step certainly did not happen (the channel answered with an error)."""
        self.save_progress(**{f"{step}_started_at": None})


def _claim(delivery_id: int, now: datetime) -> str | None:
    token = secrets.token_hex(16)
    with transaction.atomic():
        claimed = (
            Delivery.objects.filter(pk=delivery_id)
            .due(now)
            .update(
                status=Delivery.Status.SENDING,
                claim_token=token,
                lease_expires_at=now + lease_duration(),
                attempts=F("attempts") + 1,
                last_attempt_at=now,
                updated_at=timezone.now(),
            )
        )
        if not claimed:
            return None
        enqueue(delivery_id, run_after=now + lease_duration() + WATCHDOG_MARGIN, watch=True)
    return token


def process_delivery(delivery_id: int, *, now: datetime | None = None, watch: bool = False) -> str:
    """Run one attempt of a delivery if it is due; returns what happened (for logs and tests).

    `now` fixes the clock (tests); `watch` marks a watchdog run (see the module docstring).
    """
    clock = (lambda: now) if now is not None else timezone.now
    started = clock()
    token = _claim(delivery_id, started)
    if token is None:
        if watch:
            _watch_again(delivery_id, started)
        return "skipped"
    delivery = Delivery.objects.select_related("organisation").get(pk=delivery_id)
    from parcomms.content.models import ArticlePage

    article = ArticlePage.objects.filter(pk=delivery.article_id).first()
    attempt = Attempt(delivery=delivery, article=article, clock=clock, token=token)
    try:
        return _run(attempt)
    except ClaimLost:
        logger.warning("Delivery %s was taken over by another worker", delivery_id)
        return "claim-lost"


def _watch_again(delivery_id: int, now: datetime) -> None:
    row = Delivery.objects.filter(pk=delivery_id).values("status", "lease_expires_at").first()
    if row and row["status"] == Delivery.Status.SENDING and row["lease_expires_at"] >= now:
        with transaction.atomic():
            enqueue(delivery_id, run_after=row["lease_expires_at"] + WATCHDOG_MARGIN, watch=True)


def _run(attempt: Attempt) -> str:
    delivery = attempt.delivery
    try:
        publisher = registry.get(delivery.channel)
    except KeyError:
        return _fail(
            attempt,
            Delivery.Failure.NOT_CONFIGURED,
            _("Kênh “%(channel)s” chưa được hỗ trợ.") % {"channel": delivery.channel},
        )
    if attempt.article is None or not _is_published(attempt.article):
        return _withdraw(attempt)
    until = publisher.earliest_send(attempt.now)
    if until is not None and until > attempt.now:
        return _defer(attempt, until, _("Ngoài khung giờ được gửi của kênh."))
    try:
        result = publisher.publish(attempt)
    except Defer as exc:
        return _defer(attempt, exc.until, exc.reason)
    except RetryLater as exc:
        return _retry(attempt, exc.reason, exc.delay)
    except Reauthorise as exc:
        return _fail(attempt, Delivery.Failure.REAUTHORISE, exc.reason)
    except GiveUp as exc:
        return _fail(attempt, exc.code, exc.reason)
    except ClaimLost:
        raise
    except Exception as exc:  # a bug or an unexpected answer: retry, keep the message
        logger.exception("Delivery %s: unexpected error", delivery.pk)
        return _retry(attempt, f"{type(exc).__name__}: {exc}", None)
    return _sent(attempt, result)


def _release(attempt: Attempt, **fields) -> None:
    fields.setdefault("claim_token", "")
    fields.setdefault("lease_expires_at", None)
    fields.setdefault("updated_at", timezone.now())
    if not attempt._mine().update(**fields):
        raise ClaimLost(attempt.delivery.pk)
    for name, value in fields.items():
        setattr(attempt.delivery, name, value)


@transaction.atomic
def _sent(attempt: Attempt, result: PublishResult) -> str:
    now = attempt.now
    _release(
        attempt,
        status=Delivery.Status.SENT,
        external_id=str(result.external_id)[:255],
        external_url=result.url or "",
        sent_at=now,
        finished_at=now,
        next_attempt_at=None,
        last_error="",
    )
    record(
        "delivery.sent",
        actor=None,
        obj=attempt.delivery,
        channel=attempt.delivery.channel,
        external_id=result.external_id,
        attempts=attempt.delivery.attempts,
    )
    return "sent"


@transaction.atomic
def _retry(attempt: Attempt, reason: str, delay: timedelta | None) -> str:
    attempts = attempt.delivery.attempts
    if attempts >= max_attempts():
        return _fail(
            attempt,
            Delivery.Failure.EXHAUSTED,
            _("Đã thử %(n)d lần không thành công. Lỗi cuối: %(reason)s")
            % {"n": attempts, "reason": reason},
        )
    next_at = attempt.now + (delay if delay is not None else retry_delay(attempts))
    _release(
        attempt, status=Delivery.Status.QUEUED, next_attempt_at=next_at, last_error=reason[:2000]
    )
    enqueue(attempt.delivery.pk, run_after=next_at)
    return "retry"


@transaction.atomic
def _defer(attempt: Attempt, until: datetime, reason: str) -> str:
    # Waiting for a window is not a failed attempt.
    _release(
        attempt,
        status=Delivery.Status.DEFERRED,
        next_attempt_at=until,
        attempts=max(attempt.delivery.attempts - 1, 0),
        last_error=reason[:2000],
    )
    enqueue(attempt.delivery.pk, run_after=until)
    return "deferred"


@transaction.atomic
def _withdraw(attempt: Attempt) -> str:
    now = attempt.now
    reason = _("Tin, bài không còn được xuất bản công khai nên không đăng tải.")
    _release(
        attempt,
        status=Delivery.Status.CANCELLED,
        failure_reason=reason,
        next_attempt_at=None,
        finished_at=now,
        attempts=max(attempt.delivery.attempts - 1, 0),
    )
    record("delivery.cancel", actor=None, obj=attempt.delivery, reason="withdrawn")
    return "cancelled"


@transaction.atomic
def _fail(attempt: Attempt, code: str, reason: str) -> str:
    delivery = attempt.delivery
    now = attempt.now
    _release(
        attempt,
        status=Delivery.Status.FAILED,
        failure_code=code,
        failure_reason=reason,
        last_error=reason[:2000],
        next_attempt_at=None,
        finished_at=now,
    )
    record("delivery.failed", actor=None, obj=delivery, channel=delivery.channel, code=code)
    article = attempt.article
    title = article.title if article is not None else str(delivery.article_id)
    text = _("Đăng “%(title)s” lên %(channel)s không thành công: %(reason)s") % {
        "title": title,
        "channel": delivery.channel_label,
        "reason": reason,
    }
    notify(
        _failure_recipients(delivery, article, include_admins=code == Delivery.Failure.REAUTHORISE),
        text,
        link=_delivery_list_link(delivery),
        kind="delivery_failed",
    )
    return "failed"


def _failure_recipients(delivery: Delivery, article, *, include_admins: bool) -> list:
    """The article's authors and the organisation's editors (and administrators when the
    channel needs reconnecting), each once."""
    User = get_user_model()
    roles = [Role.EDITOR.group_name] + ([Role.ADMIN.group_name] if include_admins else [])
    users = {
        u.pk: u
        for u in User.objects.filter(
            is_active=True,
            staff__organisation_id=delivery.organisation_id,
            groups__name__in=roles,
        ).distinct()
    }
    if article is not None:
        for staff in article.authors.select_related("user"):
            if staff.user.is_active:
                users.setdefault(staff.user_id, staff.user)
    return list(users.values())


def deliver_due(*, now: datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Run every due delivery here and now (for setups without a deferring task backend,
    and to mop up after an outage). Returns how many ended which way."""
    now = now or timezone.now()
    outcomes: dict[str, int] = {}
    ids = list(
        Delivery.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        outcome = process_delivery(pk, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


# --- Zalo OA account (administrators of the organisation) ------------------------------------


@transaction.atomic
def save_zalo_account(
    organisation, *, acting_user, oa_id: str, app_id: str, app_secret: str = "",
    refresh_token: str = "", broadcast_target: dict | None = None, is_active: bool = True,
) -> ZaloAccount:  # fmt: skip
    """Create or update the organisation's Zalo OA settings. Blank secret / refresh token keep
    the stored ones (they are never shown back). A new refresh token clears the access token
    so the next call refreshes with it."""
    account, created = ZaloAccount.objects.select_for_update().get_or_create(
        organisation=organisation, defaults={"app_id": app_id}
    )
    changed = []
    for name, value in (("oa_id", oa_id), ("app_id", app_id), ("is_active", is_active)):
        if getattr(account, name) != value:
            setattr(account, name, value)
            changed.append(name)
    if broadcast_target is not None and account.broadcast_target != broadcast_target:
        account.broadcast_target = broadcast_target
        changed.append("broadcast_target")
    if app_secret:
        account.app_secret = app_secret
        changed.append("app_secret")
    if refresh_token:
        account.refresh_token = refresh_token
        account.access_token = ""
        account.expires_at = None
        account.needs_reauthorisation = False
        account.last_error = ""
        changed.append("refresh_token")
    account.save()
    record(
        "zalo.update",
        actor=acting_user,
        obj=account,
        organisation=organisation,
        created=created,
        changed=changed,  # names only, never the secrets
    )
    return account


@transaction.atomic
def start_zalo_connection(account: ZaloAccount, *, acting_user, redirect_uri: str) -> str:
    """Begin the OAuth v4 PKCE authorisation; returns the Zalo URL to send the browser to."""
    from .zalo import authorisation_url, pkce_pair

    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(24)
    ZaloAccount.objects.filter(pk=account.pk).update(pending_state=state, pending_verifier=verifier)
    record("zalo.connect_start", actor=acting_user, obj=account)
    return authorisation_url(account.app_id, redirect_uri, challenge, state)


@transaction.atomic
def complete_zalo_connection(
    account: ZaloAccount, *, acting_user, code: str, state: str, oa_id: str = ""
) -> ZaloAccount:
    """The browser came back from Zalo: exchange the code for tokens."""
    from .zalo import ZaloAuthError, exchange_code

    account = ZaloAccount.objects.select_for_update().get(pk=account.pk)
    if not account.pending_state or not secrets.compare_digest(account.pending_state, state):
        raise DeliveryRefused(_("Phiên kết nối Zalo không hợp lệ hoặc đã hết hạn. Hãy thử lại."))
    try:
        tokens = exchange_code(account, code, account.pending_verifier)
    except ZaloAuthError as exc:
        raise DeliveryRefused(_("Zalo từ chối kết nối: %(error)s") % {"error": exc}) from exc
    now = timezone.now()
    account.access_token = tokens.access_token
    account.refresh_token = tokens.refresh_token
    account.expires_at = now + tokens.expires_in
    account.refreshed_at = now
    account.needs_reauthorisation = False
    account.last_error = ""
    account.pending_state = account.pending_verifier = ""
    if oa_id:
        account.oa_id = oa_id
    account.save()
    record("zalo.connect", actor=acting_user, obj=account, oa_id=account.oa_id)
    return account


@transaction.atomic
def mark_zalo_reauthorisation_needed(account: ZaloAccount, reason: str) -> None:
    ZaloAccount.objects.filter(pk=account.pk).update(
        needs_reauthorisation=True, last_error=reason[:2000], access_token=""
    )
    record("zalo.reauthorise_needed", actor=None, obj=account, reason=reason[:200])
