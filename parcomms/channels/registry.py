"""Publisher plug-ins: one per channel (DESIGN.md §3 rule 6).

A publisher knows how to put one published article on one channel. The delivery framework
(`services.py`, `tasks.py`) owns everything around it: the `Delivery` row per (article,
channel), claiming it so only one worker runs it, retries with exponential back-off, quiet
hours, the audit log and notifications. A publisher only talks to its channel.

Writing a publisher::

    from parcomms.channels.registry import GiveUp, Publisher, PublishResult, RetryLater, register

    class PortalPushPublisher(Publisher):
        code = "portal"                      # an ArticlePage.Channel value
        label = "Cổng thông tin điện tử"

        def publish(self, attempt):
            if "remote_id" not in attempt.progress:        # resume where a crash stopped
                remote_id = push(attempt.article)           # may raise RetryLater / GiveUp
                attempt.save_progress(remote_id=remote_id)  # persisted before the next step
            return PublishResult(external_id=attempt.progress["remote_id"], url="https://...")

    register(PortalPushPublisher())          # at import time of a module loaded by
                                             # ChannelsConfig.ready (see apps.py)

The API:

`Publisher`
    ``code`` (the channel code, unique), ``label`` (Vietnamese, shown in the admin),
    ``queue_on_publish`` (default True: a delivery is queued when an article listing this
    channel is published; set False for channels that batch articles themselves, such as a
    weekly digest, and call `services.queue_delivery` yourself).

    ``publish(attempt) -> PublishResult(external_id, url)`` does the work. ``attempt`` is a
    `services.Attempt`: ``attempt.delivery`` (the claimed `Delivery` row), ``attempt.article``
    (the `ArticlePage`, specific), ``attempt.now`` (the attempt's clock — use it, never
    `timezone.now()`, so tests can fix time), ``attempt.progress`` (a dict persisted on the
    row), ``attempt.save_progress(**values)`` (writes the values on the row before returning;
    raises `ClaimLost` if another worker has taken the delivery over) and
    ``attempt.mark_started(step) -> bool`` (see below). Publishing must be resumable: a
    worker can be killed at any line, and the next attempt gets the progress saved so far.

    ``earliest_send(now) -> datetime | None``: the earliest moment the channel accepts a
    send, or None if it does now (quiet hours). The framework asks before every attempt and
    holds the delivery as *deferred* until then, without counting an attempt.

Exceptions a publisher raises (the framework turns them into state changes):

`RetryLater(reason, delay=None)`
    A temporary failure. The delivery is queued again after ``delay`` (a timedelta), or
    after the exponential back-off for its attempt number when None; after
    ``CHANNELS_MAX_ATTEMPTS`` attempts it fails.
`Defer(until, reason)`
    Not a failure: the channel does not accept the send before ``until`` (quiet hours, a
    rate limit). Held as *deferred*; does not count as an attempt.
`Reauthorise(reason)`
    The channel's credentials are no longer valid. The delivery fails, the organisation's
    administrators are told to reconnect, and the delivery can be retried afterwards.
`GiveUp(reason, code="give_up")`
    A permanent failure (bad content, channel not enabled). The delivery fails with the
    Vietnamese ``reason``; its authors and the organisation's editors are told.

Exactly-once needs care only for steps with an external effect that cannot be checked
afterwards (Zalo's broadcast). Before such a step call ``attempt.mark_started("broadcast")``:
it persists the marker and returns True, or returns False if a previous attempt already got
that far without recording the outcome. On False, do not repeat the step; raise
``GiveUp(..., code="unconfirmed")`` so a person checks the channel and, if it was not sent,
retries with confirmation (`services.retry_delivery(..., confirm_unsent=True)`).

`register(publisher)`, `get(code)` (KeyError if none), `all()` (sorted by code),
`unregister(code)` (tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class PublishResult:
    external_id: str
    url: str = ""


class DeliveryError(Exception):
    """Base class of what a publisher raises to tell the framework how an attempt ended."""

    code = "error"

    def __init__(self, reason: str = ""):
        super().__init__(reason)
        self.reason = reason


class RetryLater(DeliveryError):
    code = "retry"

    def __init__(self, reason: str = "", delay: timedelta | None = None):
        super().__init__(reason)
        self.delay = delay


class Defer(DeliveryError):
    code = "deferred"

    def __init__(self, until: datetime, reason: str = ""):
        super().__init__(reason)
        self.until = until


class Reauthorise(DeliveryError):
    code = "reauthorise"


class GiveUp(DeliveryError):
    def __init__(self, reason: str, code: str = "give_up"):
        super().__init__(reason)
        self.code = code


class ClaimLost(Exception):
    """Another worker took the delivery over (our lease expired); stop without writing."""


class Publisher:
    code: str = ""
    label: str = ""
    queue_on_publish: bool = True

    def publish(self, attempt) -> PublishResult:
        raise NotImplementedError

    def earliest_send(self, now: datetime) -> datetime | None:
        return None

    def __repr__(self):
        return f"<{type(self).__name__} {self.code}>"


# Filled at import time (AppConfig.ready), identical in every process: not runtime state.
_publishers: dict[str, Publisher] = {}


def register(publisher: Publisher) -> Publisher:
    if not publisher.code:
        raise ValueError(f"{publisher!r} has no code")
    existing = _publishers.get(publisher.code)
    if existing is not None and type(existing) is not type(publisher):
        raise ValueError(f"channel {publisher.code!r} already has {existing!r}")
    _publishers[publisher.code] = publisher
    return publisher


def unregister(code: str) -> None:
    _publishers.pop(code, None)


def get(code: str) -> Publisher:
    return _publishers[code]


def all() -> list[Publisher]:  # noqa: A001 - the brief's name for the registry listing
    return [_publishers[code] for code in sorted(_publishers)]
