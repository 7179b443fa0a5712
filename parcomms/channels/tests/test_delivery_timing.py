"""Quiet hours and back-off: pure functions, no database."""

from datetime import UTC, datetime, time, timedelta

import pytest

from parcomms.channels.backoff import backoff_delay, schedule
from parcomms.channels.quiet_hours import VIETNAM, QuietHours

ZALO = QuietHours.parse("22:00-06:00")


def vn(day, hour, minute=0, second=0):
    return datetime(2023, 3, day, hour, minute, second, tzinfo=VIETNAM)


@pytest.mark.parametrize(
    "now,expected",
    [
        (vn(15, 21, 59, 59), None),
        (vn(15, 22, 0), vn(16, 6, 0)),
        (vn(15, 23, 30), vn(16, 6, 0)),
        (vn(16, 0, 0), vn(16, 6, 0)),
        (vn(16, 5, 59, 59), vn(16, 6, 0)),
        (vn(16, 6, 0), None),
        (vn(16, 12, 0), None),
    ],
)
def test_zalo_night(now, expected):
    assert ZALO.next_allowed(now) == expected
    assert ZALO.is_quiet(now) is (expected is not None)


def test_other_time_zones_are_converted():
    # 16:00 UTC is 23:00 in Vietnam: quiet until 06:00 Vietnam = 23:00 UTC.
    now = datetime(2023, 3, 15, 16, 0, tzinfo=UTC)
    assert ZALO.next_allowed(now) == datetime(2023, 3, 15, 23, 0, tzinfo=UTC)
    assert ZALO.next_allowed(datetime(2023, 3, 15, 2, 0, tzinfo=UTC)) is None  # 09:00 VN


def test_window_within_a_day():
    lunch = QuietHours.parse("12:00-13:30")
    assert lunch.next_allowed(vn(15, 12, 10)) == vn(15, 13, 30)
    assert lunch.next_allowed(vn(15, 13, 30)) is None
    assert lunch.next_allowed(vn(15, 11, 59)) is None


def test_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        ZALO.next_allowed(datetime(2023, 3, 15, 23, 0))


@pytest.mark.parametrize("text", ["22h-06h", "22:00", "22:00-22:00", "25:00-06:00", ""])
def test_bad_windows_are_refused(text):
    with pytest.raises(ValueError):
        QuietHours.parse(text)


def test_parse():
    assert QuietHours.parse(" 22:00 - 06:00 ") == QuietHours(time(22), time(6), VIETNAM)


def test_backoff_doubles_up_to_the_maximum():
    assert schedule(8, base=60, maximum=3600) == [
        timedelta(seconds=s) for s in (60, 120, 240, 480, 960, 1920, 3600)
    ]
    assert backoff_delay(500, base=60, maximum=3600) == timedelta(hours=1)


@pytest.mark.parametrize(
    "attempt,base,maximum", [(0, 60, 3600), (1, 0, 3600), (1, 60, 30), (1, -1, 10)]
)
def test_backoff_bad_arguments(attempt, base, maximum):
    with pytest.raises(ValueError):
        backoff_delay(attempt, base=base, maximum=maximum)
