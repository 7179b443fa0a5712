"""The provincial portal channel: what the portal reads and what we push to it.

- `serialise_article` is the one JSON shape of an article, used by the read-only API
  (`api_views.py`, described in `openapi.py`) and by the webhook payload.
- `PortalPublisher` ("portal" in the registry) pushes a newly published article to the
  organisation's configured endpoint, signed with HMAC-SHA256. Without an endpoint, the
  portal pulls (API and Atom feed), so the delivery is recorded as available there.

Webhook requests::

    POST <endpoint url>
    Content-Type: application/json; charset=utf-8
    X-Parcomms-Event: article.published
    X-Parcomms-Timestamp: 1733389200                   (Unix seconds)
    X-Parcomms-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + body)>
    Idempotency-Key: <delivery id>                     (the same on every retry)

A receiver recomputes the signature over the raw body, rejects a timestamp more than five
minutes off, and ignores an Idempotency-Key it has seen.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from urllib.parse import urljoin

import httpx
import nh3
from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.rich_text import expand_db_html

from parcomms.audit.log import record

from .models import PortalEndpoint
from .registry import GiveUp, Publisher, PublishResult, RetryLater, register

EVENT_PUBLISHED = "article.published"
SIGNATURE_HEADER = "X-Parcomms-Signature"
TIMESTAMP_HEADER = "X-Parcomms-Timestamp"
EVENT_HEADER = "X-Parcomms-Event"
IDEMPOTENCY_HEADER = "Idempotency-Key"
SIGNATURE_TOLERANCE_SECONDS = 300
COVER_RENDITION = "width-1200"

# What the portal may receive in body_html: plain structure, links and images, nothing active.
OUTPUT_TAGS = {
    "p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ol", "ul", "li", "hr", "a", "img",
    "blockquote",
}  # fmt: skip
OUTPUT_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}
OUTPUT_URL_SCHEMES = {"http", "https", "mailto", "tel"}


# --- signing (pure) ---------------------------------------------------------------------------


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The X-Parcomms-Signature value: "sha256=" + hex HMAC-SHA256 over "<timestamp>.<body>"."""
    message = str(timestamp).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, now: float) -> bool:
    """What a receiver does: check the signature and that the timestamp is recent."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - sent) > SIGNATURE_TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, sent, body), signature or "")


def generate_secret() -> str:
    return secrets.token_hex(32)


# --- the article as JSON ----------------------------------------------------------------------


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


def site_base(article, request=None) -> str:
    """Where the article's site lives (its Wagtail Site), else the configured base URL."""
    parts = article.get_url_parts(request)
    root = parts[1] if parts else None
    return (root or base_url()).rstrip("/") + "/"


def absolute(url: str | None, base: str | None = None) -> str | None:
    if not url:
        return url
    return urljoin(base or base_url(), url)


def article_url(article, request=None) -> str:
    """The article's public address; its print view when the page is outside every site."""
    url = article.get_full_url(request)
    if url:
        return absolute(url)
    try:
        return absolute(reverse("news:print", args=[article.pk]))
    except NoReverseMatch:
        return base_url()


