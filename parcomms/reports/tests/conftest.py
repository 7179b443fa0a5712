import datetime as dt
import itertools

import pytest
from django.utils import timezone

from parcomms.activities.models import Activity, Attendance
from parcomms.channels.models import Delivery
from parcomms.content.models import ArticlePage
from parcomms.content.testing import make_article, make_topics
from parcomms.contests.models import Attempt, Contest, Entrant, Round
from parcomms.plans.models import Plan

CODES = itertools.count(1)
VN = timezone.get_fixed_timezone(7 * 60)


def at(y, m, d, h=9):
    return dt.datetime(y, m, d, h, 0, tzinfo=VN)


def publish(article, when):
    article = ArticlePage.objects.get(pk=article.pk)
    article.get_latest_revision().publish(skip_permission_checks=True)
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=when)


def session(cast, when, *, kind="hoi_nghi", cancelled=False, present=(), absent=()):
    a = Activity.objects.create(
        organisation=cast.org,
        unit=cast.unit,
        kind=kind,
        title="Hội nghị quán triệt CCHC",
        starts_at=when,
        ends_at=when + dt.timedelta(hours=2),
        place="Hội trường",
        is_cancelled=cancelled,
        code=f"R{next(CODES):05d}",
    )
    for user in present:
        Attendance.objects.create(activity=a, staff=user.staff, status="present")
    for user in absent:
        Attendance.objects.create(activity=a, staff=user.staff, status="absent")
    return a


@pytest.fixture
def q2_data(cast):
    """Data inside 2023-Q2, just outside it (31/3 23:30 and 1/7 00:30 Vietnam time), in Q1
    (the previous period) and in another organisation."""
    topics = make_topics(cast.org)
    Plan.objects.filter(organisation=cast.org).update(
        number="12",
        symbol="KH-VPUB",
        day=5,
        month=4,
        recipients=["UBND tỉnh;", "Lưu: VT."],
        signer_title="CHÁNH VĂN PHÒNG",
        signer_name="Hồ Sĩ Sơn",
    )
    Plan.objects.create(
        organisation=cast.org,
        title="Kế hoạch cũ",
        year=2022,
        month=12,
        day=31,
        number="9",
        symbol="KH-VPUB",
    )
    publish(
        make_article(cast.staff, title="Q2 a", topics=topics[:2], kind="tin"), at(2023, 4, 1, 0)
    )
    publish(
        make_article(
            cast.staff,
            title="Q2 b",
            authors=[cast.staff.staff, cast.other_staff.staff],
            topics=[topics[1]],
            kind="bai",
        ),
        at(2023, 6, 30, 23),
    )
    publish(make_article(cast.other_staff, title="Q2 c", kind="anh"), at(2023, 5, 15))
    for article in ArticlePage.objects.filter(title__startswith="Q2"):
        Delivery.objects.create(
            article=article, organisation=cast.org, channel="portal", status="sent"
        )
    Delivery.objects.create(
        article=ArticlePage.objects.get(title="Q2 a"),
        organisation=cast.org,
        channel="zalo",
        status="failed",
    )
    publish(make_article(cast.staff, title="Q1", topics=[topics[0]]), at(2023, 3, 31, 23))
    publish(make_article(cast.staff, title="Q3"), dt.datetime(2023, 7, 1, 0, 30, tzinfo=VN))
    publish(make_article(cast.other_org_staff, title="Khác"), at(2023, 5, 1))
    make_article(cast.staff, title="Nháp")
    session(cast, at(2023, 4, 10), present=[cast.staff, cast.head], absent=[cast.other_staff])
    session(cast, at(2023, 6, 1), kind="sinh_hoat", present=[cast.staff])
    session(cast, at(2023, 5, 1), cancelled=True, present=[cast.staff])
    session(cast, at(2023, 3, 1), present=[cast.staff])
    session(cast, at(2023, 5, 20), kind="to_roi")
    session(cast, at(2023, 5, 21), kind="pano")
    contest = Contest.objects.create(organisation=cast.org, title="Tìm hiểu CCHC", slug="thi-q2")
    rnd = Round.objects.create(
        contest=contest, number=1, opens_at=at(2023, 5, 1), closes_at=at(2023, 5, 30)
    )
    for i, user in enumerate([cast.staff, cast.head, cast.other_staff]):
        e = Entrant.objects.create(
            contest=contest, kind="staff", staff=user.staff, full_name=user.staff.full_name
        )
        Entrant.objects.filter(pk=e.pk).update(created_at=at(2023, 5, 2 + i))
        Attempt.objects.create(
            round=rnd,
            entrant=e,
            token=f"t{i}",
            seed=i,
            started_at=at(2023, 5, 3),
            deadline=at(2023, 5, 3, 10),
            question_count=10,
            status="submitted" if i < 2 else "open",
            submitted_at=at(2023, 5, 3, 9) if i < 2 else None,
        )
    return topics
