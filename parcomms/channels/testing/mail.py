"""A real local SMTP server (aiosmtpd on 127.0.0.1) for the e-mail digest tests. A test module
imports `smtp_fixture` (pytest knows it as `smtp`) and the helpers it needs."""

from __future__ import annotations

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """What the SMTP server received. `refuse` makes it answer 451 to the given addresses
    once each (a temporary failure in the middle of a send)."""

    def __init__(self):
        self.messages = []
        self.refuse = set()

    async def handle_DATA(self, server, session, envelope):
        refused = self.refuse & set(envelope.rcpt_tos)
        if refused:
            self.refuse -= refused
            return "451 Thử lại sau"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        # Notifications (e.g. a Zalo delivery that failed for lack of an account) go through
        # the same server; only the digests are what these tests look at.
        if "Bản tin" in (message["Subject"] or ""):
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(name="smtp")
def smtp_fixture(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = "cchc@vpub.example.invalid"
    yield inbox
    controller.stop()


def parts(message):
    """(text, html) bodies of a multipart/alternative message."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html
