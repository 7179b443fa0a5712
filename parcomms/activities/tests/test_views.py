"""Every activities view, for anonymous, wrong organisation, wrong unit, wrong role and wrong
method, and the pages' behaviour (record, attendance, check-in, rules, coverage, calendar)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from parcomms.activities.models import Activity, Attendance, ObligationRule, UnitCalendar
from parcomms.activities.services import Upload, calendar_for, update_activity
from parcomms.org.testing import is_refused

from .conftest import make_session
from .test_obligations import make_rule

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def session(cast, plan):
    activity = make_session(cast, topics=list(plan.topics.all()[:1]))
    update_activity(
        activity,
        {
            "unit": cast.unit,
            "kind": activity.kind,
            "title": activity.title,
            "starts_at": activity.starts_at,
            "ends_at": activity.ends_at,
        },
        acting_user=cast.head,
        topics=list(plan.topics.all()[:1]),
        uploads=[Upload("tai-lieu.pdf", b"%PDF-1.4 x")],
    )
    return activity


@pytest.fixture
def rule(cast):
    return make_rule(cast)


def urls(session, rule, cast):
    file_pk = session.files.get().pk
    return {
        "list": reverse("activities:list"),
        "create": reverse("activities:create"),
        "detail": reverse("activities:detail", args=[session.pk]),
        "edit": reverse("activities:edit", args=[session.pk]),
        "attendance": reverse("activities:attendance", args=[session.pk]),
        "qr": reverse("activities:qr", args=[session.pk]),
        "file": reverse("activities:file", args=[session.pk, file_pk]),
        "obligations": reverse("activities:obligations"),
        "unit_obligations": reverse("activities:unit_obligations", args=[cast.unit.pk]),
        "rules": reverse("activities:rules"),
        "rule_create": reverse("activities:rule_create"),
        "rule_edit": reverse("activities:rule_edit", args=[rule.pk]),
        "rule_delete": reverse("activities:rule_delete", args=[rule.pk]),
        "coverage": reverse("activities:coverage"),
        "calendar": reverse("activities:calendar", args=[cast.unit.pk]),
    }


def test_anonymous_is_sent_to_login(client, cast, session, rule):
    for name, url in urls(session, rule, cast).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert "/login/" in response["Location"], name
    public = reverse("activities_public:checkin_code", args=[session.code])
    response = client.get(public)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")


def test_plain_staff_are_refused_everywhere_but_check_in(client, cast, session, rule):
    login(client, cast.staff)
    for name, url in urls(session, rule, cast).items():
        assert is_refused(client.get(url)), name
    assert client.get(reverse("activities_public:checkin")).status_code == 200


def test_wrong_organisation_sees_nothing_of_ours(client, cast, session, rule):
    login(client, cast.other_org_officer)
    u = urls(session, rule, cast)
    for name in (
        "detail",
        "edit",
        "attendance",
        "qr",
        "file",
        "unit_obligations",
        "rule_edit",
        "rule_delete",
        "calendar",
    ):
        response = client.get(u[name])
        assert response.status_code == 404 or is_refused(response), name
    assert client.get(u["list"]).context["page"].paginator.count == 0
    assert list(client.get(u["rules"]).context["rules"]) == []
    assert session.title not in client.get(u["list"]).content.decode()


def test_wrong_unit_head_cannot_see_or_change_another_units_session(client, cast, session, rule):
    login(client, cast.other_head)
    u = urls(session, rule, cast)
    for name in ("detail", "edit", "attendance", "qr", "file", "unit_obligations", "calendar"):
        assert client.get(u[name]).status_code == 404, name
    assert client.get(u["list"]).context["page"].paginator.count == 0
    assert client.get(u["obligations"]).status_code == 200
    units = [s.unit for s in client.get(u["obligations"]).context["statuses"]]
    assert units == [cast.other_unit]


def test_invited_unit_head_reads_but_does_not_manage(client, cast, plan):
    joint = make_session(cast, invited=[cast.other_unit])
    login(client, cast.other_head)
    assert client.get(reverse("activities:detail", args=[joint.pk])).status_code == 200
    assert is_refused(client.get(reverse("activities:edit", args=[joint.pk])))
    assert is_refused(client.get(reverse("activities:attendance", args=[joint.pk])))


def test_leader_reads_everything_but_changes_nothing(client, cast, session, rule):
    login(client, cast.leader)
    u = urls(session, rule, cast)
    for name in (
        "list",
        "detail",
        "file",
        "obligations",
        "unit_obligations",
        "coverage",
        "calendar",
    ):
        assert client.get(u[name]).status_code == 200, name
    for name in (
        "create",
        "edit",
        "attendance",
        "qr",
        "rules",
        "rule_create",
        "rule_edit",
        "rule_delete",
    ):
        assert is_refused(client.get(u[name])), name
    assert is_refused(client.post(u["calendar"], {"action": "create"}))
    assert not UnitCalendar.objects.exists()
    detail = client.get(u["detail"]).content.decode()
    assert session.code not in detail  # the code is for those who run the session


def test_unit_head_is_refused_the_rules(client, cast, session, rule):
    login(client, cast.head)
    u = urls(session, rule, cast)
    for name in ("rules", "rule_create", "rule_edit", "rule_delete"):
        assert is_refused(client.get(u[name])), name
    assert is_refused(client.post(u["rule_delete"]))
    assert ObligationRule.objects.filter(pk=rule.pk).exists()


def test_wrong_methods(client, cast, session, rule):
    login(client, cast.officer)
    u = urls(session, rule, cast)
    for name in (
        "list",
        "detail",
        "qr",
        "file",
        "obligations",
        "unit_obligations",
        "rules",
        "coverage",
    ):
        assert client.post(u[name]).status_code == 405, name
    for name in (
        "create",
        "edit",
        "attendance",
        "rule_create",
        "rule_edit",
        "rule_delete",
        "calendar",
    ):
        assert client.put(u[name]).status_code == 405, name
    assert client.delete(reverse("activities_public:checkin")).status_code == 405
    feed = calendar_for(cast.unit, acting_user=cast.head)
    assert client.post(reverse("activities_public:ics", args=[feed.token])).status_code == 405


# --- Behaviour -----------------------------------------------------------------------------


def form_data(cast, plan, **change):
    start = timezone.localtime() - dt.timedelta(minutes=5)
    data = {
        "unit": cast.unit.pk,
        "kind": "pbgdpl",
        "title": "Sinh hoạt PBGDPL tháng: Nghị quyết 76/NQ-CP",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Hội trường",
        "channel": "meeting",
        "topics": [t.pk for t in plan.topics.all()[:2]],
        "documents": [plan.plan_documents.get().document_id],
        "reform_content": "on",
        "count": 1,
        "minutes": "Đã quán triệt nội dung.",
    }
    data.update(change)
    return data


def test_unit_head_records_a_session_with_files(client, cast, plan):
    login(client, cast.head)
    assert client.get(reverse("activities:create")).status_code == 200
    data = form_data(cast, plan)
    data["materials"] = [SimpleUploadedFile("bai-giang.pdf", b"%PDF-1.5 bai giang")]
    response = client.post(reverse("activities:create"), data)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "activities:detail", args=[activity.pk]
    )
    assert [t.label for t in activity.topics.all()] == ["a", "b"]
    assert activity.files.get().name == "bai-giang.pdf"
    detail = client.get(response["Location"]).content.decode()
    assert activity.code in detail and "bai-giang.pdf" in detail
    svg = client.get(reverse("activities:qr", args=[activity.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    download = client.get(reverse("activities:file", args=[activity.pk, activity.files.get().pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.5 bai giang"
    assert "attachment" in download["Content-Disposition"]


def test_head_cannot_record_for_another_unit_and_bad_input_is_explained(client, cast, plan):
    login(client, cast.head)
    response = client.post(
        reverse("activities:create"), form_data(cast, plan, unit=cast.other_unit.pk)
    )
    assert response.status_code == 400
    assert "unit" in response.context["form"].errors
    start = timezone.localtime()
    response = client.post(
        reverse("activities:create"),
        form_data(cast, plan, ends_at=(start - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")),
    )
    assert response.status_code == 400
    assert "Giờ kết thúc phải sau giờ bắt đầu." in response.content.decode()
    data = form_data(cast, plan)
    data["photos"] = [SimpleUploadedFile("anh.jpg", b"not an image")]
    response = client.post(reverse("activities:create"), data)
    assert response.status_code == 400
    assert "không đúng định dạng .jpg" in response.content.decode()
    assert not Activity.objects.exists()


def test_attendance_page_lists_staff_in_vietnamese_order_and_saves(client, cast, session):
    login(client, cast.head)
    url = reverse("activities:attendance", args=[session.pk])
    page = client.get(url)
    names = [row.staff.full_name for row, _field in page.context["form"].lines()]
    # Given names in Vietnamese order: An, Bình, Cường, Đức, Hà, Sơn.
    assert names == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Võ Minh Đức",
        "Đặng Thị Hà",
        "Hồ Sĩ Sơn",
    ]
    data = {f"s{row.staff_id}": "present" for row, _f in page.context["form"].lines()}
    data[f"s{cast.staff.staff.pk}"] = "excused"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Attendance.objects.filter(activity=session, status="present").count() == 5
    bad = dict(data, **{f"s{cast.staff.staff.pk}": "maybe"})
    assert client.post(url, bad).status_code == 400
    assert Attendance.objects.get(activity=session, staff=cast.staff.staff).status == "excused"


def test_check_in_page(client, cast, session):
    login(client, cast.staff)
    url = reverse("activities_public:checkin_code", args=[session.code])
    page = client.get(url)
    assert page.status_code == 200 and session.code in page.content.decode()
    assert not Attendance.objects.filter(status="present").exists()  # GET changes nothing
    response = client.post(url, {"code": session.code})
    assert response.status_code == 200
    assert "Đã xác nhận: bạn có mặt." in response.content.decode()
    again = client.post(url, {"code": session.code})
    assert "Bạn đã xác nhận có mặt trước đó." in again.content.decode()
    wrong = client.post(reverse("activities_public:checkin"), {"code": "AAAAAA"})
    assert wrong.status_code == 400 and "Mã điểm danh không đúng" in wrong.content.decode()
    login(client, cast.other_staff)
    response = client.post(url, {"code": session.code})
    assert response.status_code == 400
    assert "không thuộc đơn vị được mời" in response.content.decode()


def test_obligation_pages_show_status_and_explanation(client, cast, session, rule):
    login(client, cast.head)
    page = client.get(reverse("activities:unit_obligations", args=[cast.unit.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert rule.title in text and "buổi sinh hoạt có nội dung CCHC" in text
    Attendance.objects.filter(activity=session, staff=cast.staff.staff).update(status="present")
    page = client.get(reverse("activities:unit_obligations", args=[cast.unit.pk]))
    current = page.context["obligations"][0].verdict_on(timezone.localdate())
    assert current.status == "done"
    overview = login(client, cast.officer).get(reverse("activities:obligations"))
    assert {s.unit for s in overview.context["statuses"]} == {cast.unit, cast.other_unit}


def test_officer_creates_a_rule_from_a_duty(client, cast, plan):
    login(client, cast.officer)
    duty = plan.duties.get()
    page = client.get(reverse("activities:rule_create") + f"?duty={duty.pk}")
    form = page.context["form"]
    assert form.initial["counts"] == "session" and form.initial["period"] == "month"
    assert form.initial["active_from"] == dt.date(2023, 1, 1)
    data = {
        "plan": plan.pk,
        "duty": duty.pk,
        "title": "Mỗi tháng một buổi sinh hoạt có nội dung CCHC",
        "counts": "session",
        "period": "month",
        "required": 1,
        "all_units": "on",
        "active_from": "2023-01-01",
        "active_until": "2023-12-31",
    }
    response = client.post(reverse("activities:rule_create"), data)
    assert response.status_code == 302
    rule = ObligationRule.objects.get()
    assert (rule.duty, rule.plan, rule.organisation) == (duty, plan, cast.org)
    bad = dict(data, all_units="", required=0)
    response = client.post(reverse("activities:rule_edit", args=[rule.pk]), bad)
    assert response.status_code == 400
    assert "ít nhất một đơn vị" in response.content.decode()
    rule.refresh_from_db()
    assert rule.required == 1 and rule.all_units
    assert client.post(reverse("activities:rule_delete", args=[rule.pk])).status_code == 302
    assert not ObligationRule.objects.exists()


def test_duty_of_another_organisation_cannot_prefill(client, cast, other_plan):
    from parcomms.plans.models import Duty

    duty = Duty.objects.create(plan=other_plan, who="Các phòng", text="Viết tin, bài", order=1)
    login(client, cast.officer)
    assert client.get(reverse("activities:rule_create") + f"?duty={duty.pk}").status_code == 404


def test_coverage_page_counts_sessions_per_topic_and_unit_heads_see_their_unit(
    client, cast, plan, session
):
    Attendance.objects.filter(activity=session, staff=cast.staff.staff).update(status="present")
    held = timezone.localtime(session.starts_at)
    plan.year = held.year
    plan.save()
    login(client, cast.leader)
    page = client.get(reverse("activities:coverage"))
    matrix = page.context["matrix"]
    assert matrix.topics[0].cells[held.month - 1].sessions == 1
    assert matrix.topics[1].total.total == 0
    assert [r.subject.label for r in matrix.topics] == ["a", "b", "c"]
    assert [r.subject.label for r in matrix.documents] == ["1894/QĐ-UBND"]
    login(client, cast.other_head)
    page = client.get(reverse("activities:coverage") + f"?plan={plan.pk}&unit={cast.unit.pk}")
    assert page.context["unit"] == cast.other_unit  # not someone else's unit


def test_calendar_feed(client, cast, session):
    login(client, cast.head)
    url = reverse("activities:calendar", args=[cast.unit.pk])
    assert client.get(url).context["feed_url"] == ""
    client.post(url, {"action": "create"})
    feed = UnitCalendar.objects.get(unit=cast.unit)
    client.logout()
    ics = client.get(reverse("activities_public:ics", args=[feed.token]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert "BEGIN:VCALENDAR" in body and f"UID:activity-{session.pk}@" in body
    assert "Sinh hoạt phổ biến pháp luật tháng" in body.replace("\r\n ", "")
    assert client.get(reverse("activities_public:ics", args=["sai-ma"])).status_code == 404
    login(client, cast.head).post(url, {"action": "rotate"})
    client.logout()
    assert client.get(reverse("activities_public:ics", args=[feed.token])).status_code == 404
