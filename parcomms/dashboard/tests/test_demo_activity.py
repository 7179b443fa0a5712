"""`load_demo_activity` (called by `load_demo`, so by `make run`): a labelled year of activity
for a demo organisation, through the other apps' services; twice changes nothing."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import WorkflowState

from parcomms.activities.models import Activity, Attendance, ObligationRule
from parcomms.content.models import ArticlePage
from parcomms.dashboard import data
from parcomms.dashboard.tests.conftest import PLAN
from parcomms.emulation.models import Closing, CriteriaVersion, Period, UnitScore
from parcomms.plans.services import import_plan_file

pytestmark = pytest.mark.django_db


def state(org):
    return (
        Activity.objects.filter(organisation=org).count(),
        Attendance.objects.filter(activity__organisation=org).count(),
        ArticlePage.objects.filter(organisation=org).count(),
        ObligationRule.objects.filter(organisation=org).count(),
        Activity.topics.through.objects.filter(activity__organisation=org).count(),
    )


def test_refuses_a_real_organisation(cast, plan):
    with pytest.raises(CommandError, match="không phải cơ quan minh họa"):
        call_command("load_demo_activity", organisation=cast.org.slug)


def test_a_labelled_year_once(cast, plan, capsys):
    cast.org.is_demo = True
    cast.org.save()
    call_command("load_demo_activity", organisation=cast.org.slug, articles_per_month=1)
    first = state(cast.org)
    # Emulation: the first half of 2023 is closed with the year's activity in its scores; the
    # year stays open (ranked live).
    half = Period.objects.get(organisation=cast.org, kind="half_year", year=2023, number=1)
    year = Period.objects.get(organisation=cast.org, kind="year", year=2023)
    assert half.is_closed and not year.is_closed
    frozen = UnitScore.objects.filter(closing=half.closing)
    assert frozen.count() >= 2 and any(score.total > 0 for score in frozen)
    assert frozen.get(position=1).rank == 1
    closings = Closing.objects.count()
    sessions = Activity.objects.filter(organisation=cast.org).sessions()
    assert sessions.count() >= 20 and all(a.title.startswith("[DEMO]") for a in sessions)
    assert {a.starts_at.year for a in sessions} == {2023}
    present = Attendance.objects.filter(activity__in=sessions, status="present").count()
    assert 0.6 < present / Attendance.objects.filter(activity__in=sessions).count() < 1
    articles = ArticlePage.objects.filter(organisation=cast.org)
    assert articles.filter(live=True, first_published_at__year=2023).exists()
    assert articles.filter(live=False, latest_revision_created_at__year=2023).exists()
    waiting = WorkflowState.objects.filter(status="in_progress").select_related(
        "current_task_state__task"
    )
    steps = {w.current_task_state.task.name for w in waiting}
    assert len(steps) == 2  # some wait for the unit head, some for the editor
    assert WorkflowState.objects.filter(status="needs_changes").exists()  # returned
    assert all(a.title.startswith("[DEMO]") for a in articles)

    call_command("load_demo_activity", organisation=cast.org.slug, articles_per_month=1)
    assert state(cast.org) == first
    assert Closing.objects.count() == closings and Period.objects.count() == 2
    assert CriteriaVersion.objects.count() == 1
    # A new import of the plan (make run does one each time) keeps the content areas linked.
    import_plan_file(PLAN.read_bytes(), PLAN.name, organisation=cast.org, acting_user=cast.officer)
    call_command("load_demo_activity", organisation=cast.org.slug, articles_per_month=1)
    assert state(cast.org) == first

    board = data.build(cast.org)
    assert board.year == 2023 and board.totals["sessions"] > 0
    assert board.obligation_totals["overdue"] >= 1  # a unit skipped December
    assert board.queue.count == 5
    assert capsys.readouterr().out.count("Hoạt động minh họa 2023") == 3
