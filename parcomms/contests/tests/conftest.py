import time
from datetime import timedelta

import pytest
from django.utils import timezone

from parcomms.contests import ratelimit, services
from parcomms.contests.models import Contest, Round
from parcomms.plans.models import Plan, Topic

AREAS = ["a", "b", "c", "đ"]


class _PinnedTime:
    """The `time` module as the rate limiter sees it, with a clock that does not move."""

    now = 1_800_000_030.0  # 30 s into a minute, an hour and a 10-minute window

    def time(self):
        return self.now

    def __getattr__(self, name):
        return getattr(time, name)


@pytest.fixture(autouse=True)
def _pinned_rate_limit_clock(monkeypatch):
    """Rate-limit windows are fixed slices of the wall clock (a minute, an hour). A test that
    makes three requests and expects the third refused would pass the limit if a window
    ended between two of them; with the limiter's clock pinned, every hit of a test falls
    in the same window."""
    monkeypatch.setattr(ratelimit, "time", _PinnedTime())


def make_plan(org):
    plan = Plan.objects.create(organisation=org, title="Tuyên truyền CCHC năm 2023", year=2023)
    for order, label in enumerate(AREAS):
        Topic.objects.create(plan=plan, label=label, title=f"Nội dung {label}", order=order)
    return plan


def make_questions(org, user, *, per_area=3, multi_every=4):
    """`per_area` questions in each content area; every `multi_every`-th has two right answers."""
    topics = {t.label: t for t in Topic.objects.filter(plan__organisation=org)}
    questions = []
    n = 0
    for area in AREAS:
        for i in range(per_area):
            n += 1
            multi = n % multi_every == 0
            options = [
                services.OptionInput(f"Đáp án đúng {n}", True),
                services.OptionInput(f"Phương án sai {n}.1", False),
                services.OptionInput(f"Phương án {'đúng' if multi else 'sai'} {n}.2", multi),
                services.OptionInput(f"Phương án sai {n}.3", False),
            ]
            questions.append(
                services.save_question(
                    organisation=org,
                    acting_user=user,
                    text=f"Câu hỏi số {n} về lĩnh vực {area} ({i})?",
                    options=options,
                    topics=[topics[area]],
                    explanation=f"Giải thích cho câu {n}.",
                    source="Nghị quyết số 76/NQ-CP",
                )
            )
    return questions


def make_contest(org, user, *, audience=Contest.Audience.STAFF, slug="thi-cchc", **values):
    defaults = {
        "title": "Cuộc thi tìm hiểu cải cách hành chính năm 2023",
        "slug": slug,
        "description": "Thể lệ: 8 câu hỏi trắc nghiệm và 1 câu hỏi dự đoán.",
        "kind": Contest.Kind.CONTEST,
        "audience": audience,
        "require_verification": True,
        "has_prediction": True,
        "is_published": True,
    }
    defaults.update(values)
    return services.save_contest(organisation=org, acting_user=user, values=defaults)


def make_round(contest, user, questions, *, number=1, opens=None, closes=None, **values):
    now = timezone.now()
    defaults = {
        "number": number,
        "title": "",
        "opens_at": opens or now - timedelta(hours=1),
        "closes_at": closes or now + timedelta(days=7),
        "question_count": 8,
        "time_limit_seconds": 600,
        "max_attempts": 2,
    }
    defaults.update(values)
    round = services.save_round(contest=contest, acting_user=user, values=defaults)
    services.set_round_questions(round=round, acting_user=user, questions=questions)
    return round


@pytest.fixture
def bank(cast):
    make_plan(cast.org)
    return make_questions(cast.org, cast.officer)


@pytest.fixture
def staff_contest(cast, bank):
    contest = make_contest(cast.org, cast.officer)
    make_round(contest, cast.officer, bank)
    return contest


@pytest.fixture
def public_contest(cast, bank):
    contest = make_contest(cast.org, cast.officer, audience=Contest.Audience.PUBLIC, slug="thi-mo")
    make_round(contest, cast.officer, bank)
    return contest


def open_round(contest) -> Round:
    return contest.rounds.get(number=1)


def correct_answers(attempt, *, wrong: int = 0) -> dict[int, list[str]]:
    """The right tokens for every question of an attempt (the first `wrong` answered wrongly)."""
    answers = {}
    for item in attempt.items.select_related("question").order_by("position"):
        right = set(item.question.options.filter(is_correct=True).values_list("pk", flat=True))
        tokens = [t for t, oid in item.options if oid in right]
        if item.position <= wrong:
            tokens = [t for t, oid in item.options if oid not in right][:1]
        answers[item.position] = tokens
    return answers


def as_post(answers: dict[int, list[str]], prediction=None) -> dict:
    data = {f"q{pos}": tokens for pos, tokens in answers.items()}
    if prediction is not None:
        data["prediction"] = str(prediction)
    return data
