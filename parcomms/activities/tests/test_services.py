"""Recording activities and attendance, and self check-in: behaviour and bad input."""

import datetime as dt

import pytest
from django.utils import timezone

from parcomms.activities.models import CODE_ALPHABET, Activity, ActivityFile, Attendance
from parcomms.activities.services import (
    ActivityError,
    CheckInError,
    Upload,
    attendance_summary,
    confirm_presence,
    record_activity,
    record_attendance,
    update_activity,
)
from parcomms.audit.models import AuditEntry
from parcomms.org.testing import make_person

from .conftest import make_session

pytestmark = pytest.mark.django_db


def test_record_session_builds_the_attendance_list_of_invited_units(cast, plan):
    topics = list(plan.topics.all()[:2])
    activity = make_session(cast, topics=topics, invited=[cast.other_unit])
    assert len(activity.code) == 6 and set(activity.code) <= set(CODE_ALPHABET)
    listed = set(activity.attendance.values_list("staff__user__username", flat=True))
    # Everyone in both units, nobody from the other organisation.
    assert {"truongphong", "congchuc", "truongphong2", "congchuc2"} <= listed
    assert "snv_cc" not in listed
    assert set(activity.attendance.values_list("status", flat=True)) == {"absent"}
    assert set(activity.invited_units.all()) == {cast.unit, cast.other_unit}
    entry = AuditEntry.objects.get(action="activity.record")
    assert entry.actor == cast.head and entry.details["topics"] == ["a", "b"]


def test_other_communication_has_no_attendance_list(cast):
    activity = record_activity(
        {
            "unit": cast.unit,
            "kind": "to_roi",
            "title": "Phát tờ rơi dịch vụ công trực tuyến",
            "starts_at": timezone.now(),
            "count": 200,
        },
        acting_user=cast.head,
        organisation=cast.org,
    )
    assert activity.count == 200
    assert not activity.attendance.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_at": None}, "cần có giờ kết thúc"),
        ({"ends_at": "before"}, "phải sau giờ bắt đầu"),
        ({"title": "  "}, "tên hoạt động"),
        ({"count": 0}, "Số lượng"),
        ({"unit": "other_org"}, "không thuộc cơ quan"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(cast, change, message):
    start = timezone.now()
    values = {
        "unit": cast.unit,
        "kind": "hoi_nghi",
        "title": "Hội nghị",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=1),
        "count": 1,
    }
    values.update(change)
    if values["ends_at"] == "before":
        values["ends_at"] = start - dt.timedelta(minutes=5)
    if values["unit"] == "other_org":
        values["unit"] = cast.other_org_unit
    with pytest.raises(ActivityError) as exc:
        record_activity(values, acting_user=cast.head, organisation=cast.org)
    assert message in str(exc.value)
    assert not Activity.objects.exists()
    assert not AuditEntry.objects.filter(action="activity.record").exists()


def test_topics_and_units_of_another_organisation_are_refused(cast, plan, other_plan):
    with pytest.raises(ActivityError, match="nội dung tuyên truyền"):
        make_session(cast, topics=list(other_plan.topics.all()))
    with pytest.raises(ActivityError, match="đơn vị được mời"):
        make_session(cast, invited=[cast.other_org_unit])
    assert not Activity.objects.exists()


def test_a_bad_file_refuses_the_whole_record(cast):
    with pytest.raises(ActivityError, match="không đúng định dạng .pdf"):
        record_activity(
            {
                "unit": cast.unit,
                "kind": "sinh_hoat",
                "title": "Sinh hoạt chuyên đề",
                "starts_at": timezone.now(),
                "ends_at": timezone.now() + dt.timedelta(hours=1),
            },
            acting_user=cast.head,
            organisation=cast.org,
            uploads=[Upload("bao-cao.pdf", b"%PDF-1.4 ok"), Upload("gia.pdf", b"MZ executable")],
        )
    assert not Activity.objects.exists()
    assert not ActivityFile.objects.exists()


def test_files_are_stored_with_their_checked_type(cast):
    activity = make_session(cast)
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
        uploads=[Upload("Bài giảng.pdf", b"%PDF-1.4 slides")],
    )
    row = activity.files.get()
    assert (row.name, row.content_type, row.size, row.kind) == (
        "Bài giảng.pdf",
        "application/pdf",
        15,
        "material",
    )
    assert row.file.read() == b"%PDF-1.4 slides"


