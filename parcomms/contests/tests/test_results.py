"""Results computed by the task when a round closes: idempotent, reproducible, per person and
per unit, overall; the obligations provider; the management command."""

import datetime as dt
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from parcomms.contests import services
from parcomms.contests.models import Attempt, OverallResult, RoundResult, UnitResult
from parcomms.contests.tasks import compute_results_task

from .conftest import correct_answers, make_round, open_round

pytestmark = pytest.mark.django_db


def take(contest, user, *, wrong=0, prediction=None, round=None, now=None):
    round = round or open_round(contest)
    entrant = services.staff_entrant(contest, user)
    attempt = services.start_attempt(round, entrant, now=now)
    return services.submit_attempt(
        attempt, correct_answers(attempt, wrong=wrong), prediction, now=now
    ).attempt


def close(round, when=None):
    round.closes_at = when or timezone.now() - timedelta(seconds=5)
    round.save()


@pytest.fixture
def played(cast, staff_contest):
    """staff: 8/8 (predicts 2), other_staff: 8/8 (predicts 5), head: 6/8 and a better 7/8."""
    take(staff_contest, cast.staff, prediction=2)
    take(staff_contest, cast.other_staff, prediction=5)
    take(staff_contest, cast.head, wrong=2, prediction=1)
    take(staff_contest, cast.head, wrong=1, prediction=9)
    round = open_round(staff_contest)
    close(round)
    return round


def ranking_rows(round):
    return list(
        RoundResult.objects.filter(round=round)
        .order_by("rank")
        .values_list("rank", "entrant__full_name", "attempt_id", "correct_count", "prediction_gap")
    )


def test_task_ranks_the_closed_round(cast, played):
    digest = compute_results_task.enqueue(played.pk).return_value
    played.refresh_from_db()
    assert played.perfect_count == 2
    assert played.results_digest == digest
    rows = ranking_rows(played)
    assert [r[1] for r in rows] == ["Đặng Thị Hà", "Bùi Văn Khoa", "Lê Văn Cường"]
    assert [r[4] for r in rows] == [0, 3, 7]
    assert rows[2][3] == 7  # the head's best attempt counts


def test_rerunning_gives_the_same_ranking(cast, played):
    first = compute_results_task.enqueue(played.pk).return_value
    rows = ranking_rows(played)
    units = list(
        UnitResult.objects.order_by("pk").values("unit_id", "participants", "average_correct")
    )
    second = compute_results_task.enqueue(played.pk).return_value
    third = services.compute_round_results(played)
    assert first == second == third
    assert ranking_rows(played) == rows
    assert (
        list(UnitResult.objects.order_by("pk").values("unit_id", "participants", "average_correct"))
        == units
    )
    assert RoundResult.objects.filter(round=played).count() == 3


def test_task_does_nothing_before_the_round_closes(cast, staff_contest):
    take(staff_contest, cast.staff)
    assert compute_results_task.enqueue(open_round(staff_contest).pk).return_value == "not closed"
    assert not RoundResult.objects.exists()
    with pytest.raises(services.ContestError):
        services.compute_round_results(open_round(staff_contest))


def test_open_attempts_are_expired_and_never_ranked(cast, staff_contest):
    take(staff_contest, cast.staff)
    entrant = services.staff_entrant(staff_contest, cast.other_staff)
    dangling = services.start_attempt(open_round(staff_contest), entrant)
    round = open_round(staff_contest)
    close(round)
    services.compute_round_results(round)
    dangling.refresh_from_db()
    assert dangling.status == Attempt.Status.EXPIRED
    assert RoundResult.objects.filter(round=round).count() == 1


def test_units_get_participation_rate_and_average(cast, played):
    services.compute_round_results(played)
    by_unit = {u.unit_id: u for u in UnitResult.objects.filter(round=played)}
    # cast.unit has 6 active staff (admin, officer, leader, head, editor, staff); two took part.
    unit = by_unit[cast.unit.pk]
    assert (unit.participants, unit.staff_count) == (2, 6)
    assert unit.average_correct == pytest.approx((8 + 7) / 2)
    other = by_unit[cast.other_unit.pk]
    assert (other.participants, other.staff_count, other.participation_rate) == (2 - 1, 2, 0.5)


def test_overall_results_add_up_rounds(cast, staff_contest, bank):
    now = timezone.now()
    round1 = open_round(staff_contest)
    take(staff_contest, cast.staff, prediction=1)
    take(staff_contest, cast.other_staff, wrong=1, prediction=0)
    close(round1)
    services.compute_round_results(round1)
    round2 = make_round(
        staff_contest, cast.officer, bank, number=2, opens=now - timedelta(minutes=30)
    )
    take(staff_contest, cast.other_staff, round=round2, prediction=0)
    close(round2)
    services.compute_round_results(round2)
    overall = list(
        OverallResult.objects.filter(contest=staff_contest)
        .order_by("rank")
        .values_list("entrant__full_name", "total_correct", "rounds_taken")
    )
    assert overall == [("Bùi Văn Khoa", 15, 2), ("Đặng Thị Hà", 8, 1)]
    whole = UnitResult.objects.get(contest=staff_contest, round=None, unit=cast.other_unit)
    assert whole.participants == 1 and whole.average_correct == 7.5


def test_viewing_a_closed_round_asks_for_results_once(
    client, cast, played, django_capture_on_commit_callbacks
):
    played.results_computed_at = None
    played.save()
    RoundResult.objects.all().delete()
    client.force_login(cast.staff)
    url = reverse("contests:leaderboard", args=[played.contest.slug, 1])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.get(url).status_code == 200
    assert len(callbacks) == 1
    played.refresh_from_db()
    assert played.results_computed_at is not None  # the immediate backend ran the task
    assert 'id="leaderboard"' in client.get(url).content.decode()
    assert services.request_results(played) is False


def test_command_computes_closed_rounds_without_results(cast, played):
    out = StringIO()
    call_command("close_contest_rounds", stdout=out)
    assert "2 lượt đúng tất cả" in out.getvalue()
    played.refresh_from_db()
    digest = played.results_digest
    out = StringIO()
    call_command("close_contest_rounds", "--round", str(played.pk), stdout=out)
    assert digest[:12] in out.getvalue()


def test_leaderboard_marks_my_rank(client, cast, played):
    services.compute_round_results(played)
    client.force_login(cast.other_staff)
    html = client.get(
        reverse("contests:leaderboard", args=[played.contest.slug, 1])
    ).content.decode()
    assert 'id="my-rank"' in html and "Bạn xếp hạng 2." in html


def test_contest_participation_provider_counts_staff_per_unit(cast, played):
    from parcomms.activities.providers import get_provider

    provider = get_provider("contest_participation")
    assert provider is not None and provider.per_person
    today = timezone.localdate()
    records = provider.records(
        organisation=cast.org,
        unit_ids=[cast.unit.pk, cast.other_unit.pk],
        first=today - dt.timedelta(days=1),
        last=today,
    )
    assert {r.who for r in records[cast.unit.pk]} == {cast.staff.staff.pk, cast.head.staff.pk}
    assert len(records[cast.unit.pk]) == 3  # the head submitted twice
    assert {r.who for r in records[cast.other_unit.pk]} == {cast.other_staff.staff.pk}
    # Another organisation's contests do not count.
    assert (
        provider.records(
            organisation=cast.other_org, unit_ids=[cast.unit.pk], first=today, last=today
        )
        == {}
    )
