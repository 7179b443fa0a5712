"""Notifying people in the app and by e-mail, only once the change that caused it is committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import Notification


def notify(recipients, text: str, *, link: str = "", kind: str = "", email: bool = True) -> None:
    """Queue an in-app notification (and an e-mail) for each recipient after commit.

    Called from service functions inside their transaction: if the transaction rolls back,
    nobody is told about a change that did not happen.
    """
    users = [u for u in recipients if u is not None]

    def send():
        Notification.objects.bulk_create(
            Notification(recipient=u, text=text[:500], link=link, kind=kind) for u in users
        )
        if email:
            base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            body = f"{text}\n\n{base}{link}" if link else text
            for user in users:
                if user.email:
                    send_mail(
                        f"[parcomms] {text[:120]}", body, None, [user.email], fail_silently=True
                    )

    transaction.on_commit(send)
