from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

# Modules that register a publisher when imported (registry.register). Another channel's
# publisher goes in its own module and is added here.
PUBLISHER_MODULES = [
    "parcomms.channels.zalo",
    "parcomms.channels.portal",
    "parcomms.channels.digest",
    "parcomms.channels.noticeboard",
]


class ChannelsConfig(AppConfig):
    name = "parcomms.channels"
    label = "channels"
    verbose_name = _("Kênh đăng tải")

    def ready(self):
        from importlib import import_module

        from wagtail.signals import page_published

        from parcomms.content.models import ArticlePage

        from .services import on_page_published

        for module in PUBLISHER_MODULES:
            import_module(module)
        page_published.connect(
            on_page_published, sender=ArticlePage, dispatch_uid="channels.queue_on_publish"
        )
        checks.register(check_settings)


def check_settings(app_configs=None, **kwargs):
    """Bad channel settings stop the start with the variable's name."""
    from django.conf import settings

    from .quiet_hours import QuietHours

    errors = []
    try:
        QuietHours.parse(settings.ZALO_QUIET_HOURS)
    except ValueError as exc:
        errors.append(checks.Error(f"ZALO_QUIET_HOURS: {exc}", id="channels.E001"))
    positive = [
        "CHANNELS_RETRY_BASE_SECONDS",
        "CHANNELS_RETRY_MAX_SECONDS",
        "CHANNELS_MAX_ATTEMPTS",
        "CHANNELS_LEASE_SECONDS",
        "ZALO_HTTP_TIMEOUT_SECONDS",
        "PORTAL_WEBHOOK_TIMEOUT",
    ]
    for name in positive:
        if getattr(settings, name) <= 0:
            errors.append(checks.Error(f"{name} must be greater than 0.", id="channels.E002"))
    if settings.CHANNELS_RETRY_MAX_SECONDS < settings.CHANNELS_RETRY_BASE_SECONDS:
        errors.append(
            checks.Error(
                "CHANNELS_RETRY_MAX_SECONDS must not be less than CHANNELS_RETRY_BASE_SECONDS.",
                id="channels.E003",
            )
        )
    for name in ("ZALO_API_BASE", "ZALO_OAUTH_BASE"):
        if not getattr(settings, name).startswith(("https://", "http://127.", "http://localhost")):
            errors.append(
                checks.Error(
                    f"{name} must be an https:// URL (or a loopback test server).",
                    id="channels.E004",
                )
            )
    if settings.CHANNELS_LEASE_SECONDS <= settings.ZALO_HTTP_TIMEOUT_SECONDS:
        errors.append(
            checks.Warning(
                "CHANNELS_LEASE_SECONDS should be longer than ZALO_HTTP_TIMEOUT_SECONDS, or a "
                "slow call lets another worker take the delivery over.",
                id="channels.W001",
            )
        )
    return errors
