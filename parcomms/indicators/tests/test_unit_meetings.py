"""UNIT_MEETINGS ("Cơ quan tự theo dõi"): the share of the organisation's units that held at
least one session with CCHC content in the year, computed from the recorded activities."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from parcomms.activities.models import Activity, Attendance, new_code
from parcomms.audit.models import AuditEntry
from parcomms.indicators.computed import ComputeError, unit_meetings
from parcomms.indicators.models import Result
from parcomms.indicators.services import record_unit_meetings, refresh_computed
from parcomms.org.models import Unit

D = dt.date
UNITS = {1: "Phòng Hành chính - Tổ chức", 2: "Phòng Kinh tế", 3: "Phòng Tổng hợp"}


# --- the pure function ------------------------------------------------------------------------


def test_share_of_units_with_at_least_one_session():
    figures = unit_meetings(
        UNITS,
        {1: [D(2023, 3, 2), D(2023, 3, 20), D(2023, 4, 1)], 2: [D(2023, 12, 31)]},
        2023,
        today=D(2024, 2, 1),
    )
    assert (figures.units, figures.units_held) == (3, 2)
    assert figures.percent == Decimal("66.67")
    assert figures.missing == ("Phòng Tổng hợp",)
    # Unit × month: months 3 and 4 for unit 1, December for unit 2, of 3 × 12.
    assert (figures.unit_months_held, figures.unit_months) == (3, 36)
    assert figures.monthly_percent == Decimal("8.33")
    assert figures.through == D(2023, 12, 31)
    note = figures.note()
    assert "2/3 đơn vị" in note and "3/36" in note and "Chưa có: Phòng Tổng hợp." in note


def test_other_years_and_future_days_do_not_count():
    figures = unit_meetings(
        UNITS,
        {1: [D(2022, 12, 31), D(2024, 1, 1)], 2: [D(2023, 6, 20)], 3: [D(2023, 5, 1)]},
        2023,
        today=D(2023, 5, 31),
    )
    assert figures.units_held == 1 and figures.through == D(2023, 5, 31)
    assert figures.unit_months == 15  # January to May so far
    all_held = unit_meetings(UNITS, {u: [D(2023, 1, 9)] for u in UNITS}, 2023, today=D(2023, 1, 9))
    assert all_held.percent == Decimal("100.00") and all_held.missing == ()


def test_a_year_not_started_or_no_units_is_refused():
    with pytest.raises(ComputeError, match="chưa bắt đầu"):
        unit_meetings(UNITS, {}, 2024, today=D(2023, 12, 31))
    with pytest.raises(ComputeError, match="chưa có đơn vị"):
        unit_meetings({}, {}, 2023, today=D(2023, 12, 31))


# --- from the records ---------------------------------------------------------------------------


def local(year, month, day):
    return dt.datetime(year, month, day, 8, tzinfo=timezone.get_current_timezone())


def session(unit, when, *, present=(), invited=(), **fields):
    activity = Activity.objects.create(
        organisation=unit.organisation,
        unit=unit,
        kind=fields.pop("kind", "pbgdpl"),
        title="Sinh hoạt pháp luật",
        starts_at=when,
        ends_at=when + dt.timedelta(hours=2),
        code=new_code(),
        **fields,
    )
    activity.invited_units.set([unit, *invited])
    for user in present:
        Attendance.objects.create(activity=activity, staff=user.staff, status="present")
    return activity


@pytest.mark.django_db
def test_recorded_from_the_activities_and_recomputed_in_place(cast):
    # Unstaffed units are not expected to hold sessions.
    Unit.objects.create(organisation=cast.org, name="Khối (không có cán bộ)")
    Unit.objects.create(organisation=cast.org, name="Phòng Tổng hợp")
    session(cast.unit, local(2023, 3, 2), present=[cast.staff])
    # Not counted: without CCHC content, cancelled, nobody present, another organisation's,
    # not a session (a leaflet).
    session(cast.other_unit, local(2023, 4, 2), present=[cast.other_staff], reform_content=False)
    session(cast.other_unit, local(2023, 5, 2), present=[cast.other_staff], is_cancelled=True)
    session(cast.other_unit, local(2023, 6, 2))
    session(cast.other_org_unit, local(2023, 6, 2), present=[cast.other_org_staff])
    session(cast.other_unit, local(2023, 7, 2), present=[cast.other_staff], kind="to_roi")

    today = D(2024, 1, 10)
    result = record_unit_meetings(cast.org, 2023, acting_user=cast.officer, today=today)
    assert result.indicator.code == "UNIT_MEETINGS" and result.year == 2023
    assert result.score == Decimal("50.00")  # 1 of the 2 staffed units
    assert result.territory == cast.org.name and "1/2 đơn vị" in result.note
    assert "Chưa có: Phòng Kinh tế." in result.note
    entry = AuditEntry.objects.get(action="indicator.result.save")
    assert entry.actor == cast.officer and entry.details["indicator"] == "UNIT_MEETINGS"

    # A joint session the other unit was invited to counts for it too.
    session(cast.unit, local(2023, 11, 5), present=[cast.staff], invited=[cast.other_unit])
    again = record_unit_meetings(cast.org, 2023, acting_user=None, today=today)
    assert again.pk == result.pk  # recomputed in place, not a second result
    result = Result.objects.get(organisation=cast.org, indicator__code="UNIT_MEETINGS")
    assert result.score == Decimal(100) and "Chưa có" not in result.note
    assert not Result.objects.filter(organisation=cast.other_org).exists()


@pytest.mark.django_db
def test_a_bad_year_is_refused_and_nothing_is_stored(cast):
    with pytest.raises(ComputeError, match="chưa bắt đầu"):
        record_unit_meetings(cast.org, 2031, acting_user=cast.officer, today=D(2030, 5, 1))
    with pytest.raises(ComputeError, match="2000–2100"):
        record_unit_meetings(cast.org, 1999, acting_user=cast.officer)
    with pytest.raises(ComputeError):
        record_unit_meetings(cast.org, 2999, acting_user=None)
    assert not Result.objects.exists()
    assert not AuditEntry.objects.filter(action="indicator.result.save").exists()


def test_the_daily_refresh_also_recomputes_last_year_in_january(cast):
    # A December session recorded in January moves last year's figure.
    session(cast.unit, local(2023, 12, 20), present=[cast.staff])
    assert refresh_computed(D(2024, 1, 10)) == 4  # two organisations × (2023, 2024)
    stored = {
        r.year: r.score
        for r in Result.objects.filter(organisation=cast.org, indicator__code="UNIT_MEETINGS")
    }
    assert stored == {2023: Decimal("50.00"), 2024: Decimal("0.00")}
    Result.objects.all().delete()
    assert refresh_computed(D(2024, 2, 1)) == 2  # from February on, only the current year
    assert set(Result.objects.values_list("year", flat=True)) == {2024}