def test_update_adjusts_the_attendance_list_and_keeps_confirmations(cast):
    activity = make_session(cast, invited=[cast.other_unit])
    confirm_presence(activity.code, acting_user=cast.other_staff)
    values = {
        "unit": cast.unit,
        "kind": activity.kind,
        "title": "Đổi tên",
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
    }
    update_activity(activity, values, acting_user=cast.head, invited_units=[])
    listed = set(activity.attendance.values_list("staff__user__username", flat=True))
    assert "truongphong2" not in listed  # unconfirmed absentee of a unit no longer invited
    assert "congchuc2" in listed  # confirmed presence is kept
    assert AuditEntry.objects.get(action="activity.update").details["fields"] == ["title"]


def test_record_attendance_and_rate(cast):
    activity = make_session(cast)
    rows = {
        a.staff.user.username: a.staff_id for a in activity.attendance.select_related("staff__user")
    }
    statuses = {pk: Attendance.Status.PRESENT for pk in rows.values()}
    statuses[rows["congchuc"]] = Attendance.Status.EXCUSED
    statuses[rows["bientap"]] = Attendance.Status.ABSENT
    summary = record_attendance(activity, statuses, acting_user=cast.head)
    assert summary.invited == len(rows)
    assert (summary.present, summary.excused, summary.absent) == (len(rows) - 2, 1, 1)
    assert summary.rate == pytest.approx((len(rows) - 2) * 100 / len(rows))
    assert AuditEntry.objects.filter(action="activity.attendance").count() == 1


def test_attendance_for_someone_not_invited_is_refused_and_nothing_changes(cast):
    activity = make_session(cast)
    with pytest.raises(ActivityError, match="không thuộc đơn vị được mời"):
        record_attendance(
            activity,
            {cast.staff.staff.pk: "present", cast.other_staff.staff.pk: "present"},
            acting_user=cast.head,
        )
    assert attendance_summary(activity).present == 0
    with pytest.raises(ActivityError, match="không hợp lệ"):
        record_attendance(activity, {cast.staff.staff.pk: "maybe"}, acting_user=cast.head)


# --- Self check-in -------------------------------------------------------------------------


def test_confirm_presence_once_during_the_window(cast):
    activity = make_session(cast)
    result = confirm_presence(
        f" {activity.code.lower()[:3]}-{activity.code[3:]} ", acting_user=cast.staff
    )
    assert not result.already
    row = Attendance.objects.get(activity=activity, staff=cast.staff.staff)
    assert row.status == "present" and row.confirmed_by_self_at is not None
    first = row.confirmed_by_self_at
    again = confirm_presence(activity.code, acting_user=cast.staff)
    assert again.already
    row.refresh_from_db()
    assert row.confirmed_by_self_at == first
    assert AuditEntry.objects.filter(action="activity.check_in").count() == 1


def test_window_opens_15_minutes_before_and_closes_30_after(cast):
    start = timezone.now() + dt.timedelta(days=1)
    activity = make_session(cast, starts_at=start, hours=1)
    end = start + dt.timedelta(hours=1)
    with pytest.raises(CheckInError, match="Chưa đến giờ điểm danh"):
        confirm_presence(
            activity.code, acting_user=cast.staff, now=start - dt.timedelta(minutes=16)
        )
    with pytest.raises(CheckInError, match="Đã hết giờ"):
        confirm_presence(activity.code, acting_user=cast.staff, now=end + dt.timedelta(minutes=31))
    assert confirm_presence(
        activity.code, acting_user=cast.staff, now=start - dt.timedelta(minutes=14)
    )
    assert confirm_presence(
        activity.code, acting_user=cast.head, now=end + dt.timedelta(minutes=29)
    )


def test_check_in_refuses_other_units_other_organisations_and_bad_codes(cast):
    activity = make_session(cast)
    with pytest.raises(CheckInError, match="không thuộc đơn vị được mời"):
        confirm_presence(activity.code, acting_user=cast.other_staff)
    with pytest.raises(CheckInError, match="Mã điểm danh không đúng"):
        confirm_presence(activity.code, acting_user=cast.other_org_staff)
    with pytest.raises(CheckInError, match="Mã điểm danh không đúng"):
        confirm_presence("ZZZZZZ", acting_user=cast.staff)
    with pytest.raises(CheckInError, match="chưa gắn với hồ sơ cán bộ"):
        confirm_presence(activity.code, acting_user=cast.superuser)
    assert not Attendance.objects.filter(status="present").exists()


def test_check_in_to_a_cancelled_session_is_refused(cast):
    activity = make_session(cast, is_cancelled=True)
    with pytest.raises(CheckInError, match="đã bị hủy"):
        confirm_presence(activity.code, acting_user=cast.staff)


def test_staff_who_joined_the_unit_after_the_list_was_made_may_check_in(cast):
    activity = make_session(cast)
    newcomer = make_person(cast.org, cast.unit, "moi", "Lý Thị Mới")
    confirm_presence(activity.code, acting_user=newcomer)
    assert Attendance.objects.get(activity=activity, staff=newcomer.staff).status == "present"
