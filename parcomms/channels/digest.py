"""The weekly e-mail digest: the organisation's new articles to the staff of chosen units.

Each `DigestSubscription` (organisation, units, weekday and hour) has its own chain of
background tasks: `send_scheduled_digest(subscription_id, due_at)` sends the digest that was
due at `due_at` and queues itself for the next week. A run whose `due_at` no longer matches
the subscription's `next_send_at` does nothing, so a chain started twice still sends once.

An article goes out in exactly one digest of a subscription: the articles of a run are fixed
when the run is made (`DigestItem`, unique per subscription and article). A run that fails
half-way keeps its articles and the addresses already served, and is finished by the next
attempt before a new run is made. After a run is sent, each of its articles gets an "email"
delivery record (the `EmailDigestPublisher`), so digests count like any other channel.

Every message carries an unsubscribe link (in both parts and as `List-Unsubscribe` with
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`, RFC 8058). The link holds a signed token
(`django.core.signing`) naming the subscription and the address, so no login is needed; an
address that used it is a `DigestOptOut` and `recipients()` leaves it out until it resubscribes.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from parcomms.audit.log import record
from parcomms.org.models import Staff, Unit
from parcomms.vn.dates import format_date_short

from .models import DigestItem, DigestOptOut, DigestRun, DigestSubscription
from .portal import article_url, base_url
from .registry import GiveUp, Publisher, PublishResult, register

logger = logging.getLogger(__name__)

CHANNEL = "email"
FIRST_DIGEST_LOOKBACK = dt.timedelta(days=7)
RETRY_AFTER_FAILURE = dt.timedelta(minutes=30)
SEND_CHUNK = 50  # messages per SMTP batch; the run records progress after each batch
UNSUBSCRIBE_SALT = "parcomms.channels.digest.unsubscribe"
# A link in an old digest keeps working this long; after that the reader uses a newer digest.
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=400)


class DigestError(ValueError):
    """Bad digest settings; the message is for the user (Vietnamese)."""


# --- when (pure) ------------------------------------------------------------------------------


def next_send_time(after: dt.datetime, weekday: int, hour: int) -> dt.datetime:
    """The first `weekday` at `hour`:00 local time strictly after `after` (aware)."""
    local = timezone.localtime(after)
    days = (weekday - local.weekday()) % 7
    candidate = timezone.make_aware(
        dt.datetime.combine(local.date() + dt.timedelta(days=days), dt.time(hour))
    )
    if candidate <= after:
        candidate = timezone.make_aware(
            dt.datetime.combine(local.date() + dt.timedelta(days=days + 7), dt.time(hour))
        )
    return candidate


# --- who and what -----------------------------------------------------------------------------


def recipients(subscription: DigestSubscription) -> list[Staff]:
    """Active staff with an e-mail address in the chosen units (and their sub-units), each
    address once, in Vietnamese name order."""
    unit_ids: set[int] = set()
    for unit in subscription.units.all():
        unit_ids.update(unit.subtree_ids() if subscription.include_subunits else [unit.pk])
    people = (
        Staff.objects.active()
        .filter(organisation_id=subscription.organisation_id, unit_id__in=unit_ids)
        .exclude(email="")
        .select_related("unit")
    )
    opted_out = set(subscription.opt_outs.values_list("email", flat=True))
    by_email: dict[str, Staff] = {}
    for person in people:
        address = person.email.strip().lower()
        if address not in opted_out:
            by_email.setdefault(address, person)
    return sorted(by_email.values(), key=lambda s: s.sort_key)


def candidate_articles(subscription: DigestSubscription, now: dt.datetime) -> list:
    """Published articles for the e-mail channel that this subscription has not carried yet."""
    from parcomms.content.models import ArticlePage

    articles = (
        ArticlePage.objects.published()
        .of_organisation(subscription.organisation_id)
        .filter(first_published_at__gte=subscription.starts_from, first_published_at__lte=now)
        .exclude(digest_items__subscription=subscription)
        .select_related("unit")
        .order_by("first_published_at", "pk")
    )
    # The channel list is JSON; SQLite cannot query inside it, and a week's articles are few.
    return [a for a in articles if CHANNEL in (a.channels or [])]


# --- the message ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestArticle:
    title: str
    summary: str
    url: str
    kind: str
    unit: str
    published: str


def digest_articles(run: DigestRun) -> list[DigestArticle]:
    items = run.items.select_related("article__unit").order_by(
        "article__first_published_at", "article_id"
    )
    return [
        DigestArticle(
            title=i.article.title,
            summary=i.article.summary,
            url=article_url(i.article),
            kind=i.article.get_kind_display(),
            unit=i.article.unit.name,
            published=format_date_short(timezone.localtime(i.article.first_published_at).date()),
        )
        for i in items
    ]


def subject_line(organisation, start: dt.datetime, end: dt.datetime) -> str:
    first = timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    return (
        f"Bản tin cải cách hành chính {format_date_short(first)} – {format_date_short(last)}"
        f" — {organisation.name}"
    )


def build_message(run: DigestRun, articles: list[DigestArticle], person: Staff, connection):
    organisation = run.subscription.organisation
    unsubscribe = unsubscribe_url(run.subscription, person.email)
    context = {
        "organisation": organisation,
        "subscription": run.subscription,
        "person": person,
        "articles": articles,
        "period_start": format_date_short(timezone.localtime(run.period_start).date()),
        "period_end": format_date_short(timezone.localtime(run.period_end).date()),
        "site_url": base_url(),
        "unsubscribe_url": unsubscribe,
    }
    message = EmailMultiAlternatives(
        subject=subject_line(organisation, run.period_start, run.period_end),
        body=render_to_string("channels/digest_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        connection=connection,
        headers={
            "Auto-Submitted": "auto-generated",
            "X-Parcomms-Digest": str(run.pk),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("channels/digest_email.html", context), "text/html")
    return message


# --- unsubscribing ----------------------------------------------------------------------------


def _address(email: str) -> str:
    return (email or "").strip().lower()


def unsubscribe_token(subscription: DigestSubscription, email: str) -> str:
    """A signed, timestamped token naming the subscription and the address (URL-safe)."""
    return signing.dumps({"s": subscription.pk, "e": _address(email)}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(subscription: DigestSubscription, email: str) -> str:
    """The absolute address of the unsubscribe page for this reader of this digest."""
    path = reverse("digest_unsubscribe", args=[unsubscribe_token(subscription, email)])
    return base_url().rstrip("/") + path


def read_unsubscribe_token(token: str) -> tuple[DigestSubscription, str]:
    """The subscription and address a token names. Raises `DigestError` (Vietnamese) when
    the token is forged, damaged, too old, or its digest no longer exists."""
    try:
        data = signing.loads(
            token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired:
        raise DigestError(
            "Đường dẫn hủy nhận bản tin đã hết hạn. Hãy dùng đường dẫn trong bản tin mới nhất."
        ) from None
    except signing.BadSignature:
        raise DigestError(
            "Đường dẫn hủy nhận bản tin không hợp lệ. Hãy mở lại đúng đường dẫn trong thư."
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not data.get("e"):
        raise DigestError(
            "Đường dẫn hủy nhận bản tin không hợp lệ. Hãy mở lại đúng đường dẫn trong thư."
        )
    subscription = (
        DigestSubscription.objects.select_related("organisation").filter(pk=data["s"]).first()
    )
    if subscription is None:
        raise DigestError("Bản tin này không còn nữa, nên không cần hủy nhận.")
    return subscription, _address(data["e"])


def is_unsubscribed(subscription: DigestSubscription, email: str) -> bool:
    return subscription.opt_outs.filter(email=_address(email)).exists()


@transaction.atomic
def unsubscribe(subscription: DigestSubscription, email: str, *, acting_user=None) -> bool:
    """Stop sending this digest to `email`. True when it was on the list until now."""
    _, created = DigestOptOut.objects.get_or_create(
        subscription=subscription, email=_address(email)
    )
    if created:
        record("digest.unsubscribe", actor=acting_user, obj=subscription, email=_address(email))
    return created


@transaction.atomic
def resubscribe(subscription: DigestSubscription, email: str, *, acting_user=None) -> bool:
    """Send this digest to `email` again. True when it had unsubscribed."""
    deleted, _ = DigestOptOut.objects.filter(
        subscription=subscription, email=_address(email)
    ).delete()
    if deleted:
        record("digest.resubscribe", actor=acting_user, obj=subscription, email=_address(email))
    return bool(deleted)


# --- sending ----------------------------------------------------------------------------------


@transaction.atomic
def prepare_run(subscription: DigestSubscription, *, now: dt.datetime) -> DigestRun | None:
    """The run to send now: an unfinished one first, else a new one with the new articles
    (None when there is nothing new)."""
    subscription = DigestSubscription.objects.select_for_update().get(pk=subscription.pk)
    unfinished = subscription.runs.exclude(status=DigestRun.Status.SENT).order_by("pk").first()
    if unfinished is not None:
        return unfinished
    articles = candidate_articles(subscription, now)
    if not articles:
        return None
    run = DigestRun.objects.create(
        subscription=subscription,
        period_start=subscription.last_sent_at or subscription.starts_from,
        period_end=now,
    )
    DigestItem.objects.bulk_create(
        DigestItem(run=run, subscription=subscription, article=a) for a in articles
    )
    return run


def send_run(run: DigestRun, *, now: dt.datetime, acting_user=None) -> DigestRun:
    """Send a prepared run to every recipient not yet served. Raises on an SMTP failure
    after recording it (the addresses served so far are kept)."""
    run = DigestRun.objects.select_related("subscription__organisation").get(pk=run.pk)
    articles = digest_articles(run)
    served = set(run.served)
    people = [p for p in recipients(run.subscription) if p.email.lower() not in served]
    DigestRun.objects.filter(pk=run.pk).update(attempts=run.attempts + 1)
    try:
        with get_connection() as connection:
            for start in range(0, len(people), SEND_CHUNK):
                chunk = people[start : start + SEND_CHUNK]
                connection.send_messages(
                    [build_message(run, articles, p, connection) for p in chunk]
                )
                served.update(p.email.lower() for p in chunk)
                DigestRun.objects.filter(pk=run.pk).update(served=sorted(served))
    except Exception as exc:
        DigestRun.objects.filter(pk=run.pk).update(
            status=DigestRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        logger.exception("Digest run %s failed", run.pk)
        raise
    return _finish_run(run, served=len(served), now=now, acting_user=acting_user)


@transaction.atomic
def _finish_run(run: DigestRun, *, served: int, now: dt.datetime, acting_user) -> DigestRun:
    from .services import queue_delivery

    DigestRun.objects.filter(pk=run.pk).update(
        status=DigestRun.Status.SENT, sent_at=now, recipients=served, error=""
    )
    DigestSubscription.objects.filter(pk=run.subscription_id).update(last_sent_at=now)
    article_ids = list(run.items.values_list("article_id", flat=True))
    record(
        "digest.send",
        actor=acting_user,
        obj=run.subscription,
        organisation=run.subscription.organisation,
        run=run.pk,
        articles=article_ids,
        recipients=served,
    )
    # Each article gets its "email" delivery (once, whichever digest carried it first).
    for item in run.items.select_related("article"):
        queue_delivery(item.article, CHANNEL, acting_user=acting_user, now=now)
    run.refresh_from_db()
    return run


def send_digest(
    subscription: DigestSubscription, *, now: dt.datetime | None = None, acting_user=None
) -> list[DigestRun]:
    """Send what is due for one subscription now: an unfinished run, then the new articles.
    Returns the runs sent (empty when there was nothing new)."""
    now = now or timezone.now()
    sent = []
    for _ in range(2):  # at most an unfinished run and then a fresh one
        run = prepare_run(subscription, now=now)
        if run is None:
            break
        sent.append(send_run(run, now=now, acting_user=acting_user))
    return sent


# --- the weekly chain -------------------------------------------------------------------------


def _shares_database(backend) -> bool:
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:  # pragma: no cover
        return False
    return isinstance(backend, DatabaseBackend)


def _enqueue_at(subscription_id: int, due_at: dt.datetime) -> bool:
    """Queue the chain's next run for `due_at`; inside the caller's transaction with the
    database backend. False when the backend cannot run tasks later (the immediate backend
    of the tests): `manage.py send_digest --due` then does the weekly work."""
    backend = send_scheduled_digest.get_backend()
    if not backend.supports_defer:
        return False
    delayed = send_scheduled_digest.using(run_after=due_at)
    if _shares_database(backend):
        delayed.enqueue(subscription_id, due_at.isoformat())
    else:
        transaction.on_commit(lambda: delayed.enqueue(subscription_id, due_at.isoformat()))
    return True


@transaction.atomic
def schedule(subscription: DigestSubscription, *, now: dt.datetime | None = None) -> dt.datetime:
    """Set the subscription's next sending time and queue the task for it."""
    now = now or timezone.now()
    due = next_send_time(now, subscription.weekday, subscription.hour)
    DigestSubscription.objects.filter(pk=subscription.pk).update(next_send_at=due)
    subscription.next_send_at = due
    _enqueue_at(subscription.pk, due)
    return due


