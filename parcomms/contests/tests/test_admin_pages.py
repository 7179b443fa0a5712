"""Admin set-up through the pages (forms, bad input) and screenshots of the admin pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from parcomms.contests import services
from parcomms.contests.models import Contest, Question, Round
from parcomms.org.testing import PASSWORD, build_cast

from .conftest import correct_answers, make_contest, make_plan, make_questions, make_round

pytestmark = pytest.mark.django_db


def test_officer_sets_up_a_contest_and_round_through_the_forms(client, cast, bank):
    client.force_login(cast.officer)
    response = client.post(
        reverse("contests_admin:contest_create"),
        {
            "title": "Tìm hiểu CCHC 2025",
            "slug": "tim-hieu-cchc-2025",
            "kind": "contest",
            "audience": "public",
            "registration_units": [cast.unit.pk, cast.other_unit.pk],
            "require_verification": "on",
            "has_prediction": "on",
            "prediction_text": "Bao nhiêu lượt đúng tất cả?",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    contest = Contest.objects.get(slug="tim-hieu-cchc-2025")
    assert set(contest.registration_units.all()) == {cast.unit, cast.other_unit}
    now = timezone.localtime()
    round_data = {
        "number": 1,
        "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "question_count": 8,
        "time_limit_minutes": 10,
        "max_attempts": 1,
    }
    response = client.post(reverse("contests_admin:round_create", args=[contest.pk]), round_data)
    assert response.status_code == 302
    round = contest.rounds.get()
    assert round.time_limit_seconds == 600
    response = client.post(
        reverse("contests_admin:round_questions", args=[round.pk]),
        {"questions": [q.pk for q in bank], "mode": "replace"},
    )
    assert response.status_code == 302 and round.questions.count() == len(bank)
    # Bad input: closing before opening, a number already used, a reserved slug.
    bad = dict(round_data, number=1, closes_at=round_data["opens_at"])
    response = client.post(reverse("contests_admin:round_create", args=[contest.pk]), bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Đã có vòng thi số này." in html and "Thời điểm đóng phải sau thời điểm mở." in html
    assert contest.rounds.count() == 1
    response = client.post(
        reverse("contests_admin:contest_create"),
        {
            "title": "X",
            "slug": "bai",
            "kind": "contest",
            "audience": "staff",
            "prediction_text": "?",
        },
    )
    assert response.status_code == 400 and "dành riêng" in response.content.decode()


def test_draw_settings_are_locked_once_people_took_part(cast, staff_contest):
    round = staff_contest.rounds.get()
    entrant = services.staff_entrant(staff_contest, cast.staff)
    services.start_attempt(round, entrant)
    with pytest.raises(services.ContestError, match="đã có lượt dự thi"):
        services.save_round(
            contest=staff_contest,
            acting_user=cast.officer,
            round=round,
            values={"question_count": 5},
        )
    assert Round.objects.get(pk=round.pk).question_count == 8


def test_question_form_creates_and_edits(client, cast, bank):
    client.force_login(cast.officer)
    data = {
        "text": "Câu hỏi mới về dịch vụ công trực tuyến?",
        "difficulty": 2,
        "option_A": "Đúng",
        "correct_A": "on",
        "option_B": "Sai",
        "is_active": "on",
    }
    assert client.post(reverse("contests_admin:question_create"), data).status_code == 302
    question = Question.objects.get(text=data["text"])
    response = client.post(
        reverse("contests_admin:question_edit", args=[question.pk]),
        dict(data, option_B="Cũng đúng", correct_B="on"),
    )
    assert response.status_code == 400
    assert "ít nhất một phương án sai" in response.content.decode()
    response = client.post(
        reverse("contests_admin:question_create"), dict(data, text=bank[0].text.upper())
    )
    assert response.status_code == 400 and "trùng" in response.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_pages_screenshots(page, live_server, output_dir):
    cast = build_cast()
    make_plan(cast.org)
    questions = make_questions(cast.org, cast.officer)
    contest = make_contest(cast.org, cast.officer)
    round = make_round(contest, cast.officer, questions)
    for user, wrong in ((cast.staff, 0), (cast.other_staff, 3), (cast.head, 1)):
        entrant = services.staff_entrant(contest, user)
        attempt = services.start_attempt(round, entrant)
        services.submit_attempt(attempt, correct_answers(attempt, wrong=wrong), 1)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", cast.officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}{reverse('contests_admin:contest', args=[contest.pk])}")
    assert "3" in page.inner_text("#live-stats")
    assert page.locator("#per-hour span.pc-bar").count() >= 1
    page.screenshot(path=str(output_dir / "contest-admin-detail.png"), full_page=True)
    Round.objects.filter(pk=round.pk).update(closes_at=timezone.now() - timedelta(seconds=5))
    page.goto(f"{live_server.url}{reverse('contests_admin:round_results', args=[round.pk])}")
    page.click("form[action$='/compute/'] button")
    page.wait_for_selector("#results-table tbody tr:nth-child(3)")
    assert "Đặng Thị Hà" in page.inner_text("#results-table tbody tr:first-child")
    page.screenshot(path=str(output_dir / "contest-admin-results.png"), full_page=True)
    page.goto(f"{live_server.url}{reverse('contests_admin:questions')}")
    page.screenshot(path=str(output_dir / "contest-admin-questions.png"))
