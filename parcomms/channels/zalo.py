"""Zalo Official Account: an HTTP client for the OA Open API and the `zalo` publisher.

Endpoints and payloads follow ../shared/reference/zalo-oa-and-portals.md §4 (from the
official Java SDK's tests and integration guides): every API call carries the OA access
token in an `access_token` header; tokens come from OAuth v4 and the refresh token is
single-use and rotating, so a refresh must store the new pair at once and two processes must
never spend the same refresh token (a lock on the account row serialises them).

Publishing an article is three calls, each result saved on the delivery before the next:
create (`/v2.0/article/create` → token), verify (`/v2.0/article/verify` → article id),
broadcast (`/v2.0/oa/message`, a media template with the article id → message id). Create
and verify may repeat harmlessly (a crash between create and saving its token leaves an
unsent article on the OA, never a second broadcast). The broadcast is at most once: see
`ZaloPublisher.publish`.

Base URLs are settings (ZALO_API_BASE, ZALO_OAUTH_BASE) so tests talk to the local fake in
`testing/fake_zalo.py`.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

import httpx
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import ratelimit
from .models import Delivery, ZaloAccount
from .quiet_hours import QuietHours
from .registry import Defer, GiveUp, Publisher, PublishResult, Reauthorise, RetryLater, register

logger = logging.getLogger(__name__)

TOKEN_ERRORS = {-216, -220}  # invalid / expired access token: refresh, then retry once
RETRY_ERRORS = {-32, -211, -214}
QUIET_HOURS_ERROR = -234

# Vietnamese reasons shown to editors when Zalo refuses for good (reference §4.3).
GIVE_UP_REASONS = {
    -201: "Zalo báo tham số không hợp lệ (mã -201). Kiểm tra tiêu đề, tóm tắt, ảnh đại diện của bài.",
    -204: "Tài khoản Zalo OA đã bị vô hiệu hóa (mã -204).",
    -205: "Tài khoản Zalo OA không tồn tại (mã -205). Kiểm tra OA ID trong phần cài đặt.",
    -209: "Zalo không hỗ trợ chức năng này cho ứng dụng (mã -209).",
    -210: "Nội dung vượt giới hạn Zalo cho phép (mã -210), ví dụ tiêu đề hoặc tóm tắt quá dài.",
    -212: "Ứng dụng chưa đăng ký chức năng này với Zalo (mã -212).",
    -213: "Người nhận chưa quan tâm Zalo OA (mã -213).",
    -221: "Tài khoản Zalo OA chưa được xác thực (mã -221).",
    -223: "Ứng dụng chưa được Zalo OA cấp quyền dùng chức năng này (mã -223).",
    -224: "Cần nâng cấp gói dịch vụ Zalo OA để dùng chức năng này (mã -224).",
    -233: "Zalo không hỗ trợ loại tin này (mã -233).",
    -240: "Zalo đã ngừng phiên bản API này (mã -240).",
    -248: "Zalo cho rằng nội dung vi phạm tiêu chuẩn nền tảng (mã -248).",
    -320: "Ứng dụng cần tài khoản Zalo Cloud để dùng chức năng này (mã -320).",
    -321: "Tài khoản Zalo Cloud đã hết tiền (mã -321).",
}
RETRY_REASONS = {
    -32: "Ứng dụng vượt giới hạn số lần gọi API của Zalo (mã -32); sẽ thử lại sau.",
    -211: "Zalo OA đã hết hạn mức gửi tin (mã -211); sẽ thử lại sau.",
    -214: "Zalo đang xử lý bài viết (mã -214); sẽ thử lại sau.",
}
ARTICLE_PROCESSING_DELAY = timedelta(seconds=30)
UNCONFIRMED_REASON = (
    "Lần gửi trước bị gián đoạn khi đang phát tin tới người quan tâm Zalo OA, nên không rõ "
    "tin đã được gửi hay chưa. Để không gửi trùng, hệ thống không tự gửi lại: hãy kiểm tra "
    "trên trang quản lý Zalo OA; nếu tin chưa được gửi, bấm “Gửi lại” và xác nhận."
)


# --- settings ------------------------------------------------------------------------------


def api_base() -> str:
    return settings.ZALO_API_BASE.rstrip("/")


def oauth_base() -> str:
    return settings.ZALO_OAUTH_BASE.rstrip("/")


def quiet_hours() -> QuietHours:
    return QuietHours.parse(settings.ZALO_QUIET_HOURS)


def _http() -> httpx.Client:
    return httpx.Client(timeout=settings.ZALO_HTTP_TIMEOUT_SECONDS, follow_redirects=False)


# --- errors ----------------------------------------------------------------------------------


class TransportFailure(RetryLater):
    """No usable answer from Zalo. `maybe_delivered`: the request may have reached Zalo and
    been carried out (a timeout while waiting, a 500/502/504, a garbled reply), as opposed
    to certainly not (no connection, 429, 503)."""

    def __init__(self, reason: str, *, maybe_delivered: bool):
        super().__init__(reason)
        self.maybe_delivered = maybe_delivered


class ZaloAuthError(Exception):
    """The OAuth server refused (bad code, used or expired refresh token, wrong secret)."""


class _TokenRejected(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


def error_for(code: int, message: str, *, now: datetime) -> Exception:
    """The framework exception for a Zalo error code (everything except the token codes)."""
    if code in RETRY_ERRORS:
        delay = ARTICLE_PROCESSING_DELAY if code == -214 else None
        return RetryLater(RETRY_REASONS[code], delay=delay)
    if code == QUIET_HOURS_ERROR:
        hours = quiet_hours()
        until = hours.next_allowed(now) or _next_end(hours, now)
        return Defer(until, "Zalo không cho gửi tin truyền thông ban đêm (mã -234).")
    if code in GIVE_UP_REASONS:
        return GiveUp(GIVE_UP_REASONS[code])
    return GiveUp(f"Zalo trả lỗi mã {code}: {message}")


def _next_end(hours: QuietHours, now: datetime) -> datetime:
    """Zalo said "night" though our clock disagrees (clock skew): wait for the next end."""
    local = now.astimezone(hours.tz)
    end = datetime.combine(local.date(), hours.end, tzinfo=hours.tz)
    return end if end > local else end + timedelta(days=1)


# --- OAuth -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_in: timedelta


def pkce_pair() -> tuple[str, str]:
    """(code_verifier of 43 characters, code_challenge = base64url(SHA-256) without padding)."""
    verifier = secrets.token_urlsafe(32)[:43]
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorisation_url(app_id: str, redirect_uri: str, challenge: str, state: str) -> str:
    query = urlencode(
        {
            "app_id": app_id,
            "redirect_uri": redirect_uri,
            "code_challenge": challenge,
            "state": state,
        }
    )
    return f"{oauth_base()}/v4/oa/permission?{query}"


def _token_request(account: ZaloAccount, form: dict) -> Tokens:
    try:
        with _http() as http:
            response = http.post(
                f"{oauth_base()}/v4/oa/access_token",
                data={**form, "app_id": account.app_id},
                headers={"secret_key": account.secret},
            )
    except httpx.HTTPError as exc:
        raise TransportFailure(
            f"Không kết nối được máy chủ xác thực Zalo: {exc}", maybe_delivered=False
        ) from exc
    if response.status_code >= 500 or response.status_code == 429:
        raise TransportFailure(
            f"Máy chủ xác thực Zalo trả mã HTTP {response.status_code}", maybe_delivered=False
        )
    try:
        data = response.json()
    except ValueError:
        raise TransportFailure(
            "Máy chủ xác thực Zalo trả dữ liệu không đọc được", maybe_delivered=False
        ) from None
    if not data.get("access_token"):
        detail = data.get("error_description") or data.get("error_name") or data.get("message")
        raise ZaloAuthError(f"{detail or 'không rõ lý do'} (mã {data.get('error', '?')})")
    return Tokens(
        access_token=data["access_token"],
        refresh_token=data.get("refresh_token", ""),
        expires_in=timedelta(seconds=int(data.get("expires_in", 3600))),
    )


def exchange_code(account: ZaloAccount, code: str, verifier: str) -> Tokens:
    return _token_request(
        account,
        {"code": code, "grant_type": "authorization_code", "code_verifier": verifier},
    )


def refresh_tokens(account: ZaloAccount) -> Tokens:
    return _token_request(
        account, {"refresh_token": account.refresh_token, "grant_type": "refresh_token"}
    )


# --- the API client ------------------------------------------------------------------------


class ZaloClient:
    """Calls for one organisation's OA. `clock` is the attempt's clock (fixed in tests)."""

    REFRESH_LOCK = timedelta(seconds=30)
    REFRESH_WAIT_SECONDS = 10.0

    def __init__(self, account: ZaloAccount, *, clock: Callable[[], datetime] = timezone.now):
        self.account = account
        self.clock = clock
        self._client: httpx.Client | None = None

    # One connection pool per client (per attempt): building an httpx client loads the CA
    # bundle, which cost more than the API call itself when done per call.
    @property
    def http(self) -> httpx.Client:
        if self._client is None:
            self._client = _http()
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # tokens

    def _fresh(self, account: ZaloAccount) -> bool:
        margin = timedelta(seconds=settings.ZALO_TOKEN_REFRESH_MARGIN_SECONDS)
        return bool(
            account.access_token
            and account.expires_at
            and account.expires_at > self.clock() + margin
        )

    def access_token(self) -> str:
        """A usable access token, refreshed first if it expires within the margin."""
        self.account.refresh_from_db()
        if self.account.needs_reauthorisation:
            raise Reauthorise(self._reauthorise_reason(self.account.last_error))
        if not self._fresh(self.account):
            self.refresh()
        return self.account.access_token

    def refresh(self, *, stale_token: str | None = None) -> None:
        """Refresh the tokens, unless another process has just done it.

        `stale_token`: the token Zalo rejected; refresh only if it is still the current one.
        """
        account = self.account
        deadline = time.monotonic() + self.REFRESH_WAIT_SECONDS
        while True:
            now = self.clock()
            locked = (
                ZaloAccount.objects.filter(pk=account.pk)
                .filter(Q(refresh_lock_until__isnull=True) | Q(refresh_lock_until__lt=now))
                .update(refresh_lock_until=now + self.REFRESH_LOCK)
            )
            account.refresh_from_db()
            done_elsewhere = (
                account.access_token != stale_token if stale_token else self._fresh(account)
            )
            if done_elsewhere and account.access_token:
                if locked:
                    ZaloAccount.objects.filter(pk=account.pk).update(refresh_lock_until=None)
                return
            if locked:
                break
            if time.monotonic() > deadline:
                raise RetryLater("Một tiến trình khác đang làm mới access token Zalo.")
            time.sleep(0.2)
        try:
            if not account.refresh_token:
                raise self._needs_reauthorisation("Chưa có refresh token.")
            try:
                tokens = refresh_tokens(account)
            except ZaloAuthError as exc:
                raise self._needs_reauthorisation(str(exc)) from exc
            now = self.clock()
            # Store the new pair at once: the old refresh token is now spent.
            ZaloAccount.objects.filter(pk=account.pk).update(
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token or account.refresh_token,
                expires_at=now + tokens.expires_in,
                refreshed_at=now,
                needs_reauthorisation=False,
                last_error="",
                refresh_lock_until=None,
            )
            account.refresh_from_db()
        finally:
            ZaloAccount.objects.filter(pk=account.pk, refresh_lock_until__isnull=False).update(
                refresh_lock_until=None
            )

    def _reauthorise_reason(self, detail: str) -> str:
        reason = "Tài khoản Zalo OA cần được kết nối lại (quản trị viên vào Cài đặt → Zalo OA)."
        return f"{reason} {detail}".strip()

    def _needs_reauthorisation(self, detail: str) -> Reauthorise:
        from .services import mark_zalo_reauthorisation_needed

        mark_zalo_reauthorisation_needed(self.account, detail)
        return Reauthorise(self._reauthorise_reason(detail))

    # calls

    def call(self, method: str, path: str, *, json: dict | None = None, params=None) -> dict:
        """One API call → its `data`. Raises the framework's exceptions on failure."""
        token = self.access_token()
        try:
            return self._call_once(method, path, token, json=json, params=params)
        except _TokenRejected:
            self.refresh(stale_token=token)
        token = self.account.access_token
        try:
            return self._call_once(method, path, token, json=json, params=params)
        except _TokenRejected as exc:
            raise self._needs_reauthorisation(
                f"Zalo vẫn từ chối access token (mã {exc.code})."
            ) from exc

    def _call_once(self, method, path, token, *, json=None, params=None) -> dict:
        wait_until = ratelimit.acquire(
            f"zalo:{self.account.oa_id or self.account.app_id}",
            settings.ZALO_RATE_LIMIT_PER_MINUTE,
            self.clock(),
        )
        if wait_until is not None:
            raise Defer(wait_until, "Đã đạt giới hạn số lần gọi Zalo trong một phút.")
        url = f"{api_base()}{path}"
        try:
            response = self.http.request(
                method, url, json=json, params=params, headers={"access_token": token}
            )
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise TransportFailure(
                f"Không kết nối được Zalo: {exc}", maybe_delivered=False
            ) from exc
        except httpx.HTTPError as exc:
            raise TransportFailure(
                f"Zalo không trả lời trọn vẹn: {type(exc).__name__} {exc}", maybe_delivered=True
            ) from exc
        if response.status_code in (429, 503):
            raise TransportFailure(
                f"Zalo tạm thời quá tải (HTTP {response.status_code}).", maybe_delivered=False
            )
        if response.status_code >= 500:
            raise TransportFailure(
                f"Zalo gặp lỗi máy chủ (HTTP {response.status_code}).", maybe_delivered=True
            )
        try:
            body = response.json()
            code = int(body.get("error", 0))
        except (ValueError, AttributeError, TypeError):
            raise TransportFailure(
                f"Zalo trả dữ liệu không đọc được (HTTP {response.status_code}).",
                maybe_delivered=True,
            ) from None
        if code in TOKEN_ERRORS:
            raise _TokenRejected(code, body.get("message", ""))
        if code != 0:
            raise error_for(code, str(body.get("message", "")), now=self.clock())
        return body.get("data") or {}

    def create_article(self, payload: dict) -> str:
        data = self.call("POST", "/v2.0/article/create", json=payload)
        if not data.get("token"):
            raise RetryLater("Zalo không trả token của bài viết vừa tạo.")
        return str(data["token"])

    def verify_article(self, token: str) -> str:
        data = self.call("POST", "/v2.0/article/verify", json={"token": token})
        if not data.get("id"):
            raise RetryLater("Zalo chưa trả mã bài viết.", delay=ARTICLE_PROCESSING_DELAY)
        return str(data["id"])

    def broadcast(self, article_id: str, target: dict | None = None) -> str:
        payload = {
            "recipient": {"target": target or {}},
            "message": {
                "attachment": {
                    "type": "template",
                    "payload": {
                        "template_type": "media",
                        "elements": [{"media_type": "article", "attachment_id": article_id}],
                    },
                }
            },
        }
        data = self.call("POST", "/v2.0/oa/message", json=payload)
        return str(data.get("message_id", ""))

    def article_link(self, article_id: str) -> str:
        """Best effort: the article's public link from getdetail, or "" (not documented [S])."""
        try:
            data = self.call("GET", "/v2.0/article/getdetail", params={"id": article_id})
        except (RetryLater, GiveUp, Defer):
            return ""
        link = data.get("link") or data.get("url") or ""
        return link if isinstance(link, str) and link.startswith("https://") else ""


