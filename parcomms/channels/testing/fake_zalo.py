"""A local stand-in for the Zalo OA Open API and OAuth v4 server, for tests and demos.

It implements what parcomms uses, with the behaviour of the reference
(../shared/reference/zalo-oa-and-portals.md §4): the `access_token` header is checked
(unknown → -216, expired → -220); refresh tokens are single-use and rotate; article create →
token, verify → id (optionally -214 "being processed" a few times first), broadcast → message
id (or -234 when night mode is on); getdetail → link. Failures, delays and holds can be
injected per path, and every broadcast is recorded.

    fake = FakeZalo().start()          # 127.0.0.1, random port; fake.url
    access, refresh = fake.issue_tokens()
    fake.fail_next("/v2.0/oa/message", -32)          # next broadcast answers error -32
    fake.fail_next_http("/v2.0/article/create", 502)  # next create answers HTTP 502
    fake.delay["/v2.0/article/verify"] = 0.5          # seconds
    gate = fake.hold("/v2.0/article/verify")          # block until gate.release.set()
    gate.arrived.wait(10)
    fake.broadcasts  # [{"message_id", "article_id", "target", "access_token"}]
    fake.stop()

Run alone (`python -m parcomms.channels.testing.fake_zalo 8765`) for a demo: it prints an
access/refresh token pair to put in the Zalo OA settings page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

APP_ID = "1234567890123456789"
APP_SECRET = "fake-zalo-app-secret"
OA_ID = "4318765432109876543"


@dataclass
class Gate:
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class FakeZalo:
    def __init__(self, *, app_id: str = APP_ID, secret: str = APP_SECRET, oa_id: str = OA_ID):
        self.app_id, self.secret, self.oa_id = app_id, secret, oa_id
        self.lock = threading.RLock()
        self.access_tokens: dict[str, float] = {}  # token → expiry (time.time())
        self.refresh_tokens: set[str] = set()
        self.codes: dict[str, str] = {}  # authorisation code → code_challenge
        self.articles: dict[str, dict] = {}  # token → article
        self.articles_by_id: dict[str, dict] = {}
        self.broadcasts: list[dict] = []
        self.calls: list[tuple[str, str]] = []  # (method, path) of every request
        self.refreshes = 0
        self.night = False  # broadcasts answer -234
        self.verify_pending = 0  # verify answers -214 this many times first
        self.token_lifetime = 90000  # seconds (25 h), as Zalo says today
        self.delay: dict[str, float] = {}
        self.record_broadcast_before_delay = True  # the broadcast happens, the answer is slow
        self._failures: dict[str, list[tuple[str, int]]] = {}
        self._holds: dict[str, Gate] = {}
        self._server: ThreadingHTTPServer | None = None

    # --- control ------------------------------------------------------------------------

    def start(self, port: int = 0) -> FakeZalo:
        fake = self

        class Handler(_Handler):
            zalo = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        for gate in self._holds.values():
            gate.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def issue_tokens(self, lifetime: float | None = None) -> tuple[str, str]:
        with self.lock:
            access, refresh = f"at-{secrets.token_hex(12)}", f"rt-{secrets.token_hex(12)}"
            self.access_tokens[access] = time.time() + (lifetime or self.token_lifetime)
            self.refresh_tokens.add(refresh)
            return access, refresh

    def expire(self, access_token: str) -> None:
        with self.lock:
            self.access_tokens[access_token] = time.time() - 1

    def revoke_all(self) -> None:
        with self.lock:
            self.access_tokens.clear()
            self.refresh_tokens.clear()

    def fail_next(self, path: str, code: int, times: int = 1) -> None:
        self._failures.setdefault(path, []).extend([("zalo", code)] * times)

    def fail_next_http(self, path: str, status: int, times: int = 1) -> None:
        self._failures.setdefault(path, []).extend([("http", status)] * times)

    def hold(self, path: str) -> Gate:
        gate = Gate()
        self._holds[path] = gate
        return gate

    def count(self, path: str) -> int:
        return sum(1 for _m, p in self.calls if p == path)

    # --- endpoints ----------------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict, headers, body: bytes):
        """→ (HTTP status, JSON-able body, extra headers)."""
        with self.lock:
            self.calls.append((method, path))
            queued = self._failures.get(path)
            if queued and queued[0][0] == "http":  # a proxy or server fault: before anything
                return queued.pop(0)[1], {"error": -1, "message": "Internal error"}, {}
        if path == "/v4/oa/permission":
            return self._permission(query)
        if path == "/v4/oa/access_token":
            return self._access_token(headers, body)
        token_error = self._check_token(headers.get("access_token", ""))
        if token_error:
            return 200, token_error, {}
        with self.lock:
            failure = queued.pop(0) if queued else None
        if failure:
            return 200, {"error": failure[1], "message": f"Injected error {failure[1]}"}, {}
        data = json.loads(body or b"{}") if method == "POST" else {}
        if path == "/v2.0/article/create":
            return self._create(data)
        if path == "/v2.0/article/verify":
            self._pause(path)
            return self._verify(data)
        if path == "/v2.0/oa/message":
            return self._broadcast(data, headers.get("access_token"))
        if path == "/v2.0/article/getdetail":
            article = self.articles_by_id.get(query.get("id", [""])[0])
            if article is None:
                return 200, {"error": -201, "message": "Article not found"}, {}
            return (
                200,
                _ok({**article, "link": f"https://zalo.me/fake-article/{article['id']}"}),
                {},
            )
        return 404, {"error": -209, "message": "API not supported"}, {}

    def _pause(self, path):
        gate = self._holds.pop(path, None)
        if gate is not None:
            gate.arrived.set()
            gate.release.wait(60)
        if self.delay.get(path):
            time.sleep(self.delay[path])

    def _check_token(self, token):
        with self.lock:
            expiry = self.access_tokens.get(token)
        if expiry is None:
            return {"error": -216, "message": "Access token is invalid"}
        if expiry < time.time():
            return {"error": -220, "message": "Access token has expired"}
        return None

    def _permission(self, query):
        redirect = query.get("redirect_uri", [""])[0]
        code = f"code-{secrets.token_hex(8)}"
        with self.lock:
            self.codes[code] = query.get("code_challenge", [""])[0]
        target = urlencode(
            {"code": code, "oa_id": self.oa_id, "state": query.get("state", [""])[0]}
        )
        return 302, {}, {"Location": f"{redirect}?{target}"}

    def _access_token(self, headers, body):
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if headers.get("secret_key") != self.secret or form.get("app_id") != self.app_id:
            return 200, _oauth_error(-14001, "Invalid app secret"), {}
        with self.lock:
            if form.get("grant_type") == "refresh_token":
                if form.get("refresh_token") not in self.refresh_tokens:
                    return 200, _oauth_error(-14014, "Invalid refresh token"), {}
                self.refresh_tokens.discard(form["refresh_token"])  # single use
                self.refreshes += 1
            elif form.get("grant_type") == "authorization_code":
                challenge = self.codes.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "").encode()
                expected = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
                if challenge is None or expected.decode() != challenge:
                    return 200, _oauth_error(-14019, "Invalid code verifier"), {}
            else:
                return 200, _oauth_error(-14002, "Invalid grant type"), {}
        access, refresh = self.issue_tokens()
        return (
            200,
            {
                "access_token": access,
                "refresh_token": refresh,
                "expires_in": str(self.token_lifetime),
            },
            {},
        )

    def _create(self, data):
        if not data.get("title") or not data.get("body") or data.get("type") != "normal":
            return 200, {"error": -201, "message": "Parameter invalid"}, {}
        token = f"tok-{secrets.token_hex(8)}"
        with self.lock:
            self.articles[token] = {"token": token, "id": None, "title": data["title"]}
        return 200, _ok({"token": token}), {}

    def _verify(self, data):
        with self.lock:
            article = self.articles.get(data.get("token", ""))
            if article is None:
                return 200, {"error": -201, "message": "Token invalid"}, {}
            if self.verify_pending > 0:
                self.verify_pending -= 1
                return 200, {"error": -214, "message": "Article is being processed"}, {}
            if article["id"] is None:
                article["id"] = secrets.token_hex(10)
                self.articles_by_id[article["id"]] = article
            return 200, _ok({"id": article["id"]}), {}

    def _broadcast(self, data, access_token):
        if self.night:
            return 200, {"error": -234, "message": "Broadcast at night is not allowed"}, {}
        try:
            element = data["message"]["attachment"]["payload"]["elements"][0]
            article_id = element["attachment_id"]
        except (KeyError, IndexError, TypeError):
            return 200, {"error": -201, "message": "Parameter invalid"}, {}
        if article_id not in self.articles_by_id:
            return 200, {"error": -201, "message": "Article not found"}, {}
        message_id = f"msg-{secrets.token_hex(8)}"
        entry = {
            "message_id": message_id,
            "article_id": article_id,
            "target": data.get("recipient", {}).get("target"),
            "access_token": access_token,
        }
        if self.record_broadcast_before_delay:
            with self.lock:
                self.broadcasts.append(entry)
            self._pause("/v2.0/oa/message")
        else:
            self._pause("/v2.0/oa/message")
            with self.lock:
                self.broadcasts.append(entry)
        return 200, _ok({"message_id": message_id}), {}


def _ok(data):
    return {"error": 0, "message": "Success", "data": data}


def _oauth_error(code, name):
    return {"error": code, "error_name": name, "error_description": name}


class _Handler(BaseHTTPRequestHandler):
    zalo: FakeZalo
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean
        pass

    def _serve(self, method):
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            status, payload, extra = self.zalo.handle(
                method, parts.path, parse_qs(parts.query), self.headers, body
            )
        except BrokenPipeError:
            return
        raw = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client died (the kill test)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")


if __name__ == "__main__":  # pragma: no cover - manual demo
    import sys

    fake = FakeZalo().start(int(sys.argv[1]) if len(sys.argv) > 1 else 8765)
    access, refresh = fake.issue_tokens()
    print(f"Fake Zalo on {fake.url}\napp_id={fake.app_id} secret={fake.secret} oa_id={fake.oa_id}")
    print(f"access_token={access}\nrefresh_token={refresh}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()
