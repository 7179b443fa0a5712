"""`ensure_demo_emulation`: the demo organisation's criteria and periods (used by load_demo
and load_demo_activity); only for a demo organisation, idempotent, an officer's criteria kept."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from parcomms.audit.models import AuditEntry
from parcomms.emulation.criteria import default_criteria
from parcomms.emulation.demo import ensure_demo_emulation
from parcomms.emulation.models import Closing, CriteriaSet, CriteriaVersion, Period
from parcomms.emulation.services import EmulationError, save_criteria

pytestmark = pytest.mark.django_db


def after(year, month, day):
    return dt.datetime(year, month, day, 9, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def demo_org(cast):
    cast.org.is_demo = True
    cast.org.save()
    return cast.org


def test_a_real_organisation_is_refused_and_nothing_is_made(cast):
    with pytest.raises(EmulationError, match="không phải cơ quan minh họa"):
        ensure_demo_emulation(cast.org, 2023, acting_user=cast.officer, close=True)
    assert not CriteriaSet.objects.exists() and not Period.objects.exists()


def test_twice_makes_one_set_two_periods_and_one_closing(demo_org, cast):
    first = ensure_demo_emulation(
        demo_org, 2023, acting_user=cast.officer, close=True, now=after(2024, 1, 5)
    )
    assert [p.key for p in first.periods] == ["2023-H1", "2023"]
    assert first.closed_now == ("6 tháng đầu năm 2023",)
    again = ensure_demo_emulation(
        demo_org, 2023, acting_user=cast.officer, close=True, now=after(2024, 1, 6)
    )
    assert again.closed_now == () and [p.pk for p in again.periods] == [p.pk for p in first.periods]
    assert CriteriaVersion.objects.count() == 1 and Period.objects.count() == 2
    assert Closing.objects.count() == 1
    assert AuditEntry.objects.filter(action="emulation.period_create").count() == 2


def test_a_period_not_over_is_not_closed(demo_org, cast):
    result = ensure_demo_emulation(
        demo_org, 2023, acting_user=cast.officer, close=True, now=after(2023, 6, 30)
    )
    assert result.closed_now == () and not Closing.objects.exists()


def test_a_reopened_half_year_stays_open(demo_org, cast):
    from parcomms.emulation.services import reopen_period

    result = ensure_demo_emulation(
        demo_org, 2023, acting_user=cast.officer, close=True, now=after(2024, 1, 5)
    )
    reopen_period(result.periods[0], acting_user=cast.officer, reason="Chấm lại")
    ensure_demo_emulation(demo_org, 2023, acting_user=cast.officer, close=True)
    assert not Period.objects.get(pk=result.periods[0].pk).is_closed


def test_the_officers_own_criteria_are_kept(demo_org, cast):
    own = dataclasses.replace(default_criteria(), session_points=Decimal(7))
    version = save_criteria(demo_org, 2023, own, acting_user=cast.officer)
    result = ensure_demo_emulation(demo_org, 2023, acting_user=cast.officer)
    assert result.criteria_version == version.number
    assert CriteriaVersion.objects.get().criteria().session_points == Decimal(7)