@task()
def send_scheduled_digest(subscription_id: int, due_at: str) -> str:
    """Send the digest due at `due_at`, then queue the next week's. Idempotent per `due_at`."""
    now = timezone.now()
    due = dt.datetime.fromisoformat(due_at)
    with transaction.atomic():
        subscription = (
            DigestSubscription.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=subscription_id, is_active=True)
            .first()
        )
        if subscription is None or subscription.next_send_at != due:
            return "stale"  # cancelled, rescheduled, or already handled by a duplicate run
        # Claim this slot before sending, so a duplicate run of the same slot stops above.
        retry_at = now + RETRY_AFTER_FAILURE
        DigestSubscription.objects.filter(pk=subscription.pk).update(next_send_at=retry_at)
        _enqueue_at(subscription.pk, retry_at)
    try:
        runs = send_digest(subscription, now=now)
    except Exception:
        return "failed"  # the run is kept; the retry queued above finishes it
    with transaction.atomic():
        updated = DigestSubscription.objects.filter(pk=subscription.pk, next_send_at=retry_at)
        # From the slot, not the clock: a run that starts early must not land on its own slot.
        nxt = next_send_time(max(now, due), subscription.weekday, subscription.hour)
        if updated.update(next_send_at=nxt):
            _enqueue_at(subscription.pk, nxt)
    return "sent" if runs else "nothing-new"


