"""Pushing a published article to the portal's webhook, signed with HMAC-SHA256, against a
local HTTP server that checks the signature the way a receiver would."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import reverse

from parcomms.audit.models import AuditEntry
from parcomms.channels.models import Delivery, PortalEndpoint
from parcomms.channels.portal import save_endpoint, sign, verify
from parcomms.channels.services import process_delivery, queue_delivery
from parcomms.channels.testing.articles import make_article
from parcomms.org.models import Notification
from parcomms.org.testing import is_refused

pytestmark = pytest.mark.django_db

SECRET = "khoa-bi-mat-thu-nghiem"


class Receiver:
    """A portal's webhook endpoint on 127.0.0.1: verifies each request independently of the
    code under test, remembers idempotency keys, answers with scripted statuses."""

    def __init__(self, secret=SECRET):
        self.secret = secret
        self.requests = []
        self.statuses = []  # answered in order; 200 once they run out
        self.seen_keys = set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                timestamp = self.headers.get("X-Parcomms-Timestamp", "")
                expected = (
                    "sha256="
                    + hmac.new(
                        receiver.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
                    ).hexdigest()
                )
                signature_ok = hmac.compare_digest(
                    expected, self.headers.get("X-Parcomms-Signature", "")
                )
                key = self.headers.get("Idempotency-Key")
                duplicate = key in receiver.seen_keys
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                if not signature_ok:
                    status = 401
                receiver.requests.append(
                    {
                        "headers": dict(self.headers),
                        "body": body,
                        "json": json.loads(body),
                        "signature_ok": signature_ok,
                        "duplicate": duplicate,
                        "status": status,
                    }
                )
                if status == 200:
                    receiver.seen_keys.add(key)
                answer = json.dumps({"id": f"cong-{key}", "url": "https://portal.example/bai/1"})
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer.encode() if status == 200 else b'{"error":"x"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/parcomms/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def endpoint(cast, receiver):
    return PortalEndpoint.objects.create(organisation=cast.org, url=receiver.url, secret=SECRET)


def publish(cast, capture, **kwargs):
    kwargs.setdefault("channels", ("portal",))
    with capture(execute=True):
        return make_article(cast.staff, **kwargs)


# --- signing (pure) ---------------------------------------------------------------------------


def test_signature_is_hmac_sha256_over_timestamp_dot_body():
    body = '{"a":"Cải cách"}'.encode()
    expected = hmac.new(b"k", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert sign("k", 1700000000, body) == f"sha256={expected}"


def test_verify_rejects_tampering_wrong_secret_and_old_timestamps():
    body = b'{"event":"article.published"}'
    good = sign(SECRET, 1000, body)
    assert verify(SECRET, "1000", body, good, now=1000 + 60)
    assert not verify(SECRET, "1000", body + b" ", good, now=1000)
    assert not verify("khac", "1000", body, good, now=1000)
    assert not verify(SECRET, "1001", body, good, now=1000)
    assert not verify(SECRET, "1000", body, good, now=1000 + 301)
    assert not verify(SECRET, "abc", body, good, now=1000)
    assert not verify(SECRET, "1000", body, "", now=1000)


# --- the push ---------------------------------------------------------------------------------


def test_publishing_pushes_a_signed_article(
    cast, endpoint, receiver, django_capture_on_commit_callbacks
):
    before = time.time()
    article = publish(cast, django_capture_on_commit_callbacks, title="Đẩy mạnh dịch vụ công")
    delivery = Delivery.objects.get(article=article, channel="portal")
    assert delivery.status == Delivery.Status.SENT
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request["signature_ok"]
    headers = request["headers"]
    assert headers["Idempotency-Key"] == str(delivery.pk)
    assert headers["X-Parcomms-Event"] == "article.published"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert before - 5 <= int(headers["X-Parcomms-Timestamp"]) <= time.time() + 5
    payload = request["json"]
    assert payload["event"] == "article.published" and payload["delivery_id"] == delivery.pk
    assert payload["article"]["id"] == article.pk
    assert payload["article"]["title"] == "Đẩy mạnh dịch vụ công"
    assert "<b>tuyên truyền</b>" in payload["article"]["body_html"]
    assert "Đẩy mạnh dịch vụ công".encode() in request["body"]  # UTF-8, not \\u escapes
    assert delivery.external_id == f"cong-{delivery.pk}"
    assert delivery.external_url == "https://portal.example/bai/1"
    assert AuditEntry.objects.filter(action="delivery.sent", object_id=str(delivery.pk)).exists()


def test_articles_not_for_the_portal_are_not_pushed(
    cast, endpoint, receiver, django_capture_on_commit_callbacks
):
    publish(cast, django_capture_on_commit_callbacks, channels=())
    assert receiver.requests == []
    assert not Delivery.objects.filter(channel="portal").exists()


def test_a_server_error_is_retried_with_the_same_idempotency_key(
    cast, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [503]
    article = publish(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(article=article, channel="portal")
    assert delivery.status == Delivery.Status.QUEUED
    assert "HTTP 503" in delivery.last_error
    # The immediate test backend cannot run a task later; run the retry when it is due.
    assert process_delivery(delivery.pk, now=delivery.next_attempt_at) == "sent"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 2
    keys = [r["headers"]["Idempotency-Key"] for r in receiver.requests]
    assert keys == [str(delivery.pk), str(delivery.pk)]
    assert all(r["signature_ok"] for r in receiver.requests)
    # Queueing again (or a duplicate task) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        queue_delivery(article, "portal", acting_user=cast.editor)
    assert process_delivery(delivery.pk) == "skipped"
    assert len(receiver.requests) == 2


def test_a_rejection_fails_and_tells_the_editors(
    cast, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [422]
    article = publish(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(article=article, channel="portal")
    assert delivery.status == Delivery.Status.FAILED
    assert "HTTP 422" in delivery.failure_reason
    assert Notification.objects.filter(recipient=cast.editor, kind="delivery_failed").exists()


def test_a_wrong_secret_is_refused_by_the_receiver(
    cast, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.secret = "cong-thong-tin-giu-khoa-khac"
    article = publish(cast, django_capture_on_commit_callbacks)
    assert receiver.requests[0]["signature_ok"] is False
    delivery = Delivery.objects.get(article=article, channel="portal")
    assert delivery.status == Delivery.Status.FAILED and "HTTP 401" in delivery.failure_reason


def test_an_unreachable_endpoint_is_retried(cast, receiver, django_capture_on_commit_callbacks):
    receiver.stop()
    PortalEndpoint.objects.create(organisation=cast.org, url=receiver.url, secret=SECRET)
    article = publish(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(article=article, channel="portal")
    assert delivery.status == Delivery.Status.QUEUED
    assert "Không kết nối được" in delivery.last_error


def test_without_an_endpoint_the_article_waits_for_the_portal_to_pull(
    cast, receiver, django_capture_on_commit_callbacks
):
    article = publish(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(article=article, channel="portal")
    assert delivery.status == Delivery.Status.SENT
    assert delivery.external_id == f"api:{article.pk}"
    assert receiver.requests == []


def test_a_paused_endpoint_is_not_called(
    cast, endpoint, receiver, django_capture_on_commit_callbacks
):
    endpoint.is_active = False
    endpoint.save()
    article = publish(cast, django_capture_on_commit_callbacks)
    assert receiver.requests == []
    assert Delivery.objects.get(article=article, channel="portal").external_id.startswith("api:")


def test_only_the_articles_organisation_endpoint_is_used(
    cast, receiver, django_capture_on_commit_callbacks
):
    PortalEndpoint.objects.create(organisation=cast.other_org, url=receiver.url, secret=SECRET)
    publish(cast, django_capture_on_commit_callbacks)
    assert receiver.requests == []


# --- configuring it ---------------------------------------------------------------------------


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_saving_an_endpoint_shows_its_secret_once(cast, receiver):
    client = login(cast.officer)
    response = client.post(
        reverse("publishing:endpoint_save"), {"url": receiver.url, "is_active": "on"}
    )
    assert response.status_code == 200
    endpoint = PortalEndpoint.objects.get(organisation=cast.org)
    assert endpoint.url == receiver.url and endpoint.is_active
    assert endpoint.secret in response.content.decode()
    assert endpoint.secret not in client.get(reverse("publishing:portal")).content.decode()
    assert AuditEntry.objects.filter(action="portal_endpoint.save").count() == 1
    first_secret = endpoint.secret

    response = client.post(reverse("publishing:endpoint_save"), {"url": receiver.url})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.secret == first_secret and not endpoint.is_active

    response = client.post(
        reverse("publishing:endpoint_save"),
        {"url": receiver.url, "is_active": "on", "new_secret": "on"},
    )
    endpoint.refresh_from_db()
    assert endpoint.secret != first_secret and endpoint.secret in response.content.decode()


@pytest.mark.parametrize("url", ["ftp://cong.example/hook", "khong-phai-dia-chi", ""])
def test_a_bad_url_is_refused_and_nothing_is_saved(cast, url):
    response = login(cast.officer).post(reverse("publishing:endpoint_save"), {"url": url})
    assert response.status_code == 400
    assert not PortalEndpoint.objects.exists()


def test_the_service_refuses_other_schemes(cast):
    from parcomms.channels.portal import EndpointError

    with pytest.raises(EndpointError, match="https://"):
        save_endpoint(
            organisation=cast.org,
            url="file:///etc/passwd",
            is_active=True,
            acting_user=cast.officer,
        )
    assert not PortalEndpoint.objects.exists()


@pytest.mark.parametrize("who", ["staff", "editor", "head", "leader", "superuser"])
def test_wrong_roles_cannot_configure(cast, who):
    response = login(getattr(cast, who)).post(
        reverse("publishing:endpoint_save"), {"url": "https://cong.example/hook"}
    )
    assert is_refused(response)
    assert not PortalEndpoint.objects.exists()


def test_anonymous_cannot_configure(cast):
    response = Client().post(reverse("publishing:endpoint_save"), {"url": "https://cong.example/h"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not PortalEndpoint.objects.exists()


def test_each_organisation_configures_its_own(cast):
    login(cast.other_org_officer).post(
        reverse("publishing:endpoint_save"), {"url": "https://snv.example/hook", "is_active": "on"}
    )
    assert PortalEndpoint.objects.get().organisation == cast.other_org
    page = login(cast.officer).get(reverse("publishing:portal")).content.decode()
    assert "snv.example" not in page
