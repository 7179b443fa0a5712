"""Every change to activities, attendance, rules and reminders goes through these functions:
one transaction each, an audit-log row, notifications after commit."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from parcomms.audit.log import record
from parcomms.org.models import Staff, Unit
from parcomms.org.notify import notify

from . import rules
from .materials import MaterialError, check_upload
from .models import (
    Activity,
    ActivityFile,
    Attendance,
    ObligationRule,
    ReminderSent,
    UnitCalendar,
    new_code,
)

logger = logging.getLogger(__name__)


class ActivityError(ValueError):
    """A refused change; the message is Vietnamese and says what to fix."""


# --- Activities ----------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "unit",
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "channel",
    "presenter",
    "presenter_name",
    "reform_content",
    "minutes",
    "count",
    "is_cancelled",
)


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    photo: bool = False


def max_file_bytes() -> int:
    return settings.PARCOMMS_ACTIVITY_MAX_FILE_MB * 1024 * 1024


def _check(values: dict, organisation, topics, documents, invited_units) -> None:
    unit = values["unit"]
    if unit.organisation_id != organisation.pk:
        raise ActivityError("Đơn vị tổ chức không thuộc cơ quan.")
    if any(u.organisation_id != organisation.pk for u in invited_units):
        raise ActivityError("Có đơn vị được mời không thuộc cơ quan.")
    if any(t.plan.organisation_id != organisation.pk for t in topics):
        raise ActivityError("Có nội dung tuyên truyền không thuộc kế hoạch của cơ quan.")
    presenter = values.get("presenter")
    if presenter is not None and presenter.organisation_id != organisation.pk:
        raise ActivityError("Người trình bày không thuộc cơ quan.")
    if not (values.get("title") or "").strip():
        raise ActivityError("Hãy nhập tên hoạt động.")
    if values["kind"] not in Activity.Kind.values:
        raise ActivityError("Hình thức không hợp lệ.")
    starts_at, ends_at = values["starts_at"], values.get("ends_at")
    if values["kind"] in Activity.SESSION_KINDS and ends_at is None:
        raise ActivityError("Buổi sinh hoạt, hội nghị cần có giờ kết thúc.")
    if ends_at is not None and ends_at <= starts_at:
        raise ActivityError("Giờ kết thúc phải sau giờ bắt đầu.")
    if ends_at is not None and ends_at - starts_at > dt.timedelta(days=7):
        raise ActivityError("Một hoạt động không kéo dài quá 7 ngày.")
    count = values.get("count", 1)
    if count is None or count < 1:
        raise ActivityError("Số lượng phải từ 1 trở lên.")


def _checked_uploads(uploads) -> list[tuple[Upload, str]]:
    checked = []
    for upload in uploads:
        try:
            checked.append(
                (
                    upload,
                    check_upload(
                        upload.name, upload.data, photo=upload.photo, max_bytes=max_file_bytes()
                    ),
                )
            )
        except MaterialError as exc:
            raise ActivityError(str(exc)) from None
    return checked


def _save_uploads(activity, checked, acting_user) -> None:
    for upload, content_type in checked:
        row = ActivityFile(
            activity=activity,
            kind=ActivityFile.Kind.PHOTO if upload.photo else ActivityFile.Kind.MATERIAL,
            name=upload.name[:255],
            size=len(upload.data),
            content_type=content_type,
            uploaded_by=acting_user,
        )
        row.file.save(upload.name, ContentFile(upload.data), save=False)
        row.save()


def _invited(unit, invited_units) -> list[Unit]:
    units = {u.pk: u for u in invited_units}
    units[unit.pk] = unit
    return list(units.values())


def _sync_attendance_list(activity, invited_ids: list[int]) -> None:
    """A session's attendance list is the active staff of its invited units: add who is
    missing; drop unconfirmed absentees of units no longer invited."""
    if not activity.is_session:
        return
    have = set(activity.attendance.values_list("staff_id", flat=True))
    staff_ids = Staff.objects.filter(unit_id__in=invited_ids, is_active=True).values_list(
        "pk", flat=True
    )
    Attendance.objects.bulk_create(
        [Attendance(activity=activity, staff_id=pk) for pk in staff_ids if pk not in have],
        ignore_conflicts=True,
    )
    activity.attendance.exclude(staff__unit_id__in=invited_ids).filter(
        status=Attendance.Status.ABSENT, confirmed_by_self_at__isnull=True
    ).delete()


def _new_unique_code() -> str:
    for _attempt in range(20):
        code = new_code()
        if not Activity.objects.filter(code=code).exists():
            return code
    raise RuntimeError("Could not draw a free attendance code in 20 attempts.")


@transaction.atomic
def record_activity(
    values: dict,
    *,
    acting_user,
    organisation,
    topics=(),
    documents=(),
    invited_units=(),
    uploads=(),
) -> Activity:
    """Record a session, conference or other communication, with its attendance list."""
    topics, documents, invited_units = list(topics), list(documents), list(invited_units)
    _check(values, organisation, topics, documents, invited_units)
    checked = _checked_uploads(uploads)
    activity = Activity(organisation=organisation, created_by=acting_user, code=_new_unique_code())
    for field in ACTIVITY_FIELDS:
        if field in values:
            setattr(activity, field, values[field])
    activity.save()
    activity.topics.set(topics)
    activity.documents.set(documents)
    invited = _invited(activity.unit, invited_units)
    activity.invited_units.set(invited)
    _sync_attendance_list(activity, [u.pk for u in invited])
    _save_uploads(activity, checked, acting_user)
    record(
        "activity.record",
        actor=acting_user,
        obj=activity,
        unit=activity.unit,
        kind=activity.kind,
        starts_at=activity.starts_at.isoformat(),
        topics=[t.label for t in topics],
        files=len(checked),
    )
    return activity


@transaction.atomic
def update_activity(
    activity: Activity,
    values: dict,
    *,
    acting_user,
    topics=(),
    documents=(),
    invited_units=(),
    uploads=(),
    remove_files=(),
) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    topics, documents, invited_units = list(topics), list(documents), list(invited_units)
    _check(values, activity.organisation, topics, documents, invited_units)
    checked = _checked_uploads(uploads)
    changed = [f for f in ACTIVITY_FIELDS if f in values and getattr(activity, f) != values[f]]
    for field in ACTIVITY_FIELDS:
        if field in values:
            setattr(activity, field, values[field])
    activity.save()
    activity.topics.set(topics)
    activity.documents.set(documents)
    invited = _invited(activity.unit, invited_units)
    activity.invited_units.set(invited)
    _sync_attendance_list(activity, [u.pk for u in invited])
    removed = list(activity.files.filter(pk__in=[f.pk for f in remove_files]))
    for row in removed:
        row.file.delete(save=False)
        row.delete()
    _save_uploads(activity, checked, acting_user)
    record(
        "activity.update",
        actor=acting_user,
        obj=activity,
        unit=activity.unit,
        fields=changed,
        files_added=len(checked),
        files_removed=len(removed),
    )
    return activity


@dataclass(frozen=True)
class AttendanceSummary:
    invited: int
    present: int
    excused: int
    absent: int

    @property
    def rate(self) -> float | None:
        """Present / invited, in percent; None when nobody was invited."""
        return self.present * 100 / self.invited if self.invited else None


def attendance_summary(activity) -> AttendanceSummary:
    counts = {s: 0 for s in Attendance.Status.values}
    for status in activity.attendance.values_list("status", flat=True):
        counts[status] += 1
    return AttendanceSummary(
        invited=sum(counts.values()),
        present=counts[Attendance.Status.PRESENT],
        excused=counts[Attendance.Status.EXCUSED],
        absent=counts[Attendance.Status.ABSENT],
    )


@transaction.atomic
def record_attendance(activity: Activity, statuses: dict[int, str], *, acting_user):
    """Set the attendance of the listed staff (staff id → present / excused / absent)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not activity.is_session:
        raise ActivityError("Chỉ buổi sinh hoạt, hội nghị mới có điểm danh.")
    if any(s not in Attendance.Status.values for s in statuses.values()):
        raise ActivityError("Trạng thái điểm danh không hợp lệ.")
    invited_ids = set(activity.invited_units.values_list("pk", flat=True))
    rows = {a.staff_id: a for a in activity.attendance.select_related("staff")}
    allowed = set(rows) | set(
        Staff.objects.filter(unit_id__in=invited_ids, pk__in=list(statuses)).values_list(
            "pk", flat=True
        )
    )
    strangers = set(statuses) - allowed
    if strangers:
        raise ActivityError("Có người không thuộc đơn vị được mời; không lưu điểm danh.")
    created, updated, now = [], [], timezone.now()
    for staff_id, status in statuses.items():
        row = rows.get(staff_id)
        if row is None:
            created.append(Attendance(activity=activity, staff_id=staff_id, status=status))
        elif row.status != status:
            row.status, row.updated_at = status, now
            updated.append(row)
    Attendance.objects.bulk_create(created)
    Attendance.objects.bulk_update(updated, ["status", "updated_at"])
    summary = attendance_summary(activity)
    record(
        "activity.attendance",
        actor=acting_user,
        obj=activity,
        unit=activity.unit,
        changed=len(created) + len(updated),
        present=summary.present,
        invited=summary.invited,
    )
    return summary