@task()
def send_digest_now(subscription_id: int, user_id: int | None = None) -> str:
    """A person asked for the digest now (the admin's button): sent by the worker, since a
    large organisation's digest takes longer than a web request should."""
    from django.contrib.auth import get_user_model

    subscription = DigestSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return "gone"
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        runs = send_digest(subscription, acting_user=user)
    except Exception:
        return "failed"  # the run is kept; the weekly run or the next request finishes it
    return "sent" if runs else "nothing-new"


def send_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Send every digest whose time has come (for setups without a deferring task backend)."""
    now = now or timezone.now()
    outcomes: dict[str, int] = {}
    for sub in DigestSubscription.objects.active().filter(next_send_at__lte=now):
        outcome = send_scheduled_digest.call(sub.pk, sub.next_send_at.isoformat())
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


# --- people's actions -------------------------------------------------------------------------


def _clean_units(organisation, units) -> list[Unit]:
    units = list(units)
    if not units:
        raise DigestError("Hãy chọn ít nhất một đơn vị nhận bản tin.")
    if any(u.organisation_id != organisation.pk for u in units):
        raise DigestError("Chỉ chọn được đơn vị của cơ quan mình.")
    return units


def _check(name: str, weekday: int, hour: int) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DigestError("Hãy đặt tên cho bản tin.")
    if weekday not in range(7):
        raise DigestError("Ngày gửi trong tuần không hợp lệ.")
    if hour not in range(24):
        raise DigestError("Giờ gửi phải từ 0 đến 23.")
    return name


@transaction.atomic
def create_subscription(
    *, organisation, name: str, units, weekday: int = 0, hour: int = 7,
    include_subunits: bool = True, acting_user, now: dt.datetime | None = None,
) -> DigestSubscription:  # fmt: skip
    """A new weekly digest; its first issue carries the articles of the past week."""
    now = now or timezone.now()
    name = _check(name, weekday, hour)
    units = _clean_units(organisation, units)
    subscription = DigestSubscription.objects.create(
        organisation=organisation,
        name=name,
        weekday=weekday,
        hour=hour,
        include_subunits=include_subunits,
        starts_from=now - FIRST_DIGEST_LOOKBACK,
        created_by=acting_user,
    )
    subscription.units.set(units)
    record(
        "digest.create",
        actor=acting_user,
        obj=subscription,
        units=[u.name for u in units],
        weekday=weekday,
        hour=hour,
    )
    schedule(subscription, now=now)
    return subscription


@transaction.atomic
def update_subscription(
    subscription: DigestSubscription, *, name: str, units, weekday: int, hour: int,
    include_subunits: bool, is_active: bool, acting_user, now: dt.datetime | None = None,
) -> DigestSubscription:  # fmt: skip
    now = now or timezone.now()
    subscription = DigestSubscription.objects.select_for_update().get(pk=subscription.pk)
    name = _check(name, weekday, hour)
    units = _clean_units(subscription.organisation, units)
    reschedule = (weekday, hour) != (subscription.weekday, subscription.hour) or (
        is_active and not subscription.is_active
    )
    subscription.name = name
    subscription.weekday = weekday
    subscription.hour = hour
    subscription.include_subunits = include_subunits
    subscription.is_active = is_active
    if not is_active:
        subscription.next_send_at = None  # queued runs find no match and stop the chain
    subscription.save()
    subscription.units.set(units)
    record(
        "digest.update",
        actor=acting_user,
        obj=subscription,
        units=[u.name for u in units],
        weekday=weekday,
        hour=hour,
        is_active=is_active,
    )
    if is_active and (reschedule or subscription.next_send_at is None):
        schedule(subscription, now=now)
    return subscription


# --- the "email" channel in the delivery registry ---------------------------------------------


class EmailDigestPublisher(Publisher):
    """Articles reach e-mail through the weekly digest, not one by one: a delivery is queued
    when a digest carrying the article has gone out, and records which one."""

    code = CHANNEL
    label = "Thư điện tử (bản tin tuần)"
    queue_on_publish = False

    def publish(self, attempt) -> PublishResult:
        item = (
            DigestItem.objects.filter(
                article_id=attempt.article.pk, run__status=DigestRun.Status.SENT
            )
            .order_by("run__sent_at", "pk")
            .first()
        )
        if item is None:
            raise GiveUp("Tin, bài chưa có trong bản tin thư điện tử nào đã gửi.", code="give_up")
        return PublishResult(external_id=f"digest:{item.run_id}", url=article_url(attempt.article))


register(EmailDigestPublisher())