def clean_body_html(db_html: str, base: str | None = None) -> str:
    """Wagtail's stored rich text as public HTML: embeds expanded, then re-sanitised, and
    relative links made absolute (against `base`) so they work on the portal."""

    def absolutise(tag, attribute, value):
        if attribute in ("href", "src"):
            return absolute(value, base)
        return value

    return nh3.clean(
        expand_db_html(db_html or ""),
        tags=OUTPUT_TAGS,
        attributes=OUTPUT_ATTRIBUTES,
        url_schemes=OUTPUT_URL_SCHEMES,
        attribute_filter=absolutise,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def article_queryset(queryset):
    """Everything `serialise_article` reads, in a fixed number of queries per page."""
    from parcomms.org.models import Staff

    return queryset.select_related("unit", "organisation").prefetch_related(
        Prefetch("authors", queryset=Staff.objects.select_related("unit")),
        "topics",
        "documents",
        Prefetch(
            "cover_image", queryset=get_image_model().objects.prefetch_renditions(COVER_RENDITION)
        ),
    )


def serialise_cover(image, base: str) -> dict | None:
    if image is None:
        return None
    rendition = image.get_rendition(COVER_RENDITION)
    return {
        "url": absolute(rendition.url, base),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text or image.title,
    }


def serialise_article(article, request=None, *, include_body: bool = True) -> dict:
    base = site_base(article, request)
    data = {
        "id": article.pk,
        "title": article.title,
        "kind": article.kind,
        "summary": article.summary,
        "url": article_url(article, request),
        "published_at": iso(article.first_published_at),
        "updated_at": iso(article.last_published_at),
        "organisation": {"id": article.organisation_id, "name": article.organisation.name},
        "unit": {"id": article.unit_id, "name": article.unit.name},
        "authors": [
            {"name": s.full_name, "position": s.position, "unit": s.unit.name}
            for s in article.authors.all()
        ],
        "topics": [{"id": t.pk, "label": t.label, "title": t.title} for t in article.topics.all()],
        "documents": [
            {
                "key": d.key,
                "type": d.type_name,
                "citation": d.citation,
                "issued_on": d.issued_on.isoformat() if d.issued_on else None,
                "issuer": d.issuer,
                "link": d.link or None,
            }
            for d in article.documents.all()
        ],
        "cover_image": serialise_cover(article.cover_image, base),
        "channels": list(article.channels or []),
    }
    if include_body:
        data["body_html"] = clean_body_html(article.body, base)
    return data


# --- the webhook push -------------------------------------------------------------------------


def webhook_timeout() -> float:
    return float(settings.PORTAL_WEBHOOK_TIMEOUT)


def webhook_body(delivery, article) -> bytes:
    payload = {
        "event": EVENT_PUBLISHED,
        "delivery_id": delivery.pk,
        "article": serialise_article(article_queryset(type(article).objects).get(pk=article.pk)),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def webhook_headers(secret: str, timestamp: int, body: bytes, delivery_id) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "parcomms-webhook/1",
        EVENT_HEADER: EVENT_PUBLISHED,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        IDEMPOTENCY_HEADER: str(delivery_id),
    }


def _retry_after(response: httpx.Response):
    from datetime import timedelta

    value = response.headers.get("Retry-After", "")
    return timedelta(seconds=min(int(value), 3600)) if value.isdigit() else None


class PortalPublisher(Publisher):
    code = "portal"
    label = "Cổng thông tin điện tử"

    def publish(self, attempt) -> PublishResult:
        article = attempt.article
        endpoint = PortalEndpoint.objects.filter(
            organisation_id=article.organisation_id, is_active=True
        ).first()
        if endpoint is None:
            # Nothing to push to: the portal pulls the article from the API and the feed.
            return PublishResult(external_id=f"api:{article.pk}", url=article_url(article))
        body = webhook_body(attempt.delivery, article)
        timestamp = int(attempt.now.timestamp())
        headers = webhook_headers(endpoint.secret, timestamp, body, attempt.delivery.pk)
        try:
            response = httpx.post(
                endpoint.url, content=body, headers=headers, timeout=webhook_timeout()
            )
        except httpx.HTTPError as exc:
            raise RetryLater(
                f"Không kết nối được cổng thông tin: {exc.__class__.__name__}"
            ) from exc
        status = response.status_code
        if 200 <= status < 300:
            remote = _json_or_empty(response)
            external_id = str(remote.get("id") or f"webhook:{attempt.delivery.pk}")
            url = remote.get("url") if isinstance(remote.get("url"), str) else ""
            return PublishResult(external_id=external_id[:255], url=url or article_url(article))
        if status in (408, 425, 429) or status >= 500:
            raise RetryLater(
                f"Cổng thông tin tạm thời không nhận (HTTP {status}).", delay=_retry_after(response)
            )
        raise GiveUp(f"Cổng thông tin từ chối bài (HTTP {status}): {response.text[:200]}")


def _json_or_empty(response: httpx.Response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


register(PortalPublisher())


# --- configuring the endpoint -----------------------------------------------------------------


class EndpointError(ValueError):
    """Bad webhook settings; the message is for the user (Vietnamese)."""


@transaction.atomic
def save_endpoint(
    *, organisation, url: str, is_active: bool, acting_user, new_secret: bool = False
) -> tuple[PortalEndpoint, str | None]:
    """Create or change the organisation's webhook. Returns the endpoint and, when a secret
    was generated (first time or on request), that secret — it is shown once."""
    url = (url or "").strip()
    if not url.lower().startswith(("https://", "http://")):
        raise EndpointError(
            "Địa chỉ nhận phải bắt đầu bằng https:// (hoặc http:// khi thử nghiệm)."
        )
    endpoint = PortalEndpoint.objects.select_for_update().filter(organisation=organisation).first()
    secret = None
    if endpoint is None:
        secret = generate_secret()
        endpoint = PortalEndpoint(organisation=organisation, secret=secret)
    elif new_secret:
        secret = generate_secret()
        endpoint.secret = secret
    endpoint.url = url
    endpoint.is_active = is_active
    endpoint.updated_by = acting_user
    endpoint.save()
    record(
        "portal_endpoint.save",
        actor=acting_user,
        obj=endpoint,
        organisation=organisation,
        url=url,
        is_active=is_active,
        new_secret=secret is not None,
    )
    return endpoint, secret
