"""Rate limits per person and per IP that hold across every app server.

A fixed-window counter per (key, window). The default store is the database (one atomic
upsert per hit, so SQLite-only installs and several gunicorn processes or machines share
the count); `CONTESTS_RATE_LIMIT_BACKEND = "cache"` uses Django's default cache instead,
which must then be a shared one (Redis, Memcached), not the per-process local memory.

Limits are named policies; `CONTESTS_RATE_LIMITS` in settings overrides any of them with
(count, seconds).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .models import RateCounter

DEFAULT_POLICIES: dict[str, tuple[int, int]] = {
    # Public registration: a browser behind one office NAT may register a few colleagues.
    "register:ip": (30, 3600),
    # Verification codes sent: per person (phone/e-mail owner) and per IP.
    "code:person": (5, 3600),
    "code:ip": (40, 3600),
    # Typing a code: per person, so six digits cannot be guessed.
    "verify:person": (10, 3600),
    # Starting and submitting attempts.
    "start:person": (10, 600),
    "start:ip": (300, 60),
    "submit:person": (20, 60),
    "submit:ip": (600, 60),
}


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window resets


def policy(name: str) -> tuple[int, int]:
    overrides = getattr(settings, "CONTESTS_RATE_LIMITS", {}) or {}
    return tuple(overrides.get(name, DEFAULT_POLICIES[name]))


def hit(name: str, subject: str, *, now: float | None = None) -> Verdict:
    """Count one hit of `subject` (a person id, an IP) against the named policy."""
    return hit_many([(name, subject)], now=now)[0]


def hit_many(pairs, *, now: float | None = None) -> list[Verdict]:
    """Count one hit for each (policy, subject) pair; the verdicts in the same order.

    With the database store every counter is bumped by one statement (one upsert of several
    rows, one commit) instead of one per counter; each count is still the database's own
    atomic increment, so the limits hold across processes and machines.
    """
    now = time.time() if now is None else now
    rows = []  # (key, bucket, limit, window)
    for name, subject in pairs:
        limit, window = policy(name)
        bucket = int(now // window) * window  # the window's start, in epoch seconds
        rows.append((f"{name}:{subject}"[:200], bucket, limit, window))
    if getattr(settings, "CONTESTS_RATE_LIMIT_BACKEND", "db") == "cache":
        counts = [_cache_hit(f"rl:{key}:{bucket}", window) for key, bucket, _, window in rows]
    else:
        counted = _db_hits(sorted({(key, bucket) for key, bucket, _, _ in rows}))
        counts = [counted[(key, bucket)] for key, bucket, _, _ in rows]
    return [
        Verdict(allowed=count <= limit, retry_after=int(bucket + window - now) + 1)
        for count, (_, bucket, limit, window) in zip(counts, rows, strict=True)
    ]


def _db_hits(keys: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
    """One upsert for every (key, bucket): {(key, bucket): count after this hit}.

    The rows go in sorted order, so two requests bumping the same counters lock them in the
    same order and cannot deadlock.
    """
    if not keys:
        return {}
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    q = connection.ops.quote_name
    values = ", ".join(["(%s, %s, 1)"] * len(keys))
    sql = (
        f"INSERT INTO {table} ({q('key')}, {q('bucket')}, {q('count')}) VALUES {values} "
        f"ON CONFLICT ({q('key')}, {q('bucket')}) "
        f"DO UPDATE SET {q('count')} = {table}.{q('count')} + 1 "
        f"RETURNING {q('key')}, {q('bucket')}, {q('count')}"
    )
    params = [value for key in keys for value in key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(key, bucket): count for key, bucket, count in cursor.fetchall()}


def _cache_hit(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return 1


def purge(older_than_seconds: int = 86400, *, now: float | None = None) -> int:
    """Drop counters of windows long past (called by the round-closing task)."""
    now = time.time() if now is None else now
    deleted, _ = RateCounter.objects.filter(bucket__lt=int(now - older_than_seconds)).delete()
    return deleted


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry added by the
    `CONTESTS_TRUSTED_PROXIES` reverse proxies in front of the app (0 = none)."""
    trusted = int(getattr(settings, "CONTESTS_TRUSTED_PROXIES", 0) or 0)
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    if trusted <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [p for p in forwarded if p]
    if len(forwarded) >= trusted:
        return forwarded[-trusted]
    return remote
