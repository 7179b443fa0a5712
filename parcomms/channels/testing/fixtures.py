"""pytest fixtures for the Zalo channel tests. A test module imports the `*_fixture`
functions it needs; pytest knows them by their `name` (`fake_zalo`, `zalo_account`)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from parcomms.channels.models import ZaloAccount
from parcomms.channels.quiet_hours import VIETNAM
from parcomms.channels.testing.fake_zalo import FakeZalo

# A weekday morning in Vietnam: inside Zalo's sending hours.
MORNING = datetime(2023, 3, 15, 9, 0, tzinfo=VIETNAM)


def quiet_window_away_from_now() -> str:
    """A one-minute quiet window twelve hours from the real clock, for tests that go through
    the immediate task backend (real time) and must not land in the night."""
    far = timezone.now().astimezone(VIETNAM) + timedelta(hours=12)
    end = far + timedelta(minutes=1)
    return f"{far:%H:%M}-{end:%H:%M}"


@pytest.fixture(name="fake_zalo")
def fake_zalo_fixture(settings):
    fake = FakeZalo().start()
    settings.ZALO_API_BASE = fake.url
    settings.ZALO_OAUTH_BASE = fake.url
    settings.ZALO_APP_SECRET = ""
    settings.ZALO_RATE_LIMIT_PER_MINUTE = 1000
    settings.ZALO_QUIET_HOURS = quiet_window_away_from_now()
    settings.CHANNELS_RETRY_BASE_SECONDS = 60
    settings.CHANNELS_RETRY_MAX_SECONDS = 3600
    settings.CHANNELS_MAX_ATTEMPTS = 5
    yield fake
    fake.stop()


@pytest.fixture(name="zalo_account")
def zalo_account_fixture(cast, fake_zalo) -> ZaloAccount:
    access, refresh = fake_zalo.issue_tokens()
    return ZaloAccount.objects.create(
        organisation=cast.org,
        oa_id=fake_zalo.oa_id,
        app_id=fake_zalo.app_id,
        app_secret=fake_zalo.secret,
        access_token=access,
        refresh_token=refresh,
        expires_at=timezone.now() + timedelta(hours=25),
    )
