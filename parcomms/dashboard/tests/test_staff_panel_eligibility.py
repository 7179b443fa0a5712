"""The staff panel lists contest rounds with a database filter that restates
`contests.services.staff_is_eligible`; the two must agree for every audience shape."""

import itertools

import pytest
from django.utils import timezone

from parcomms.contests.services import staff_is_eligible
from parcomms.contests.tests.conftest import make_contest, make_plan, make_questions, make_round
from parcomms.dashboard.staff_panel import open_rounds
from parcomms.org.models import Unit
from parcomms.org.testing import make_person

pytestmark = pytest.mark.django_db


def test_the_panel_filter_agrees_with_staff_is_eligible(cast):
    make_plan(cast.org)
    bank = make_questions(cast.org, cast.officer)
    sub_unit = Unit.objects.create(organisation=cast.org, name="Tổ Một cửa", parent=cast.unit)
    org_choices = {"none": [], "other": [cast.other_org], "both": [cast.org, cast.other_org]}
    unit_choices = {
        "none": [],
        "own": [cast.unit],
        "other": [cast.other_unit],
        "child": [sub_unit],
        "other-org": [cast.other_org_unit],
    }
    contests = []
    for n, (orgs, units) in enumerate(itertools.product(org_choices, unit_choices)):
        contest = make_contest(cast.org, cast.officer, slug=f"thi-{n}")
        contest.audience_organisations.set(org_choices[orgs])
        contest.audience_units.set(unit_choices[units])
        make_round(contest, cast.officer, bank)
        contests.append(contest)
    in_sub_unit = make_person(cast.org, sub_unit, "motcua", "Lê Văn Một")  # under cast.unit
    people = [cast.staff, cast.head, cast.other_staff, cast.other_org_staff, in_sub_unit]
    now = timezone.now()
    for user in people:
        staff = user.staff
        listed = {r.contest_id for r in open_rounds(staff, now)}
        expected = {c.pk for c in contests if staff_is_eligible(c, staff)}
        assert listed == expected, user.username
    # The grid is not trivial: each person may enter some contests and not others.
    assert all(
        0 < len({c.pk for c in contests if staff_is_eligible(c, u.staff)}) < len(contests)
        for u in people
    )
