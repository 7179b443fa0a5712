"""The dashboard page: who sees what, what it says, and a bounded number of queries whatever
the data size."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from parcomms.dashboard.generate import Scale, generate
from parcomms.org.testing import is_refused

pytestmark = pytest.mark.django_db

URL = "/admin/dashboard/"


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


# --- access -----------------------------------------------------------------------------------


def test_urls():
    assert reverse("dashboard:home") == URL
    assert reverse("dashboard:pdf") == URL + "pdf/"


def test_anonymous_is_sent_to_login(client, cast):
    for url in (URL, URL + "pdf/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_and_editor_are_refused(client, cast, plan):
    for user in (cast.staff, cast.editor, cast.other_staff):
        for url in (URL, URL + "pdf/"):
            assert is_refused(get(client, user, url)), (user.username, url)


def test_superuser_without_staff_record_is_refused(client, cast):
    assert is_refused(get(client, cast.superuser))


def test_wrong_method(client, cast, plan):
    client.force_login(cast.leader)
    assert client.post(URL).status_code == 405
    assert client.post(URL + "pdf/").status_code == 405


def test_leader_and_officer_see_the_organisation(client, cast, plan, history):
    for user in (cast.leader, cast.officer, cast.admin):
        response = get(client, user)
        assert response.status_code == 200
        board = response.context["board"]
        assert board.organisation == cast.org and board.unit is None
        assert board.year == 2023 and board.plan == plan


def test_leader_may_narrow_to_a_unit(client, cast, plan):
    board = get(client, cast.leader, unit=cast.other_unit.pk).context["board"]
    assert board.unit == cast.other_unit


def test_unit_head_sees_only_the_unit(client, cast, plan):
    board = get(client, cast.head).context["board"]
    assert board.unit == cast.unit
    assert get(client, cast.head, unit=cast.other_unit.pk).status_code == 404
    assert get(client, cast.head, unit=cast.other_org_unit.pk).status_code == 404


def test_other_organisation_sees_its_own_only(client, cast, plan):
    response = get(client, cast.other_org_officer)
    assert response.status_code == 200
    assert response.context["board"].organisation == cast.other_org
    assert response.context["board"].plan is None  # the plan belongs to cast.org
    assert get(client, cast.other_org_officer, unit=cast.unit.pk).status_code == 404


def test_bad_parameters_are_a_400(client, cast, plan):
    assert get(client, cast.leader, year="hai nghìn").status_code == 400
    assert get(client, cast.leader, year="1800").status_code == 400
    assert get(client, cast.leader, unit="x").status_code == 400
    # ... but a refused user learns nothing about the parameters
    assert is_refused(get(client, cast.staff, year="x"))


# --- content ------------------------------------------------------------------------------------


def test_targets_with_the_latest_verdicts(client, cast, plan, history):
    text = get(client, cast.leader).content.decode()
    assert "PAR INDEX 2022: hạng 29/63, mục tiêu ≤ 30 — đạt" in text
    assert "SIPAS 2022: 81,83%, mục tiêu ≥ 89,64% — không đạt" in text
    assert "Kết quả năm 2023 chưa có" in text
    assert "35 [D]" in text  # the derived 2021 rank keeps its mark on the chart
    assert "<svg" in text and "Mục tiêu ≤ 30" in text


def test_year_2022_judges_the_2022_results(client, cast, plan, history):
    board = get(client, cast.leader, year=2022).context["board"]
    assert board.verdict_totals["achieved"] >= 3  # PAR rank, rank change, PAPI top 20, SIPAS top 20
    assert board.verdict_totals["not_achieved"] >= 3  # SIPAS %, SIPAS delta, PCI score


def test_activity_counts_ranking_and_queue(client, cast, plan):
    generate(
        cast.org,
        plan,
        Scale(units=3, staff=12, years=1, articles=30, sessions=24, other=4, waiting=4),
    )
    board = get(client, cast.leader).context["board"]
    assert board.totals["sessions"] == 24
    assert board.queue.count == 4
    assert board.queue.max_days >= board.queue.median_days >= 0
    # "Overdue" means what the review queue flags: longer than ARTICLE_REVIEW_FLAG_DAYS.
    waited = sorted(
        (timezone.now() - started).days
        for started in TaskState.objects.filter(status="in_progress").values_list(
            "started_at", flat=True
        )
    )
    flag = settings.ARTICLE_REVIEW_FLAG_DAYS
    assert board.queue.overdue == sum(1 for d in waited if d > flag)
    assert f"chờ quá {flag} ngày" in get(client, cast.leader).content.decode()
    assert [u.rank for u in board.ranking] == list(range(1, len(board.ranking) + 1))
    totals = [u.total for u in board.ranking]
    assert totals == sorted(totals, reverse=True)
    assert sum(c.articles for row in board.matrix.topics for c in row.cells) > 0


def test_unit_head_sees_the_unit_rank(client, cast, plan):
    generate(cast.org, plan, Scale(units=2, staff=6, years=1, articles=10, sessions=10))
    board = get(client, cast.head).context["board"]
    assert [u.unit for u in board.ranking] == [cast.unit]
    assert board.own_rank is not None and board.own_rank.unit == cast.unit
    text = get(client, cast.head).content.decode()
    assert "Phòng Kinh tế" not in text  # another unit's name is not shown to this head


# --- bounded queries ------------------------------------------------------------------------------

MAX_QUERIES = 56


@pytest.mark.parametrize(
    "scale",
    [
        Scale(units=2, staff=6, years=1, articles=8, sessions=6, other=2, waiting=1),
        Scale(
            units=20, staff=200, years=3, articles=600, sessions=400, other=60, waiting=40, seed=2
        ),
    ],
    ids=["small", "larger"],
)
def test_query_count_does_not_grow_with_the_data(
    client, cast, plan, history, scale, django_assert_max_num_queries
):
    generate(cast.org, plan, scale)
    for user in (cast.leader, cast.head):
        client.force_login(user)
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(URL).status_code == 200