# --- Self check-in -------------------------------------------------------------------------


class CheckInError(ActivityError):
    pass


@dataclass(frozen=True)
class CheckIn:
    activity: Activity
    attendance: Attendance
    already: bool  # confirmed before: nothing changed


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


@transaction.atomic
def confirm_presence(code: str, *, acting_user, now=None) -> CheckIn:
    """A staff member confirms their own presence with the session's code: only while the
    session's window is open, only staff of an invited unit, once."""
    now = now or timezone.now()
    staff = getattr(acting_user, "staff", None)
    if staff is None or not staff.is_active:
        raise CheckInError("Tài khoản của bạn chưa gắn với hồ sơ cán bộ nào.")
    code = normalise_code(code)
    activity = (
        Activity.objects.filter(code=code, organisation_id=staff.organisation_id)
        .select_related("unit")
        .first()
    )
    if activity is None or not activity.is_session:
        raise CheckInError("Mã điểm danh không đúng. Hãy kiểm tra lại 6 ký tự trên màn hình.")
    if activity.is_cancelled:
        raise CheckInError("Buổi sinh hoạt này đã bị hủy.")
    opens, closes = activity.check_in_window()
    if now < opens:
        local = timezone.localtime(opens)
        raise CheckInError(f"Chưa đến giờ điểm danh: mở từ {local:%H:%M} ngày {local:%d/%m/%Y}.")
    if now > closes:
        raise CheckInError("Đã hết giờ điểm danh cho buổi sinh hoạt này.")
    if not activity.invited_units.filter(pk=staff.unit_id).exists():
        raise CheckInError("Bạn không thuộc đơn vị được mời dự buổi sinh hoạt này.")
    try:
        with transaction.atomic():
            row, _created = Attendance.objects.get_or_create(activity=activity, staff=staff)
    except IntegrityError:
        row = Attendance.objects.get(activity=activity, staff=staff)
    row = Attendance.objects.select_for_update().get(pk=row.pk)
    if row.confirmed_by_self_at is not None:
        return CheckIn(activity, row, already=True)
    row.status = Attendance.Status.PRESENT
    row.confirmed_by_self_at = now
    row.save(update_fields=["status", "confirmed_by_self_at", "updated_at"])
    record(
        "activity.check_in",
        actor=acting_user,
        obj=activity,
        organisation=activity.organisation,
        unit=staff.unit,
    )
    return CheckIn(activity, row, already=False)


