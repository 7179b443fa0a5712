"""Obligations evaluated over real records: sessions, articles, the pluggable providers."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import WorkflowState

from parcomms.activities import providers
from parcomms.activities.models import Attendance, ObligationRule
from parcomms.activities.obligations import evaluate_obligations
from parcomms.activities.rules import Record, Status
from parcomms.activities.services import ActivityError, confirm_presence, delete_rule, save_rule
from parcomms.audit.models import AuditEntry

from .conftest import local, make_session

pytestmark = pytest.mark.django_db


def make_rule(cast, counts="session", period="month", required=1, **extra):
    values = {
        "title": extra.pop("title", "Mỗi tháng ít nhất một buổi sinh hoạt có nội dung CCHC"),
        "counts": counts,
        "period": period,
        "required": required,
        "all_units": extra.pop("all_units", True),
        "active_from": extra.pop("active_from", dt.date(2023, 1, 1)),
        "active_until": extra.pop("active_until", None),
        **extra,
    }
    units = values.pop("units", [])
    return save_rule(values, acting_user=cast.officer, organisation=cast.org, units=units)


def statuses(cast, first, last, today, **kwargs):
    return {
        (o.unit.name, o.rule.counts): [(v.period.key, v.status) for v in o.verdicts]
        for o in evaluate_obligations(cast.org, first=first, last=last, today=today, **kwargs)
    }


def present(activity, user):
    Attendance.objects.filter(activity=activity, staff=user.staff).update(status="present")


def test_a_session_counts_once_someone_is_present(cast):
    make_rule(cast)
    session = make_session(cast, starts_at=local(2023, 3, 14, 14))
    today = dt.date(2023, 4, 2)
    got = statuses(cast, dt.date(2023, 2, 1), dt.date(2023, 4, 2), today)
    # Nobody present: the session did not take place.
    assert got[(cast.unit.name, "session")] == [
        ("2023-02", Status.OVERDUE),
        ("2023-03", Status.OVERDUE),
        ("2023-04", Status.DUE),
    ]
    present(session, cast.staff)
    got = statuses(cast, dt.date(2023, 2, 1), dt.date(2023, 4, 2), today)
    assert got[(cast.unit.name, "session")][1] == ("2023-03", Status.DONE)
    assert got[(cast.other_unit.name, "session")][1] == ("2023-03", Status.OVERDUE)


def test_invited_units_count_cancelled_and_non_cchc_sessions_do_not(cast):
    make_rule(cast)
    joint = make_session(cast, starts_at=local(2023, 5, 10), invited=[cast.other_unit])
    present(joint, cast.head)
    cancelled = make_session(
        cast, unit=cast.other_unit, by=cast.officer, starts_at=local(2023, 6, 2)
    )
    present(cancelled, cast.other_staff)
    cancelled.is_cancelled = True
    cancelled.save()
    other_topic = make_session(
        cast,
        unit=cast.other_unit,
        by=cast.officer,
        starts_at=local(2023, 7, 3),
        reform_content=False,
    )
    present(other_topic, cast.other_staff)
    got = statuses(cast, dt.date(2023, 5, 1), dt.date(2023, 7, 31), dt.date(2023, 8, 1))
    assert got[(cast.other_unit.name, "session")] == [
        ("2023-05", Status.DONE),
        ("2023-06", Status.OVERDUE),
        ("2023-07", Status.OVERDUE),
    ]


def test_other_communication_counts_for_its_own_rule(cast):
    from parcomms.activities.services import record_activity

    make_rule(cast, counts="other_communication", period="quarter", title="Mỗi quý một bảng tin")
    record_activity(
        {
            "unit": cast.unit,
            "kind": "bang_tin",
            "title": "Bảng tin CCHC",
            "starts_at": local(2023, 2, 1),
        },
        acting_user=cast.head,
        organisation=cast.org,
    )
    got = statuses(cast, dt.date(2023, 1, 1), dt.date(2023, 3, 31), dt.date(2023, 4, 5))
    assert got[(cast.unit.name, "other_communication")] == [("2023-Q1", Status.DONE)]
    assert got[(cast.other_unit.name, "other_communication")] == [("2023-Q1", Status.OVERDUE)]


def test_rule_for_chosen_units_only(cast):
    make_rule(cast, all_units=False, units=[cast.other_unit])
    got = statuses(cast, dt.date(2023, 1, 1), dt.date(2023, 1, 31), dt.date(2023, 1, 5))
    assert (cast.other_unit.name, "session") in got
    assert (cast.unit.name, "session") not in got


def test_articles_submitted_and_published(cast):
    from parcomms.content.testing import make_article, submit

    make_rule(cast, counts="article_submitted", period="quarter", title="Gửi bài mỗi quý")
    make_rule(cast, counts="article_published", period="quarter", title="Bài được đăng mỗi quý")
    submitted = make_article(cast.staff, title="Bài gửi duyệt")
    submit(submitted, cast.staff)
    make_article(cast.staff, title="Bản nháp chưa gửi")
    published = make_article(cast.staff, title="Bài đã đăng")
    published.save_revision(user=cast.editor).publish()
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    got = statuses(cast, today, today, today)
    key = f"{today.year}-Q{quarter}"
    assert got[(cast.unit.name, "article_submitted")] == [(key, Status.DONE)]
    assert got[(cast.unit.name, "article_published")] == [(key, Status.DONE)]
    assert got[(cast.other_unit.name, "article_submitted")] == [(key, Status.DUE)]

    # Two articles count as submitted (the workflow one, and the one published directly);
    # the draft does not.
    start, end = providers.day_bounds(today, today)
    rows = list(providers.article_submission_dates(cast.org, [cast.unit.pk], start, end))
    assert len(rows) == 2
    # Submitted last quarter: not this one.
    earlier = timezone.now() - dt.timedelta(days=200)
    WorkflowState.objects.update(created_at=earlier)
    type(published).objects.filter(pk=published.pk).update(first_published_at=earlier)
    assert list(providers.article_submission_dates(cast.org, [cast.unit.pk], start, end)) == []


def test_contest_participation_has_no_data_until_a_provider_is_registered(cast, monkeypatch):
    monkeypatch.delitem(providers.PROVIDERS, "contest_participation", raising=False)
    make_rule(
        cast, counts="contest_participation", period="year", required=50, title="50% tham gia"
    )
    got = statuses(cast, dt.date(2023, 1, 1), dt.date(2023, 12, 31), dt.date(2023, 6, 1))
    assert got[(cast.unit.name, "contest_participation")] == [("2023", Status.NO_DATA)]

    class FakeContest(providers.Provider):
        code = "contest_participation"
        noun = "cán bộ tham gia cuộc thi"
        per_person = True

        def records(self, *, organisation, unit_ids, first, last):
            who = [
                cast.head.staff.pk,
                cast.staff.staff.pk,
                cast.officer.staff.pk,
                cast.leader.staff.pk,
            ]
            return {cast.unit.pk: [Record(dt.date(2023, 5, 1), who=pk) for pk in who]}

    monkeypatch.setitem(providers.PROVIDERS, "contest_participation", FakeContest())
    result = evaluate_obligations(
        cast.org, first=dt.date(2023, 1, 1), last=dt.date(2023, 12, 31), today=dt.date(2023, 6, 1)
    )
    by_unit = {o.unit: o.verdicts[0] for o in result}
    # 4 of the unit's 6 active staff (admin, officer, leader, head, editor, staff).
    unit_verdict = by_unit[cast.unit]
    assert unit_verdict.status == Status.DONE
    assert "4/6 cán bộ tham gia cuộc thi (66,7%), yêu cầu 50%" in unit_verdict.explanation
    assert by_unit[cast.other_unit].status == Status.DUE


def test_evaluation_issues_a_bounded_number_of_queries(cast, django_assert_max_num_queries):
    from parcomms.org.models import Unit
    from parcomms.org.testing import make_person

    make_rule(cast)
    make_rule(cast, counts="other_communication", period="quarter", title="Khác")
    make_rule(cast, counts="article_published", period="quarter", title="Bài")
    for i in range(12):
        unit = Unit.objects.create(organisation=cast.org, name=f"Đơn vị {i}")
        person = make_person(cast.org, unit, f"u{i}", f"Cán bộ {i}")
        for month in (1, 2, 3):
            session = make_session(
                cast, unit=unit, by=cast.officer, starts_at=local(2023, month, 5)
            )
            present(session, person)
    with django_assert_max_num_queries(12):
        result = evaluate_obligations(
            cast.org,
            first=dt.date(2023, 1, 1),
            last=dt.date(2023, 6, 30),
            today=dt.date(2023, 7, 1),
        )
    assert len(result) == 14 * 3
    done = [o for o in result if o.rule.counts == "session" and o.unit.name.startswith("Đơn vị")]
    assert all([v.status for v in o.verdicts][:3] == [Status.DONE] * 3 for o in done)


def test_rule_service_validates_and_audits(cast, plan):
    duty = plan.duties.get()
    rule = make_rule(cast, plan=plan, duty=duty)
    assert AuditEntry.objects.get(action="obligation.create").details["counts"] == "session"
    with pytest.raises(ActivityError, match="ít nhất một đơn vị"):
        make_rule(cast, all_units=False, units=[])
    with pytest.raises(ActivityError, match="tối đa là 100%"):
        make_rule(cast, counts="contest_participation", required=120)
    with pytest.raises(ActivityError, match="sau ngày bắt đầu"):
        make_rule(cast, active_from=dt.date(2023, 5, 1), active_until=dt.date(2023, 4, 1))
    with pytest.raises(ActivityError, match="Có đơn vị không thuộc cơ quan"):
        make_rule(cast, all_units=False, units=[cast.other_org_unit])
    assert ObligationRule.objects.count() == 1
    delete_rule(rule, acting_user=cast.officer)
    assert not ObligationRule.objects.exists()
    assert AuditEntry.objects.filter(action="obligation.delete").count() == 1


def test_check_in_turns_the_obligation_done(cast):
    make_rule(cast)
    session = make_session(cast)
    today = timezone.localdate()
    before = statuses(cast, today, today, today)[(cast.unit.name, "session")]
    assert before[0][1] in (Status.DUE, Status.OVERDUE)
    confirm_presence(session.code, acting_user=cast.staff)
    after = statuses(cast, today, today, today)[(cast.unit.name, "session")]
    assert after[0][1] == Status.DONE
