"""Exponential back-off between delivery attempts (pure Python, no Django)."""

from __future__ import annotations

from datetime import timedelta


def backoff_delay(attempt: int, *, base: float, maximum: float) -> timedelta:
    """Delay after failed attempt number `attempt` (1-based): base, 2·base, 4·base … ≤ maximum.

    No random jitter: deliveries fail together only when a channel is down for everyone, and
    then the per-channel rate limit already spreads the retries out; a fixed schedule keeps
    the admin page's "next attempt" honest and the tests exact.
    """
    if attempt < 1:
        raise ValueError("attempt numbers start at 1")
    if base <= 0 or maximum < base:
        raise ValueError("need 0 < base <= maximum")
    exponent = min(attempt - 1, 62)  # 2**62·base is past any maximum; avoids huge ints
    return timedelta(seconds=min(base * (2**exponent), maximum))


def schedule(attempts: int, *, base: float, maximum: float) -> list[timedelta]:
    """The delays after attempts 1 … attempts-1 (the last attempt has no next)."""
    return [backoff_delay(n, base=base, maximum=maximum) for n in range(1, attempts)]