# --- Calendar feed -------------------------------------------------------------------------


@transaction.atomic
def calendar_for(unit: Unit, *, acting_user, rotate: bool = False) -> UnitCalendar:
    """The unit's calendar feed secret, created on first use; `rotate` issues a new one
    (old subscriptions stop working)."""
    calendar = UnitCalendar.objects.select_for_update().filter(unit=unit).first()
    if calendar is not None and not rotate:
        return calendar
    if calendar is None:
        calendar = UnitCalendar.objects.create(unit=unit, token=UnitCalendar.new_token())
        action = "activity.calendar_create"
    else:
        calendar.token = UnitCalendar.new_token()
        calendar.save(update_fields=["token", "created_at"])
        action = "activity.calendar_rotate"
    record(action, actor=acting_user, obj=unit, organisation=unit.organisation, unit=unit)
    return calendar


# --- Obligation rules ----------------------------------------------------------------------

RULE_FIELDS = (
    "plan",
    "duty",
    "title",
    "counts",
    "all_units",
    "period",
    "required",
    "active_from",
    "active_until",
)


def _check_rule(values: dict, organisation, units) -> None:
    if not (values.get("title") or "").strip():
        raise ActivityError("Hãy nhập tên nghĩa vụ.")
    if values.get("counts") not in ObligationRule.Counts.values:
        raise ActivityError("Hãy chọn cái được tính.")
    if values.get("period") not in ObligationRule.Period.values:
        raise ActivityError("Hãy chọn chu kỳ.")
    required = values.get("required") or 0
    if required < 1:
        raise ActivityError("Mức yêu cầu phải từ 1 trở lên.")
    if values["counts"] == ObligationRule.Counts.CONTEST_PARTICIPATION and required > 100:
        raise ActivityError("Tỷ lệ tham gia tối đa là 100%.")
    until = values.get("active_until")
    if until is not None and until < values["active_from"]:
        raise ActivityError("Ngày kết thúc áp dụng phải sau ngày bắt đầu.")
    plan, duty = values.get("plan"), values.get("duty")
    if plan is not None and plan.organisation_id != organisation.pk:
        raise ActivityError("Kế hoạch không thuộc cơ quan.")
    if duty is not None and (plan is None or duty.plan_id != plan.pk):
        raise ActivityError("Nhiệm vụ đã chọn không thuộc kế hoạch đã chọn.")
    if not values.get("all_units") and not units:
        raise ActivityError("Hãy chọn ít nhất một đơn vị, hoặc áp dụng cho mọi đơn vị.")
    if any(u.organisation_id != organisation.pk for u in units):
        raise ActivityError("Có đơn vị không thuộc cơ quan.")


