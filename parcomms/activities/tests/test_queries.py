"""The read API for the dashboard: results and bounded query counts."""

import datetime as dt

import pytest

from parcomms.activities import queries
from parcomms.activities.coverage import Month
from parcomms.activities.models import Attendance
from parcomms.activities.rules import Status
from parcomms.activities.services import record_activity
from parcomms.org.models import Unit
from parcomms.org.testing import make_person

from .conftest import local, make_session
from .test_obligations import make_rule

pytestmark = pytest.mark.django_db


def held_session(cast, unit, person, when, topics=(), invited=()):
    session = make_session(
        cast, unit=unit, by=cast.officer, starts_at=when, topics=topics, invited=invited
    )
    Attendance.objects.filter(activity=session, staff=person.staff).update(status="present")
    return session


def grow(cast, plan, n_units):
    a, b, _c = plan.topics.all()
    doc = plan.plan_documents.get().document
    for i in range(n_units):
        unit = Unit.objects.create(organisation=cast.org, name=f"Đơn vị {i:02d}")
        person = make_person(cast.org, unit, f"p{i}", f"Cán bộ {i}")
        for month in (1, 4, 5):
            s = held_session(cast, unit, person, local(2023, month, 3 + i % 20), topics=[a])
            s.documents.add(doc)
        record_activity(
            {"unit": unit, "kind": "zalo", "title": "Bài Zalo", "starts_at": local(2023, 5, 9)},
            acting_user=cast.officer,
            organisation=cast.org,
            topics=[b],
        )


@pytest.mark.parametrize("n_units", [2, 10])
def test_coverage_matrix_queries_do_not_grow_with_data(
    cast, plan, n_units, django_assert_max_num_queries
):
    grow(cast, plan, n_units)
    with django_assert_max_num_queries(9):
        matrix = queries.coverage_matrix(
            cast.org, plan, dt.date(2023, 1, 1), dt.date(2023, 12, 31), today=dt.date(2023, 6, 20)
        )
    a, b, c = matrix.topics
    assert a.cells[0].sessions == n_units and a.cells[3].sessions == n_units
    assert b.cells[4].other == n_units and b.cells[4].sessions == 0
    assert (a.gap, b.gap, c.gap) == (False, False, True)
    assert matrix.documents[0].total.sessions == 3 * n_units


def test_coverage_for_one_unit_includes_sessions_it_was_invited_to(cast, plan):
    a = plan.topics.get(label="a")
    held_session(
        cast, cast.unit, cast.staff, local(2023, 2, 1), topics=[a], invited=[cast.other_unit]
    )
    held_session(cast, cast.other_unit, cast.other_staff, local(2023, 3, 1), topics=[a])
    mine = queries.coverage_matrix(
        cast.org, plan, dt.date(2023, 1, 1), dt.date(2023, 12, 31), unit=cast.unit
    )
    theirs = queries.coverage_matrix(
        cast.org, plan, dt.date(2023, 1, 1), dt.date(2023, 12, 31), unit=cast.other_unit
    )
    assert mine.topics[0].total.sessions == 1
    assert theirs.topics[0].total.sessions == 2


def test_sessions_per_month_by_topic(cast, plan, django_assert_num_queries):
    a, b, _c = plan.topics.all()
    held_session(cast, cast.unit, cast.staff, local(2023, 2, 1), topics=[a, b])
    held_session(cast, cast.unit, cast.staff, local(2023, 2, 20), topics=[a])
    make_session(cast, starts_at=local(2023, 2, 21), topics=[a])  # nobody present
    with django_assert_num_queries(1):
        got = queries.sessions_per_month_by_topic(
            cast.org, dt.date(2023, 1, 1), dt.date(2023, 12, 31)
        )
    assert got == {(a.pk, Month(2023, 2)): 2, (b.pk, Month(2023, 2)): 1}


def test_obligation_status_for_this_period(cast, django_assert_max_num_queries):
    make_rule(cast)
    held_session(cast, cast.unit, cast.staff, local(2023, 3, 5))
    with django_assert_max_num_queries(8):
        result = queries.obligation_status(cast.org, day=dt.date(2023, 3, 30))
    by_unit = {s.unit: s for s in result}
    assert (by_unit[cast.unit].done, by_unit[cast.unit].due) == (1, 0)
    assert (by_unit[cast.other_unit].done, by_unit[cast.other_unit].due) == (0, 1)
    verdict = by_unit[cast.other_unit].obligations[0][1]
    assert verdict.status == Status.DUE and verdict.period.key == "2023-03"


def test_attendance_totals(cast, django_assert_max_num_queries):
    session = make_session(cast, starts_at=local(2023, 3, 5), invited=[cast.other_unit])
    Attendance.objects.filter(
        activity=session, staff__in=[cast.staff.staff, cast.other_staff.staff]
    ).update(status="present")
    Attendance.objects.filter(activity=session, staff=cast.head.staff).update(status="excused")
    with django_assert_max_num_queries(2):
        totals = queries.attendance_totals(cast.org, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert (totals.sessions, totals.invited, totals.present, totals.excused) == (1, 8, 2, 1)
    assert totals.rate == pytest.approx(25.0)
    with django_assert_max_num_queries(2):
        by_unit = queries.attendance_by_unit(cast.org, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert (by_unit[cast.other_unit.pk].present, by_unit[cast.other_unit.pk].invited) == (1, 2)
    assert by_unit[cast.unit.pk].sessions == 1
    unit_only = queries.attendance_totals(
        cast.org, dt.date(2023, 1, 1), dt.date(2023, 12, 31), unit=cast.other_unit
    )
    assert (unit_only.invited, unit_only.present) == (2, 1)
