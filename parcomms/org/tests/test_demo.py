"""`load_demo` (run by `make run`): a labelled demo organisation, logins, the example plan; twice."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from parcomms.org.management.commands.load_demo import DEMO_PASSWORD, DEMO_USERNAMES
from parcomms.org.models import Organisation, Staff
from parcomms.org.roles import Role, roles_of
from parcomms.plans.models import Plan

pytestmark = pytest.mark.django_db


def state():
    return (
        Organisation.objects.count(),
        sorted(Staff.objects.values_list("email", "unit__name", "user__username")),
        Plan.objects.count(),
    )


def test_load_demo_twice_is_stable(capsys):
    call_command("load_demo")
    first = state()
    call_command("load_demo")
    assert state() == first
    org = Organisation.objects.get()
    assert org.is_demo and "MINH HỌA" in org.name
    assert 40 <= org.staff.count() <= 50
    assert org.units.count() >= 8
    plan = Plan.objects.get(organisation=org)
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2023"
    assert plan.plan_documents.count() == 20
    out = capsys.readouterr().out
    for username in DEMO_USERNAMES:
        assert username in out


@pytest.mark.parametrize(
    "username,role",
    [
        ("quantri", Role.ADMIN),
        ("chuyenvien", Role.REFORM_OFFICER),
        ("lanhdao", Role.LEADERSHIP),
        ("truongphong", Role.UNIT_HEAD),
        ("bientap", Role.EDITOR),
        ("congchuc", Role.STAFF),
    ],
)
def test_demo_logins_work(username, role):
    call_command("load_demo")
    user = authenticate(
        RequestFactory().post("/admin/login/"), username=username, password=DEMO_PASSWORD
    )
    assert user is not None
    assert role in roles_of(user)
    assert user.staff.organisation.is_demo


def test_demo_head_and_staff_share_a_unit():
    call_command("load_demo")
    head = Staff.objects.get(user__username="truongphong")
    member = Staff.objects.get(user__username="congchuc")
    assert head.is_unit_head and not member.is_unit_head
    assert head.unit_id == member.unit_id


def emulation_state():
    from parcomms.emulation.models import Closing, CriteriaSet, CriteriaVersion, Period

    return (
        list(CriteriaSet.objects.values_list("organisation__slug", "year")),
        CriteriaVersion.objects.count(),
        sorted(Period.objects.values_list("kind", "year", "number")),
        Closing.objects.count(),
    )


def test_demo_has_emulation_periods_with_rankings_once():
    from django.test import Client
    from django.urls import reverse

    from parcomms.emulation.models import Period
    from parcomms.emulation.results import period_result

    call_command("load_demo")
    first = emulation_state()
    assert first[0] == [("demo-vpub-ninh-thuan", 2023)]
    assert first[1] == 1
    assert first[2] == [("half_year", 2023, 1), ("year", 2023, 1)]
    call_command("load_demo")
    assert emulation_state() == first  # twice: no duplicate criteria, versions or periods

    org = Organisation.objects.get()
    year = Period.objects.get(organisation=org, kind="year")
    result = period_result(year)
    assert len(result.units) == org.units.filter(staff__isnull=False).distinct().count()
    assert [r.rank for r in result.units][0] == 1

    client = Client()
    client.force_login(Staff.objects.get(user__username="chuyenvien").user)
    listing = client.get(reverse("emulation:period_list")).content.decode()
    assert year.label in listing
    page = client.get(reverse("emulation:period_detail", args=[year.pk]))
    assert page.status_code == 200
    assert result.units[0].name in page.content.decode()
