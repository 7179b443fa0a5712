"""Gathering the records of a period from the other apps, with a bounded number of queries,
and the scores they give (worked out by hand below)."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parcomms.activities.models import Attendance
from parcomms.emulation.records import gather_for_period, signer_for
from parcomms.emulation.results import period_result
from parcomms.org.models import Staff, Unit
from parcomms.plans.models import Plan

from .conftest import attempt, local, publish, session

pytestmark = pytest.mark.django_db


def test_records_of_the_quarter(cast, world):
    facts = gather_for_period(world.period)
    a1, a2 = world.articles["a1"], world.articles["a2"]
    assert {a.id: (a.kind, a.channels, a.author_ids) for a in facts.articles} == {
        a1.pk: ("bai", ("portal", "site", "zalo"), (cast.staff.staff.pk,)),
        a2.pk: (
            "tin",
            ("portal", "site"),
            tuple(sorted([cast.staff.staff.pk, cast.other_staff.staff.pk])),
        ),
    }
    s1, s2 = world.sessions["s1"], world.sessions["s2"]
    assert [s.id for s in facts.sessions] == [s1.pk, s2.pk]
    assert facts.sessions[0].invited_ids == (cast.other_unit.pk,)
    assert len(facts.sessions[0].attendance) == 4
    obligations = {(o.unit_id, o.period_label): o.status for o in facts.obligations}
    assert obligations == {
        (cast.unit.pk, "Tháng 04/2023"): "done",
        (cast.unit.pk, "Tháng 05/2023"): "done",
        (cast.unit.pk, "Tháng 06/2023"): "due",
        (cast.other_unit.pk, "Tháng 04/2023"): "done",
        (cast.other_unit.pk, "Tháng 05/2023"): "overdue",
        (cast.other_unit.pk, "Tháng 06/2023"): "due",
    }
    assert [r.id for r in facts.rounds] == [world.round.pk]
    assert sorted((a.staff_id, a.correct) for a in facts.attempts) == sorted(
        [
            (cast.staff.staff.pk, 6),
            (cast.staff.staff.pk, 8),
            (cast.head.staff.pk, 10),
            (cast.other_staff.staff.pk, 5),
        ]
    )
    assert {u.name for u in facts.units} == {"Phòng Hành chính - Tổ chức", "Phòng Kinh tế"}
    assert len(facts.staff) == 8


def test_scores_of_the_quarter_by_hand(cast, world):
    result = period_result(world.period)
    hc, kt = result.units
    # Hành chính - Tổ chức: a1 portal bài 5 + zalo 2 + site 1, a2 portal tin 3 + site 1 = 12;
    # 2 sessions × 2 = 4; attendance 8/9 = 88,9% ≥ 70%: 2; obligations 2/3 × 2 = 4;
    # contest 2/6 staff = 33,3%: 0; average (8 + 10) / 2 = 9 ≥ 9: 3. Total 25.
    assert (hc.rank, hc.name, hc.total) == (1, "Phòng Hành chính - Tổ chức", D(25))
    assert [line.text for line in hc.lines][:7] == [
        "1 bài đăng Cổng TTĐT × 5 điểm = 5",
        "1 tin, bài đăng Cổng TTĐT × 3 điểm = 3",
        "1 tin, bài đăng Zalo OA × 2 điểm = 2",
        "2 tin, bài đăng trang tin của cơ quan × 1 điểm = 2",
        "2 buổi sinh hoạt, hội nghị có nội dung CCHC × 2 điểm = 4",
        "Tỷ lệ dự sinh hoạt 88,9% (8/9 lượt) ≥ 70%: 2 điểm",
        "2/3 nghĩa vụ hoàn thành đúng hạn × 2 điểm = 4",
    ]
    # Kinh tế: a2 portal tin 3 + site 1 = 4; invited to s1: 2; attendance 1/1: 3;
    # obligations 1/3: 2; contest 1/2 = 50%: 1; average 5: 1. Total 13.
    assert (kt.rank, kt.name, kt.total) == (2, "Phòng Kinh tế", D(13))
    people = {r.name: r.total for r in result.people}
    # Đặng Thị Hà: a1 portal bài 5 + zalo 2, a2 portal tin 3; 2 sessions; best 8/10 ≥ 7: 2.
    assert people["Đặng Thị Hà"] == D(14)
    assert people["Lê Văn Cường"] == D(2 + 3)  # 2 sessions + 10/10
    assert people["Bùi Văn Khoa"] == D(3 + 1 + 1)  # a2 portal tin, s1, 5/10


def test_query_count_does_not_grow_with_the_data(cast, world, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as small:
        gather_for_period(world.period)
    # Ten times more of everything.
    for i in range(10):
        unit = Unit.objects.create(organisation=cast.org, name=f"Đơn vị thêm {i}")
        extra = [
            Staff.objects.create(
                user=type(cast.staff).objects.create_user(f"them{i}-{j}"),
                organisation=cast.org,
                unit=unit,
                full_name=f"Cán bộ {i} {j}",
                email=f"them{i}-{j}@example.invalid",
            )
            for j in range(3)
        ]
        s = session(cast, unit, local(2023, 5, 20 + i % 5), [])
        for person in extra:
            Attendance.objects.create(activity=s, staff=person, status="present")
    for i in range(10):
        from parcomms.content.testing import make_article

        publish(make_article(cast.staff, title=f"Thêm {i}"), local(2023, 6, 1 + i))
        attempt(
            world.round, cast.other_head if i % 2 else cast.editor, i, 10, local(2023, 5, 10 + i)
        )
    with CaptureQueriesContext(connection) as large:
        facts = gather_for_period(world.period)
    assert len(facts.units) == 12 and len(facts.articles) == 12
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 25


def test_signer_comes_from_the_plan_of_the_year(cast):
    assert signer_for(cast.org, 2023) is None
    Plan.objects.create(
        organisation=cast.org,
        title="Kế hoạch 2023",
        year=2023,
        signer_prefix="KT.",
        signer_title="Chánh Văn phòng",
        signer_name="Hồ Sĩ Sơn",
    )
    signature = signer_for(cast.org, 2023)
    assert (signature.prefix, signature.title, signature.name) == (
        "KT.",
        "Chánh Văn phòng",
        "Hồ Sĩ Sơn",
    )
    assert signer_for(cast.org, 2022) is None


def test_a_period_by_key_even_when_none_was_created(cast, world):
    from parcomms.emulation.results import period_for_key

    assert period_for_key(cast.org, "2023-Q2").pk == world.period.pk
    h1 = period_for_key(cast.org, "2023-H1")
    assert h1.pk is None and (h1.start.isoformat(), h1.end.isoformat()) == (
        "2023-01-01",
        "2023-06-30",
    )
    result = period_result(h1)
    assert not result.closed and result.period_label == "6 tháng đầu năm 2023"
    hc = result.units[0]
    # Q1 adds three missed monthly obligations and nothing else.
    assert "2/6 nghĩa vụ hoàn thành đúng hạn × 2 điểm = 4" in [line.text for line in hc.lines]
    assert hc.total == D(25)
