"""Phone-size browser test (390×844, Zalo's in-app browser user agent): register, verify,
take an attempt with the countdown running, see the result after the round closes."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from parcomms.contests.models import Attempt, Contest, Round
from parcomms.org.testing import build_cast

from .conftest import make_contest, make_plan, make_questions, make_round

ZALO_UA = (
    "Mozilla/5.0 (Linux; Android 13; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36 Zalo android/12100 ZaloTheme/light ZaloLanguage/vi"
)


@pytest.fixture
def phone(chromium_browser, live_server):
    context = chromium_browser.new_context(
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        user_agent=ZALO_UA,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def setup_contest(**round_values) -> Contest:
    cast = build_cast()
    make_plan(cast.org)
    questions = make_questions(cast.org, cast.officer)
    contest = make_contest(
        cast.org,
        cast.officer,
        audience=Contest.Audience.PUBLIC,
        slug="tim-hieu-cchc",
        title="Cuộc thi trực tuyến tìm hiểu cải cách hành chính tỉnh Ninh Thuận năm 2023",
    )
    make_round(contest, cast.officer, questions, **round_values)
    return contest


def register_and_verify(phone, live_server, contest):
    phone.goto(f"{live_server.url}/cuoc-thi/{contest.slug}/")
    phone.click("#register-link")
    phone.fill("#id_full_name", "Trần Văn Nam")
    phone.fill("#id_phone", "0905 123 456")
    phone.fill("#id_email", "nam.tran@example.invalid")
    phone.select_option("#id_unit", label="Phòng Kinh tế")
    phone.check("#id_agree")
    phone.click("#register-submit")
    phone.wait_for_url("**/xac-minh/")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    phone.fill("#id_code", code)
    phone.click("#verify-submit")
    phone.wait_for_selector("#entrant")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_register_take_attempt_and_see_result_on_a_phone(phone, live_server, output_dir):
    contest = setup_contest(time_limit_seconds=300)
    register_and_verify(phone, live_server, contest)
    assert "Trần Văn Nam" in phone.inner_text("#entrant")
    phone.screenshot(path=str(output_dir / "contest-phone-1-contest.png"), full_page=True)

    phone.click("#start-1")
    phone.wait_for_selector("#countdown")
    first = phone.inner_text("#countdown strong")
    assert re.fullmatch(r"0[45]:\d\d", first)
    phone.wait_for_function(
        "t => document.querySelector('#countdown strong').textContent !== t", arg=first
    )
    # The countdown stays in view while scrolling through the questions.
    phone.locator(".c-q").nth(5).scroll_into_view_if_needed()
    phone.wait_for_function("window.scrollY > 600")
    box = phone.locator("#countdown").bounding_box()
    assert 0 <= box["y"] < 50  # stuck to the top of the screen
    phone.screenshot(path=str(output_dir / "contest-phone-2-attempt.png"))

    legends = phone.locator(".c-q fieldset")
    assert legends.count() == 8
    for i in range(8):
        phone.locator(".c-q fieldset").nth(i).locator("label.c-opt").first.click()
    phone.fill("#prediction", "1")
    phone.click("#submit-attempt")
    phone.wait_for_selector("#pending-result")
    assert phone.locator("#score").count() == 0
    phone.screenshot(path=str(output_dir / "contest-phone-3-submitted.png"), full_page=True)

    Round.objects.filter(contest=contest).update(closes_at=timezone.now() - timedelta(seconds=5))
    phone.reload()
    score = phone.inner_text("#score")
    assert re.fullmatch(r"\d/8", score)
    assert "Giải thích" in phone.inner_text("main")
    phone.screenshot(path=str(output_dir / "contest-phone-4-result.png"), full_page=True)

    phone.goto(f"{live_server.url}/cuoc-thi/{contest.slug}/vong/1/xep-hang/")
    phone.wait_for_selector("#leaderboard")
    assert "Trần Văn Nam" in phone.inner_text("#leaderboard")
    assert phone.locator("#my-rank").is_visible()
    phone.screenshot(path=str(output_dir / "contest-phone-5-leaderboard.png"), full_page=True)

    # No horizontal scrolling on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_page_submits_by_itself_when_time_runs_out(phone, live_server, settings):
    # The page posts at zero; on a loaded machine its request may reach the server more than
    # the usual 3 s late. The slack is widened so this test is only about the page itself.
    settings.CONTESTS_SUBMIT_GRACE_SECONDS = 30
    contest = setup_contest(time_limit_seconds=10)
    register_and_verify(phone, live_server, contest)
    phone.click("#start-1")
    phone.wait_for_selector("#countdown")
    phone.locator(".c-q fieldset").first.locator("label.c-opt").first.click()
    phone.wait_for_selector("#submitted", timeout=45_000)  # 10 s on the clock, then a page load
    attempt = Attempt.objects.get()
    assert attempt.status == Attempt.Status.SUBMITTED
    # Not before the time ran out (the page counts whole seconds, so up to 1 s early).
    assert 9_000 <= attempt.duration_ms <= 10_000 + 30_000
