"""A second quarter of 2023 for the test cast, built in the other apps' models: articles with
deliveries, sessions with attendance, a monthly obligation, a contest with attempts, and the
default criteria. Expected scores are worked out by hand in test_records.py."""

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from django.utils import timezone

from parcomms.activities.models import Activity, Attendance, new_code
from parcomms.activities.services import save_rule
from parcomms.channels.models import Delivery
from parcomms.content.models import ArticlePage
from parcomms.content.testing import make_article
from parcomms.contests.models import Attempt, Contest, Entrant, Round
from parcomms.emulation.criteria import default_criteria
from parcomms.emulation.models import Period
from parcomms.emulation.services import create_period, save_criteria

_counter = itertools.count(1)


def local(year, month, day, hour=8):
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def publish(article, when, **fields):
    article = ArticlePage.objects.get(pk=article.pk)
    article.get_latest_revision().publish(skip_permission_checks=True)
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=when, **fields)
    return ArticlePage.objects.get(pk=article.pk)


def deliver(article, channel, status="sent"):
    return Delivery.objects.create(
        article=article, organisation=article.organisation, channel=channel, status=status
    )


def session(cast, unit, when, attendance, *, invited=(), **fields):
    activity = Activity.objects.create(
        organisation=unit.organisation,
        unit=unit,
        kind=fields.pop("kind", "pbgdpl"),
        title=fields.pop("title", f"Sinh hoạt pháp luật {when:%d/%m}"),
        starts_at=when,
        ends_at=when + dt.timedelta(hours=2),
        code=new_code(),
        **fields,
    )
    activity.invited_units.set([unit, *invited])
    for user, status in attendance:
        Attendance.objects.create(activity=activity, staff=user.staff, status=status)
    return activity


def contest_round(org, opens, closes, **fields):
    n = next(_counter)
    contest = Contest.objects.create(
        organisation=org,
        title=fields.pop("title", "Cuộc thi tìm hiểu CCHC năm 2023"),
        slug=f"thi-{n}",
        kind=fields.pop("kind", Contest.Kind.CONTEST),
        is_published=True,
    )
    return Round.objects.create(contest=contest, number=1, opens_at=opens, closes_at=closes)


def attempt(round_, user, correct, questions, when):
    entrant, _ = Entrant.objects.get_or_create(
        contest=round_.contest,
        staff=user.staff,
        defaults={"kind": "staff", "full_name": user.staff.full_name, "unit": user.staff.unit},
    )
    return Attempt.objects.create(
        round=round_,
        entrant=entrant,
        token=f"t{next(_counter)}",
        seed=1,
        status=Attempt.Status.SUBMITTED,
        started_at=when - dt.timedelta(minutes=5),
        deadline=when + dt.timedelta(minutes=5),
        submitted_at=when,
        question_count=questions,
        correct_count=correct,
    )


@dataclass
class World:
    period: Period
    articles: dict
    sessions: dict
    round: Round


def build_world(cast) -> World:
    P, A = "present", "absent"
    a1 = publish(make_article(cast.staff, title="Bài 1"), local(2023, 4, 10), kind="bai")
    deliver(a1, "portal")
    deliver(a1, "zalo")
    a2 = publish(
        make_article(
            cast.other_staff, title="Tin 2", authors=[cast.other_staff.staff, cast.staff.staff]
        ),
        local(2023, 5, 2),
        kind="tin",
    )
    deliver(a2, "portal")
    deliver(a2, "zalo", status="failed")
    a3 = publish(make_article(cast.staff, title="Quý sau"), local(2023, 7, 1, 0))
    a4 = publish(make_article(cast.other_org_staff, title="Cơ quan khác"), local(2023, 5, 1))
    make_article(cast.staff, title="Bản nháp")

    everyone = [cast.admin, cast.officer, cast.leader, cast.head, cast.editor, cast.staff]
    s1 = session(
        cast,
        cast.unit,
        local(2023, 4, 14),
        [(cast.staff, P), (cast.head, P), (cast.officer, A), (cast.other_staff, P)],
        invited=[cast.other_unit],
    )
    s2 = session(cast, cast.unit, local(2023, 5, 12), [(u, P) for u in everyone])
    s3 = session(cast, cast.unit, local(2023, 6, 9), [(cast.staff, P)], is_cancelled=True)
    s4 = session(cast, cast.unit, local(2023, 6, 16), [(cast.staff, P)], reform_content=False)
    s5 = session(cast, cast.unit, local(2023, 7, 5), [(cast.staff, P)])
    save_rule(
        {
            "title": "Mỗi tháng ít nhất một buổi sinh hoạt có nội dung CCHC",
            "counts": "session",
            "period": "month",
            "required": 1,
            "all_units": True,
            "active_from": dt.date(2023, 1, 1),
            "active_until": None,
        },
        acting_user=cast.officer,
        organisation=cast.org,
    )

    round_ = contest_round(cast.org, local(2023, 5, 1), local(2023, 5, 31))
    attempt(round_, cast.staff, 6, 10, local(2023, 5, 3))
    attempt(round_, cast.staff, 8, 10, local(2023, 5, 4))
    attempt(round_, cast.head, 10, 10, local(2023, 5, 5))
    attempt(round_, cast.other_staff, 5, 10, local(2023, 5, 6))
    attempt(round_, cast.other_head, 9, 10, local(2023, 7, 2))  # after the quarter
    quiz = contest_round(cast.org, local(2023, 5, 1), local(2023, 5, 31), kind=Contest.Kind.QUIZ)
    attempt(quiz, cast.other_head, 10, 10, local(2023, 5, 7))  # a quiz is not a contest

    save_criteria(cast.org, 2023, default_criteria(), acting_user=cast.officer)
    period = create_period(cast.org, "quarter", 2023, 2, acting_user=cast.officer)
    return World(
        period=period,
        articles={"a1": a1, "a2": a2, "a3": a3, "a4": a4},
        sessions={"s1": s1, "s2": s2, "s3": s3, "s4": s4, "s5": s5},
        round=round_,
    )


@pytest.fixture
def world(cast):
    return build_world(cast)
