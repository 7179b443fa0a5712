"""`load_demo_activity` (called by `load_demo`, so by `make run`): a labelled year of activity
for a demo organisation, through the other apps' services; twice changes nothing."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import WorkflowState

from parcomms.activities.models import Activity, Attendance, ObligationRule
from parcomms.content.models import ArticlePage
from parcomms.dashboard import data
from parcomms.dashboard.tests.conftest import PLAN
from parcomms.emulation.models import Closing, CriteriaVersion, Period, UnitScore
from parcomms.indicators.models import Result
from parcomms.plans.services import import_plan_file
from parcomms.reports import services as reports
from parcomms.reports.models import Report

pytestmark = pytest.mark.django_db


def state(org):
    return (
        Report.objects.filter(organisation=org).count(),
        Result.objects.filter(organisation=org).count(),
        Activity.objects.filter(organisation=org).count(),
        Attendance.objects.filter(activity__organisation=org).count(),
        ArticlePage.objects.filter(organisation=org).count(),
        ObligationRule.objects.filter(organisation=org).count(),
        Activity.topics.through.objects.filter(activity__organisation=org).count(),
    )


def test_refuses_a_real_organisation(cast, plan):
    with pytest.raises(CommandError, match="không phải cơ quan minh họa"):
        call_command("load_demo_activity", organisation=cast.org.slug)


def test_a_labelled_year_once(cast, plan, capsys, client):
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
    # 'Báo cáo định kỳ' is not empty: the reform officer's draft for the second quarter, with
    # the quarter's activity in its figures, which the officer can open.
    report = Report.objects.get(organisation=cast.org)
    assert (report.kind, report.period, report.status, report.version) == (
        "communication",
        "2023-Q2",
        "draft",
        1,
    )
    assert report.created_by == cast.officer and report.sections
    current = reports.build(report).figures["current"]
    assert current["period"] == "2023-Q2" and current["sessions"]["held"] > 0
    client.force_login(cast.officer)
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert page.status_code == 200 and "Số liệu tính từ cơ sở dữ liệu" in page.content.decode()
    # The self-tracked indicator has its 2023 result, computed from the demo sessions.
    meetings = Result.objects.get(organisation=cast.org, indicator__code="UNIT_MEETINGS")
    assert meetings.year == 2023 and meetings.score is not None and meetings.score > 0
    assert meetings.updated_by == cast.officer
    stored = (report.pk, meetings.pk, meetings.updated_at)

    call_command("load_demo_activity", organisation=cast.org.slug, articles_per_month=1)
    assert state(cast.org) == first
    assert Closing.objects.count() == closings and Period.objects.count() == 2
    assert CriteriaVersion.objects.count() == 1
    meetings.refresh_from_db()  # kept, not computed again
    assert (Report.objects.get().pk, meetings.pk, meetings.updated_at) == stored
    # A new import of the plan (make run does one each time) keeps the content areas linked.
    import_plan_file(PLAN.read_bytes(), PLAN.name, organisation=cast.org, acting_user=cast.officer)
    call_command("load_demo_activity", organisation=cast.org.slug, articles_per_month=1)
    assert state(cast.org) == first

    board = data.build(cast.org)
    assert board.year == 2023 and board.totals["sessions"] > 0
    assert board.obligation_totals["overdue"] >= 1  # a unit skipped December
    assert board.queue.count == 5
    assert capsys.readouterr().out.count("Hoạt động minh họa 2023") == 3
