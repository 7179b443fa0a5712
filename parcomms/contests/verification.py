"""Verifying that a public entrant owns the e-mail (or phone) they registered with.

Instead of a CAPTCHA, the public registration is rate-limited and the entrant confirms a
six-digit code sent by a pluggable sender. `CONTESTS_VERIFICATION_SENDER` names the class
(dotted path); the default sends e-mail through Django's e-mail backend (the console in
development). An SMS gateway is one more class with the same `send` method.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
CODE_MINUTES = 15


class Sender:
    """Delivers a verification code to an entrant; `send` returns False when it cannot."""

    def send(self, entrant, code: str) -> bool:  # pragma: no cover - interface
        raise NotImplementedError


class EmailSender(Sender):
    def send(self, entrant, code: str) -> bool:
        if not entrant.email:
            return False
        subject = f"Mã xác minh dự thi: {code}"
        body = (
            f"Chào {entrant.full_name},\n\n"
            f"Mã xác minh để dự thi «{entrant.contest.title}» là: {code}\n"
            f"Mã có hiệu lực trong {CODE_MINUTES} phút. Nếu bạn không đăng ký, hãy bỏ qua thư này."
        )
        send_mail(subject, body, None, [entrant.email], fail_silently=False)
        return True


class ConsoleSender(Sender):
    """For development and SMS-less set-ups: writes the code to the log."""

    def send(self, entrant, code: str) -> bool:
        logger.warning(
            "Verification code for entrant %s (%s, %s): %s",
            entrant.pk,
            entrant.phone,
            entrant.email,
            code,
        )
        return True


def get_sender() -> Sender:
    return import_string(settings.CONTESTS_VERIFICATION_SENDER)()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def hash_code(entrant_id: int, code: str) -> str:
    message = f"contest-verify:{entrant_id}:{code.strip()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
