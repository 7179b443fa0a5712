"""The obligations overview for a chosen period (`?ky=2023-Q2`) or day (`?ngay=30/06/2023`),
its default when the latest plan year or every rule is over, previous/next links, bad input,
and access (unchanged by the parameters)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from parcomms.activities.models import ObligationRule
from parcomms.org.testing import is_refused
from parcomms.plans.models import Plan
from parcomms.vn.periods import MonthPeriod

from .conftest import local, make_session
from .test_obligations import make_rule, present

pytestmark = pytest.mark.django_db

URL = "/admin/activities/obligations/"


def login(client, user):
    client.force_login(user)
    return client


def verdicts(response, unit):
    """{rule title: (period key, status)} for one unit on the page."""
    for st in response.context["statuses"]:
        if st.unit == unit:
            return {rule.title: (v.period.key, v.status) for rule, v in st.obligations}
    raise AssertionError(f"{unit} is not on the page")


@pytest.fixture
def monthly(cast):
    return make_rule(cast, title="Hằng tháng một buổi")


@pytest.fixture
def quarterly(cast):
    return make_rule(cast, period="quarter", title="Hằng quý một buổi")


@pytest.fixture
def may_session(cast, plan):
    """A session on 10/05/2023 that someone of cast.unit attended."""
    session = make_session(cast, starts_at=local(2023, 5, 10, 9))
    present(session, cast.staff)
    return session


def test_url_is_the_one_the_tests_use():
    assert reverse("activities:obligations") == URL


# --- Default ---------------------------------------------------------------------------------


def test_default_is_the_end_of_a_past_plan_year(client, cast, plan, monthly, quarterly):
    assert plan.year < timezone.localdate().year
    page = login(client, cast.officer).get(URL)
    assert page.status_code == 200
    assert page.context["day"] == dt.date(plan.year, 12, 31)
    assert page.context["source"] == "default"
    assert page.context["period"].key == f"{plan.year}-Q4"
    # The last periods of the plan year, judged as of today: over, nothing done, so overdue.
    assert verdicts(page, cast.unit) == {
        "Hằng quý một buổi": (f"{plan.year}-Q4", "overdue"),
        "Hằng tháng một buổi": (f"{plan.year}-12", "overdue"),
    }
    text = page.content.decode()
    assert "Không có nghĩa vụ nào áp dụng trong kỳ này" not in text
    assert f"Tình trạng các kỳ chứa ngày 31/12/{plan.year}" in text
    assert "Năm kế hoạch gần nhất (hoặc mọi quy tắc nghĩa vụ) đã kết thúc" in text


def test_default_is_the_last_day_a_rule_applied_when_all_rules_ended(client, cast):
    make_rule(cast, active_from=dt.date(2024, 1, 1), active_until=dt.date(2024, 8, 20))
    make_rule(
        cast,
        period="quarter",
        title="Hằng quý",
        active_from=dt.date(2024, 1, 1),
        active_until=dt.date(2024, 5, 31),
    )
    assert not Plan.objects.filter(organisation=cast.org).exists()
    page = login(client, cast.officer).get(URL)
    assert page.context["day"] == dt.date(2024, 8, 20)
    assert verdicts(page, cast.unit)["Mỗi tháng ít nhất một buổi sinh hoạt có nội dung CCHC"] == (
        "2024-08",
        "overdue",
    )


def test_default_is_today_while_rules_run_and_no_plan_year_is_over(client, cast, monthly):
    today = timezone.localdate()
    Plan.objects.create(organisation=cast.org, title="Kế hoạch năm nay", year=today.year)
    page = login(client, cast.officer).get(URL)
    assert page.context["day"] == today
    assert page.context["period"] == MonthPeriod.containing("quarter", today)
    assert verdicts(page, cast.unit)["Hằng tháng một buổi"][0] == today.strftime("%Y-%m")
    assert 'id="period-today"' not in page.content.decode()


# --- Explicit period or day ------------------------------------------------------------------


def test_a_chosen_quarter_shows_its_periods(client, cast, monthly, quarterly, may_session):
    page = login(client, cast.officer).get(URL, {"ky": "2023-Q2"})
    assert page.status_code == 200
    assert page.context["day"] == dt.date(2023, 6, 30)
    assert page.context["source"] == "ky"
    assert verdicts(page, cast.unit) == {
        "Hằng quý một buổi": ("2023-Q2", "done"),  # the May session counts for the quarter
        "Hằng tháng một buổi": ("2023-06", "overdue"),  # but June had none
    }
    assert 'value="2023-Q2"' in page.content.decode()


def test_a_chosen_month_and_a_chosen_day(client, cast, monthly, may_session):
    login(client, cast.officer)
    page = client.get(URL, {"ky": "2023-05"})
    assert page.context["day"] == dt.date(2023, 5, 31)
    assert verdicts(page, cast.unit) == {"Hằng tháng một buổi": ("2023-05", "done")}
    page = client.get(URL, {"ngay": "15/05/2023"})
    assert page.context["day"] == dt.date(2023, 5, 15)
    assert page.context["source"] == "ngay"
    assert page.context["period"].key == "2023-Q2"
    assert verdicts(page, cast.unit) == {"Hằng tháng một buổi": ("2023-05", "done")}
    assert 'value="15/05/2023"' in page.content.decode()
    written = client.get(URL, {"ngay": "ngày 15 tháng 5 năm 2023"})
    assert written.context["day"] == dt.date(2023, 5, 15)


def test_the_period_containing_today_is_judged_on_today(client, cast, monthly):
    today = timezone.localdate()
    key = MonthPeriod.containing("quarter", today).key
    page = login(client, cast.officer).get(URL, {"ky": key})
    assert page.context["day"] == today


def test_a_rule_not_active_in_the_chosen_period_is_not_shown(client, cast, monthly):
    page = login(client, cast.officer).get(URL, {"ky": "2022-Q4"})
    assert verdicts(page, cast.unit) == {}
    assert "Không có nghĩa vụ nào áp dụng trong kỳ này" in page.content.decode()


# --- Previous / next -------------------------------------------------------------------------


def test_previous_and_next_links_walk_by_the_chosen_kind(client, cast, monthly, plan):
    login(client, cast.officer)
    text = client.get(URL, {"ky": "2023-Q1"}).content.decode()
    assert 'id="period-previous" rel="prev" href="?ky=2022-Q4"' in text
    assert 'id="period-next" rel="next" href="?ky=2023-Q2"' in text
    text = client.get(URL, {"ky": "2023-05"}).content.decode()
    assert 'href="?ky=2023-04"' in text and 'href="?ky=2023-06"' in text
    text = client.get(URL, {"ngay": "15/08/2023"}).content.decode()
    assert 'href="?ky=2023-Q2"' in text and 'href="?ky=2023-Q4"' in text
    default = client.get(URL)  # 31/12/2023, the plan year's end
    text = default.content.decode()
    assert 'href="?ky=2023-Q3"' in text and 'href="?ky=2024-Q1"' in text
    assert 'id="period-today"' in text
    # Following the link lands on the previous quarter.
    previous = client.get(URL, {"ky": default.context["previous"].key})
    assert previous.context["day"] == dt.date(2023, 9, 30)
    assert verdicts(previous, cast.unit)["Hằng tháng một buổi"][0] == "2023-09"


def test_no_previous_link_before_2000(client, cast):
    page = login(client, cast.officer).get(URL, {"ky": "2000-Q1"})
    assert page.status_code == 200
    assert page.context["previous"] is None
    assert 'id="period-previous"' not in page.content.decode()
    assert page.context["next"].key == "2000-Q2"


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ky": "2023-Q5"}, "“2023-Q5” không phải là một kỳ"),
        ({"ky": "quý 2"}, "“quý 2” không phải là một kỳ"),
        ({"ky": "1999"}, "Năm của kỳ phải trong khoảng 2000–2100."),
        ({"ngay": "31/02/2023"}, "“31/02/2023” không phải là một ngày hợp lệ"),
        ({"ngay": "hôm qua"}, "“hôm qua” không phải là một ngày hợp lệ"),
        ({"ngay": "x 15/05/2023"}, "không phải là một ngày hợp lệ"),
        ({"ngay": "01/01/1999"}, "Năm của ngày phải trong khoảng 2000–2100."),
        ({"ky": "2023-Q2", "ngay": "15/05/2023"}, "Hãy chọn một kỳ hoặc một ngày"),
    ],
)
def test_bad_input_gives_a_message_and_the_default(client, cast, plan, monthly, params, message):
    rules_before = list(ObligationRule.objects.values_list("pk", "title", "active_until"))
    page = login(client, cast.officer).get(URL, params)
    assert page.status_code == 200
    text = page.content.decode()
    assert message in text
    assert "Không xem được kỳ đã chọn" in text and "Đang hiển thị kỳ mặc định." in text
    assert page.context["source"] == "default"
    assert page.context["day"] == dt.date(plan.year, 12, 31)
    assert list(ObligationRule.objects.values_list("pk", "title", "active_until")) == rules_before


def test_good_input_gives_no_message(client, cast, monthly):
    page = login(client, cast.officer).get(URL, {"ky": "2023-Q2"})
    assert "Không xem được kỳ đã chọn" not in page.content.decode()


# --- Access (unchanged by the parameters) ----------------------------------------------------


def test_anonymous_is_sent_to_login(client, cast, monthly):
    response = client.get(URL, {"ky": "2023-Q2"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_plain_staff_are_refused(client, cast, monthly):
    login(client, cast.staff)
    assert is_refused(client.get(URL, {"ky": "2023-Q2"}))
    assert is_refused(client.get(URL, {"ngay": "bad"}))


def test_wrong_method_is_refused(client, cast, monthly):
    login(client, cast.officer)
    assert client.post(URL + "?ky=2023-Q2").status_code == 405
    assert client.put(URL + "?ky=2023-Q2").status_code == 405


def test_other_organisation_sees_only_its_own_units_and_default(client, cast, plan, monthly):
    page = login(client, cast.other_org_officer).get(URL, {"ky": "2023-Q2"})
    assert page.status_code == 200
    units = {s.unit for s in page.context["statuses"]}
    assert units and all(u.organisation_id == cast.other_org.pk for u in units)
    assert all(not s.obligations for s in page.context["statuses"])  # our rule is not theirs
    # Our past plan year does not move their default day.
    assert client.get(URL).context["day"] == timezone.localdate()


def test_unit_head_sees_only_their_unit_in_any_period(client, cast, monthly, may_session):
    page = login(client, cast.other_head).get(URL, {"ky": "2023-05"})
    assert [s.unit for s in page.context["statuses"]] == [cast.other_unit]
    assert verdicts(page, cast.other_unit) == {"Hằng tháng một buổi": ("2023-05", "overdue")}
    page = login(client, cast.head).get(URL, {"ky": "2023-05"})
    assert cast.other_unit not in {s.unit for s in page.context["statuses"]}
    assert verdicts(page, cast.unit) == {"Hằng tháng một buổi": ("2023-05", "done")}


def test_leader_reads_a_past_period(client, cast, monthly):
    page = login(client, cast.leader).get(URL, {"ky": "2023"})
    assert page.status_code == 200
    assert page.context["day"] == dt.date(2023, 12, 31)


def test_unit_links_open_the_chosen_year(client, cast, monthly):
    page = login(client, cast.officer).get(URL, {"ky": "2023-Q2"})
    unit_url = reverse("activities:unit_obligations", args=[cast.unit.pk])
    assert f'href="{unit_url}?year=2023"' in page.content.decode()