# --- the publisher ---------------------------------------------------------------------------


def build_payload(article) -> dict:
    from wagtail.rich_text import expand_db_html

    from .zalo_article import article_payload

    site_url = article.get_site().root_url if article.get_site() else ""
    base = site_url or settings.WAGTAILADMIN_BASE_URL
    cover = ""
    if article.cover_image_id:
        cover = article.cover_image.get_rendition("fill-900x500").url
    elif settings.ZALO_DEFAULT_COVER_URL:
        cover = settings.ZALO_DEFAULT_COVER_URL
    authors = ", ".join(s.full_name for s in article.authors.all())
    return article_payload(
        title=article.title,
        author=authors or article.organisation.short_name or article.organisation.name,
        summary=article.summary,
        body_html=expand_db_html(article.body),
        link_url=article.full_url or "",
        cover_url=cover,
        base_url=base,
    )


class ZaloPublisher(Publisher):
    code = "zalo"
    label = "Zalo OA"

    def earliest_send(self, now: datetime) -> datetime | None:
        return quiet_hours().next_allowed(now)

    def publish(self, attempt) -> PublishResult:
        account = ZaloAccount.objects.filter(
            organisation_id=attempt.delivery.organisation_id, is_active=True
        ).first()
        if account is None:
            raise GiveUp(
                "Cơ quan chưa kết nối Zalo OA (quản trị viên vào Cài đặt → Zalo OA).",
                code=Delivery.Failure.NOT_CONFIGURED,
            )
        with ZaloClient(account, clock=attempt.clock) as client:
            return self._publish(attempt, client, account)

    def _publish(self, attempt, client, account) -> PublishResult:
        article = attempt.article
        progress = attempt.progress
        if not progress.get("message_id"):
            if not progress.get("article_id"):
                if not progress.get("token"):
                    attempt.save_progress(token=client.create_article(build_payload(article)))
                attempt.save_progress(
                    article_id=client.verify_article(progress_of(attempt, "token"))
                )
            article_id = progress_of(attempt, "article_id")
            until = self.earliest_send(attempt.now)
            if until is not None:  # create and verify ran into the night: broadcast at dawn
                raise Defer(until, "Zalo không cho gửi tin truyền thông từ 22 giờ đến 6 giờ.")
            self._broadcast_once(attempt, client, account, article_id)
        article_id = progress_of(attempt, "article_id")
        return PublishResult(external_id=article_id, url=client.article_link(article_id))

    def _broadcast_once(self, attempt, client, account, article_id) -> None:
        """At most once: the start is committed before the request, the message id after it.
        A start without a message id means an earlier attempt died or lost the answer in
        between; Zalo offers no way to ask whether that broadcast went out, so we stop and a
        person checks (see UNCONFIRMED_REASON)."""
        if not attempt.mark_started("broadcast"):
            raise GiveUp(UNCONFIRMED_REASON, code=Delivery.Failure.UNCONFIRMED)
        try:
            message_id = client.broadcast(article_id, account.broadcast_target)
        except TransportFailure as exc:
            if exc.maybe_delivered:
                raise GiveUp(
                    f"{UNCONFIRMED_REASON} ({exc.reason})", code=Delivery.Failure.UNCONFIRMED
                ) from exc
            attempt.clear_started("broadcast")
            raise
        except (RetryLater, Defer, Reauthorise, GiveUp):
            attempt.clear_started("broadcast")  # Zalo answered with an error: nothing sent
            raise
        attempt.save_progress(message_id=message_id or "?")


def progress_of(attempt, key: str) -> str:
    return str(attempt.progress[key])


register(ZaloPublisher())
