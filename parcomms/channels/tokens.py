"""API tokens for the provincial portal: one organisation each, stored hashed, revocable.

A token looks like ``pct_<43 url-safe characters>`` (256 random bits). Only its SHA-256 hash
and the first characters (to tell tokens apart in the admin) are stored; the whole token is
shown once, when it is created.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parcomms.audit.log import record
from parcomms.org.models import Staff
from parcomms.org.notify import notify
from parcomms.org.roles import Role, has_role

from .models import ApiToken

TOKEN_PREFIX = "pct_"
PREFIX_LENGTH = 12  # "pct_" and 8 characters of the random part
# Writing last_used_at on every request would turn each read into a write; once a minute says
# as much about whether a token is in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(ValueError):
    """Bad input for a token operation; the message is for the user (Vietnamese)."""


def generate_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def parse_authorization(header: str | None) -> str | None:
    """The token in an ``Authorization: Bearer <token>`` header, or None."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value or " " in value:
        return None
    return value


def authenticate(raw: str | None, *, now=None) -> ApiToken | None:
    """The active token matching `raw` (with its organisation), or None. Marks it used."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("organisation")
        .filter(key_hash=hash_token(raw))
        .first()
    )
    if token is None:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def _tell_admins(organisation, text: str, *, acting_user) -> None:
    """Token changes are security events: the organisation's other administrators hear of them."""
    admins = [
        s.user
        for s in Staff.objects.filter(organisation=organisation, is_active=True).select_related(
            "user"
        )
        if s.user_id != acting_user.pk and has_role(s.user, Role.ADMIN)
    ]
    if admins:
        notify(admins, text, link=reverse("publishing:portal"), kind="api_token", email=False)


@transaction.atomic
def create_token(*, organisation, name: str, acting_user) -> tuple[ApiToken, str]:
    """Create a token; returns the row and the token itself (the only time it is known)."""
    name = " ".join((name or "").split())
    if not name:
        raise TokenError("Hãy đặt tên gợi nhớ cho khóa (ví dụ: Cổng thông tin điện tử tỉnh).")
    if len(name) > 100:
        raise TokenError("Tên gợi nhớ dài quá 100 ký tự.")
    raw = generate_token()
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        prefix=raw[:PREFIX_LENGTH],
        key_hash=hash_token(raw),
        created_by=acting_user,
    )
    record("api_token.create", actor=acting_user, obj=token, name=name, prefix=token.prefix)
    _tell_admins(
        organisation,
        f"Đã tạo khóa truy cập API “{name}” ({token.prefix}…).",
        acting_user=acting_user,
    )
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, acting_user) -> ApiToken:
    """Revoke a token; requests with it are refused from now on. Revoking twice is refused."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise TokenError("Khóa này đã bị thu hồi trước đó.")
    token.revoked_at = timezone.now()
    token.revoked_by = acting_user
    token.save(update_fields=["revoked_at", "revoked_by"])
    record("api_token.revoke", actor=acting_user, obj=token, name=token.name, prefix=token.prefix)
    _tell_admins(
        token.organisation,
        f"Đã thu hồi khóa truy cập API “{token.name}” ({token.prefix}…).",
        acting_user=acting_user,
    )
    return token
