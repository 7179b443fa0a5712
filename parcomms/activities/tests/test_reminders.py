"""Reminders: one per unit, rule and period, never repeated; none for a done obligation;
the daily task and its command."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from parcomms.activities import tasks
from parcomms.activities.models import Attendance, ReminderSchedule, ReminderSent
from parcomms.activities.services import send_reminders
from parcomms.audit.models import AuditEntry
from parcomms.indicators.models import Result
from parcomms.org.models import Notification
from parcomms.plans.models import PlanDraft

from .conftest import local, make_session
from .test_obligations import make_rule

pytestmark = pytest.mark.django_db

LATE_MARCH = dt.date(2023, 3, 28)  # 3 days left: within the 5-day lead


def run(django_capture_on_commit_callbacks, today=LATE_MARCH):
    with django_capture_on_commit_callbacks(execute=True):
        return send_reminders(today)


def test_running_twice_sends_once(cast, django_capture_on_commit_callbacks):
    make_rule(cast)
    assert run(django_capture_on_commit_callbacks) == 2  # both units are behind
    assert run(django_capture_on_commit_callbacks) == 0
    notes = Notification.objects.filter(kind="obligation_reminder")
    assert sorted(n.recipient.username for n in notes) == ["truongphong", "truongphong2"]
    note = notes.get(recipient=cast.head)
    assert "Phòng Hành chính - Tổ chức chưa hoàn thành" in note.text
    assert "Tháng 03/2023: 0/1 buổi sinh hoạt" in note.text
    assert note.link.endswith(f"/obligations/unit/{cast.unit.pk}/")
    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {cast.head.email, cast.other_head.email}
    assert ReminderSent.objects.count() == 2
    assert AuditEntry.objects.filter(action="obligation.remind").count() == 2


def test_a_done_obligation_gets_no_reminder(cast, django_capture_on_commit_callbacks):
    make_rule(cast)
    session = make_session(cast, starts_at=local(2023, 3, 10))
    Attendance.objects.filter(activity=session, staff=cast.staff.staff).update(status="present")
    assert run(django_capture_on_commit_callbacks) == 1
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == [
        "truongphong2"
    ]


def test_no_reminder_early_in_the_period_and_a_new_one_next_period(
    cast, django_capture_on_commit_callbacks
):
    make_rule(cast, all_units=False, units=[cast.unit])
    assert run(django_capture_on_commit_callbacks, dt.date(2023, 3, 10)) == 0
    assert run(django_capture_on_commit_callbacks, dt.date(2023, 3, 27)) == 1
    assert run(django_capture_on_commit_callbacks, dt.date(2023, 3, 31)) == 0
    assert run(django_capture_on_commit_callbacks, dt.date(2023, 4, 28)) == 1
    assert list(
        ReminderSent.objects.order_by("period_start").values_list("period_start", flat=True)
    ) == [
        dt.date(2023, 3, 1),
        dt.date(2023, 4, 1),
    ]


def test_inactive_rules_and_other_organisations_are_left_alone(
    cast, django_capture_on_commit_callbacks
):
    make_rule(cast, active_from=dt.date(2023, 4, 1))
    assert run(django_capture_on_commit_callbacks) == 0


def test_a_unit_without_a_head_is_not_marked_as_reminded(cast, django_capture_on_commit_callbacks):
    make_rule(cast, all_units=False, units=[cast.other_unit])
    cast.other_head.staff.is_unit_head = False
    cast.other_head.staff.save()
    assert run(django_capture_on_commit_callbacks) == 0
    assert not ReminderSent.objects.exists()


def test_the_task_runs_the_round(cast, django_capture_on_commit_callbacks):
    make_rule(cast)
    for filename in ("cu.txt", "moi.txt"):
        PlanDraft.objects.create(organisation=cast.org, filename=filename, data=b"", parsed={})
    PlanDraft.objects.filter(filename="cu.txt").update(
        created=timezone.now() - dt.timedelta(days=settings.PLAN_DRAFT_MAX_AGE_DAYS + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_reminders_daily.enqueue(LATE_MARCH.isoformat())
    assert result.return_value == 2
    assert Notification.objects.filter(kind="obligation_reminder").count() == 2
    # The round also refreshes UNIT_MEETINGS for the year of the day it ran for.
    stored = Result.objects.get(organisation=cast.org, indicator__code="UNIT_MEETINGS")
    assert stored.year == LATE_MARCH.year
    # ... and deletes the plan-import drafts past their age (a fresh one stays).
    assert list(PlanDraft.objects.values_list("filename", flat=True)) == ["moi.txt"]


def test_start_enqueues_once_a_day(cast):
    now = timezone.now()
    assert tasks.start(now) is True
    assert tasks.start(now) is False
    assert ReminderSchedule.objects.filter(run_on=timezone.localtime(now).date()).exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_round_enqueues_tomorrow_once(cast):
    from django_tasks_db.models import DBTaskResult

    now = local(2023, 3, 28, 7, 0)
    when = tasks.schedule_next(now)
    assert timezone.localtime(when) == local(2023, 3, 29, 7, 0)
    assert tasks.schedule_next(now) is None  # a second chain is not started
    queued = DBTaskResult.objects.get()
    assert queued.run_after == when
    assert queued.task_path.endswith("send_reminders_daily")


def test_command_starts_the_daily_task_once(cast, capsys):
    call_command("start_reminders")
    call_command("start_reminders")
    out = capsys.readouterr().out
    assert "Đã xếp vòng việc hằng ngày" in out and "đã được khởi động hôm nay" in out