@transaction.atomic
def save_rule(
    values: dict, *, acting_user, organisation, units=(), rule: ObligationRule | None = None
) -> ObligationRule:
    """Create a rule, or change one (`rule`)."""
    units = list(units)
    _check_rule(values, organisation, units)
    creating = rule is None
    if creating:
        rule = ObligationRule(organisation=organisation, created_by=acting_user)
    else:
        rule = ObligationRule.objects.select_for_update().get(pk=rule.pk)
    for field in RULE_FIELDS:
        setattr(rule, field, values.get(field))
    rule.save()
    rule.units.set([] if rule.all_units else units)
    record(
        "obligation.create" if creating else "obligation.update",
        actor=acting_user,
        obj=rule,
        counts=rule.counts,
        period=rule.period,
        required=rule.required,
        units="all" if rule.all_units else [u.pk for u in units],
    )
    return rule


@transaction.atomic
def delete_rule(rule: ObligationRule, *, acting_user) -> None:
    record(
        "obligation.delete",
        actor=acting_user,
        obj=rule,
        organisation=rule.organisation,
        title=rule.title,
    )
    rule.delete()


# --- Reminders -----------------------------------------------------------------------------


def unit_heads(unit_ids) -> dict[int, list]:
    heads: dict[int, list] = {}
    for person in Staff.objects.filter(
        unit_id__in=unit_ids, is_unit_head=True, is_active=True
    ).select_related("user"):
        heads.setdefault(person.unit_id, []).append(person.user)
    return heads


def send_reminders(today: dt.date | None = None, *, days_before: int | None = None) -> int:
    """Remind the heads of units whose obligations are still due in the last days of the
    period. One reminder per rule, unit and period, ever; returns how many were sent."""
    from parcomms.org.models import Organisation

    from .obligations import evaluate_obligations

    today = today or timezone.localdate()
    days_before = settings.PARCOMMS_REMINDER_DAYS_BEFORE if days_before is None else days_before
    sent = 0
    for organisation in Organisation.objects.filter(obligation_rules__isnull=False).distinct():
        candidates = []
        for obligation in evaluate_obligations(organisation, first=today, last=today, today=today):
            verdict = obligation.verdict_on(today)
            if verdict is not None and rules.needs_reminder(verdict, today, days_before):
                candidates.append((obligation, verdict))
        if not candidates:
            continue
        done = set(
            ReminderSent.objects.filter(
                rule__organisation=organisation,
                period_end__gte=today,
            ).values_list("rule_id", "unit_id", "period_start")
        )
        heads = unit_heads({o.unit.pk for o, _v in candidates})
        for obligation, verdict in candidates:
            key = (obligation.rule.pk, obligation.unit.pk, verdict.period.start)
            if key in done:
                continue
            if remind(obligation.rule, obligation.unit, verdict, heads.get(obligation.unit.pk, [])):
                sent += 1
    return sent


@transaction.atomic
def remind(rule, unit, verdict: rules.Verdict, recipients: list) -> bool:
    """Send one reminder, recorded in the same transaction as the notification; False when
    it was sent before (or nobody heads the unit)."""
    if not recipients:
        logger.info("No head to remind for unit %s (rule %s)", unit.pk, rule.pk)
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                rule=rule,
                unit=unit,
                period_start=verdict.period.start,
                period_end=verdict.period.end,
                recipients=len(recipients),
            )
    except IntegrityError:
        return False
    text = f"Nhắc việc: {unit.name} chưa hoàn thành “{rule.title}”. {verdict.explanation}"
    notify(
        recipients,
        text,
        link=reverse("activities:unit_obligations", args=[unit.pk]),
        kind="obligation_reminder",
    )
    record(
        "obligation.remind",
        actor=None,
        obj=rule,
        organisation=rule.organisation,
        unit=unit,
        period=verdict.period.key,
        recipients=len(recipients),
    )
    return True
