"""Every change to emulation data: one function each, atomic, with the acting user, an audit
row and notifications sent after commit.

save_criteria   — a new criteria version, or the open (not yet frozen) version changed
create_period   — a quarter, half-year or year to score
close_period    — freeze the scores (criteria version + records' fingerprint + every line)
reopen_period   — the reform officer reopens a closed period, with a reason
submit_self_score — a unit head scores the unit on a manual criterion, with evidence
appraise        — the reform officer confirms or changes a self-score (a reason if changed)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from parcomms.activities.materials import MaterialError, check_upload
from parcomms.audit.log import record
from parcomms.org.models import Staff
from parcomms.org.notify import notify
from parcomms.org.roles import Role, has_role
from parcomms.vn.dates import format_date_short

from .criteria import Criteria, CriteriaError, points_text, to_json, to_points, validate
from .models import (
    Closing,
    CriteriaSet,
    CriteriaVersion,
    Evidence,
    ManualScore,
    Period,
    PersonScore,
    UnitScore,
)
from .periods import PeriodError, Span
from .results import compute, latest_version

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 10


class EmulationError(ValueError):
    """The message is Vietnamese and says what to do."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _require_officer(user) -> None:
    if not has_role(user, Role.REFORM_OFFICER):
        raise PermissionDenied


def _users(staff_queryset):
    return [s.user for s in staff_queryset.select_related("user")]


def _unit_heads(organisation, unit_ids=None):
    heads = Staff.objects.filter(organisation=organisation, is_unit_head=True, is_active=True)
    if unit_ids is not None:
        heads = heads.filter(unit_id__in=unit_ids)
    return _users(heads)


def _officers(organisation):
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=Role.REFORM_OFFICER.group_name)
    return _users(
        Staff.objects.filter(organisation=organisation, is_active=True, user__groups=group)
    )


def _period_link(period) -> str:
    return reverse("emulation:period_detail", args=[period.pk])


# ---- criteria ------------------------------------------------------------------------------


@transaction.atomic
def save_criteria(
    organisation, year: int, criteria: Criteria, *, acting_user, note: str = ""
) -> CriteriaVersion:
    """Store the year's criteria. The latest version is changed in place while no closed
    period uses it; once frozen, a new version is made and closed scores keep the old one."""
    _require_officer(acting_user)
    if not 2000 <= int(year) <= 2100:
        raise EmulationError("Năm phải trong khoảng 2000–2100.")
    try:
        criteria = validate(criteria)
    except CriteriaError as exc:
        raise EmulationError(str(exc)) from None
    criteria_set, _ = CriteriaSet.objects.get_or_create(organisation=organisation, year=year)
    CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    latest = criteria_set.versions.order_by("-number").first()
    data = to_json(criteria)
    if latest is not None and latest.data == data:
        return latest
    if latest is None or latest.frozen_at is not None:
        version = CriteriaVersion.objects.create(
            criteria_set=criteria_set,
            number=(latest.number + 1) if latest else 1,
            data=data,
            note=note[:500],
            created_by=acting_user,
        )
        created = True
    else:
        version = latest
        version.data, version.note = data, note[:500]
        version.save(update_fields=["data", "note", "updated_at"])
        created = False
    record(
        "emulation.criteria_save",
        actor=acting_user,
        obj=criteria_set,
        organisation=organisation,
        year=int(year),
        version=version.number,
        new_version=created,
    )
    notify(
        _unit_heads(organisation),
        f"Tiêu chí thi đua năm {year} đã được cập nhật (phiên bản {version.number}).",
        link=reverse("emulation:criteria") + f"?year={year}",
        kind="emulation.criteria",
        email=False,
    )
    return version


# ---- periods -------------------------------------------------------------------------------


@transaction.atomic
def create_period(organisation, kind: str, year: int, number: int, *, acting_user) -> Period:
    _require_officer(acting_user)
    try:
        span = Span(kind, int(year), int(number))
    except (PeriodError, ValueError, TypeError) as exc:
        raise EmulationError(
            str(exc) if isinstance(exc, PeriodError) else "Kỳ không hợp lệ."
        ) from None
    if Period.objects.filter(
        organisation=organisation, kind=kind, year=year, number=number
    ).exists():
        raise EmulationError(f"Kỳ {span.label} đã có.")
    try:
        with transaction.atomic():
            period = Period.objects.create(
                organisation=organisation,
                kind=kind,
                year=year,
                number=number,
                created_by=acting_user,
            )
    except IntegrityError:
        raise EmulationError(f"Kỳ {span.label} đã có.") from None
    record("emulation.period_create", actor=acting_user, obj=period, period=span.key)
    return period


def _pending_appraisals(period) -> list[str]:
    return [
        f"{m.unit.name} — {m.title}"
        for m in ManualScore.objects.filter(
            period=period, submitted_at__isnull=False, appraised_at__isnull=True
        ).select_related("unit")
    ]


@transaction.atomic
def close_period(period: Period, *, acting_user, now=None) -> Closing:
    """Freeze the period's scores, computed from the records as they are now."""
    _require_officer(acting_user)
    now = now or timezone.now()
    given, period = (
        period,
        Period.objects.select_for_update().select_related("organisation").get(pk=period.pk),
    )
    if period.is_closed:
        raise EmulationError(f"Kỳ {period.label} đã được chốt.")
    if timezone.localtime(now).date() <= period.end:
        raise EmulationError(
            f"Kỳ {period.label} chưa kết thúc (đến hết ngày {format_date_short(period.end)}); "
            "chỉ chốt điểm sau khi kỳ kết thúc."
        )
    version = latest_version(period)
    if version is None:
        raise EmulationError(
            f"Chưa có bộ tiêu chí thi đua năm {period.year}; hãy lập tiêu chí trước khi chốt điểm."
        )
    pending = _pending_appraisals(period)
    if pending:
        raise EmulationError(
            f"Còn {len(pending)} nội dung đơn vị tự chấm chưa được thẩm định: "
            + "; ".join(pending)
            + "."
        )
    computed = compute(period, version.criteria(), now=now)
    previous = period.closings.order_by("-number").first()
    closing = Closing.objects.create(
        period=period,
        number=(previous.number + 1) if previous else 1,
        criteria_version=version,
        fingerprint=computed.facts.fingerprint(),
        digest=computed.digest,
        closed_by=acting_user,
        closed_at=now,
    )
    UnitScore.objects.bulk_create(
        UnitScore.frozen(closing, position, row, unit_id=row.id, unit_name=row.name)
        for position, row in enumerate(computed.units, start=1)
    )
    PersonScore.objects.bulk_create(
        (
            PersonScore.frozen(
                closing,
                position,
                row,
                staff_id=row.id,
                full_name=row.name,
                unit_id=row.unit_id,
                unit_name=row.unit_name,
            )
            for position, row in enumerate(computed.people, start=1)
        ),
        batch_size=2000,
    )
    if version.frozen_at is None:
        version.frozen_at = now
        version.save(update_fields=["frozen_at", "updated_at"])
    period.closing = closing
    period.save(update_fields=["closing"])
    given.closing = closing
    record(
        "emulation.close",
        actor=acting_user,
        obj=period,
        period=period.key,
        closing=closing.number,
        criteria_version=version.number,
        fingerprint=closing.fingerprint,
        digest=closing.digest,
        same_as_previous=(previous.digest == closing.digest) if previous else None,
    )
    _notify_ranks(period, computed.units)
    return closing


def _notify_ranks(period, units) -> None:
    link = _period_link(period)
    rank_of = {row.id: row for row in units}
    heads = Staff.objects.filter(
        organisation_id=period.organisation_id, is_unit_head=True, is_active=True
    ).select_related("user")
    for head in heads:
        row = rank_of.get(head.unit_id)
        if row is None:
            continue
        notify(
            [head.user],
            f"Đã chốt điểm thi đua {period.label}: {row.name} đạt {points_text(row.total)} điểm, "
            f"xếp thứ {row.rank}/{len(units)}.",
            link=link,
            kind="emulation.close",
        )


@transaction.atomic
def reopen_period(period: Period, *, acting_user, reason: str) -> Period:
    """Only the reform officer reopens, and says why; the closing stays in the history."""
    _require_officer(acting_user)
    given, period = period, Period.objects.select_for_update().get(pk=period.pk)
    if not period.is_closed:
        raise EmulationError(f"Kỳ {period.label} đang mở, không cần mở lại.")
    reason = (reason or "").strip()
    if not reason:
        raise EmulationError("Hãy ghi lý do mở lại kỳ đã chốt.")
    closing = period.closing
    closing.reopened_by, closing.reopened_at, closing.reopen_reason = (
        acting_user,
        timezone.now(),
        reason[:2000],
    )
    closing.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    period.closing = None
    period.save(update_fields=["closing"])
    given.closing = None
    record(
        "emulation.reopen",
        actor=acting_user,
        obj=period,
        period=period.key,
        closing=closing.number,
        reason=reason,
    )
    notify(
        _unit_heads(period.organisation),
        f"Kỳ thi đua {period.label} đã được mở lại để chấm lại. Lý do: {reason}",
        link=_period_link(period),
        kind="emulation.reopen",
    )
    return period


# ---- self-scores and appraisal -------------------------------------------------------------


def _points(value, what: str, maximum: Decimal) -> Decimal:
    try:
        points = to_points(value, what)
    except CriteriaError as exc:
        raise EmulationError(str(exc)) from None
    if points > maximum:
        raise EmulationError(f"{what}: từ 0 đến {points_text(maximum)} điểm.")
    return points


def _open_criterion(period, code):
    if period.is_closed:
        raise EmulationError(f"Kỳ {period.label} đã chốt; không thể chấm thêm.")
    version = latest_version(period)
    item = version.criteria().manual_criterion(code) if version else None
    if item is None:
        raise EmulationError("Tiêu chí này không có trong bộ tiêu chí của năm.")
    return item


@transaction.atomic
def submit_self_score(
    period: Period,
    unit,
    code: str,
    points,
    note: str = "",
    uploads=(),
    *,
    acting_user,
) -> ManualScore:
    """The unit's own score on a manual criterion. Points above zero need evidence; a new
    self-score clears an earlier appraisal (it is appraised again)."""
    period = Period.objects.select_for_update().get(pk=period.pk)
    if unit.organisation_id != period.organisation_id:
        raise EmulationError("Đơn vị không thuộc cơ quan của kỳ thi đua.")
    item = _open_criterion(period, code)
    points = _points(points, f"Điểm tự chấm “{item.title}”", item.max_points)
    checked = []
    for upload in uploads:
        try:
            checked.append(
                (
                    upload,
                    check_upload(
                        upload.name, upload.data, photo=False, max_bytes=MAX_EVIDENCE_BYTES
                    ),
                )
            )
        except MaterialError as exc:
            raise EmulationError(str(exc)) from None
    score, _ = ManualScore.objects.get_or_create(
        period=period, unit=unit, code=code, defaults={"title": item.title}
    )
    existing = score.evidence.count()
    if existing + len(checked) > MAX_EVIDENCE_FILES:
        raise EmulationError(f"Mỗi tiêu chí có tối đa {MAX_EVIDENCE_FILES} tệp minh chứng.")
    if points > 0 and existing + len(checked) == 0:
        raise EmulationError(f"“{item.title}”: hãy đính kèm ít nhất một tệp minh chứng.")
    score.title = item.title
    score.self_points = points
    score.self_note = (note or "").strip()[:5000]
    score.submitted_by, score.submitted_at = acting_user, timezone.now()
    score.appraised_points, score.appraisal_reason = None, ""
    score.appraised_by, score.appraised_at = None, None
    score.save()
    for upload, content_type in checked:
        row = Evidence(
            manual_score=score,
            name=upload.name[:255],
            size=len(upload.data),
            content_type=content_type,
            uploaded_by=acting_user,
        )
        row.file.save(upload.name, ContentFile(upload.data), save=False)
        row.save()
    record(
        "emulation.self_score",
        actor=acting_user,
        obj=score,
        organisation=period.organisation,
        unit=unit,
        period=period.key,
        code=code,
        points=str(points),
        files=[u.name for u, _ in checked],
    )
    notify(
        _officers(period.organisation),
        f"{unit.name} đã tự chấm “{item.title}” {period.label}: {points_text(points)} điểm; "
        "chờ thẩm định.",
        link=reverse("emulation:appraise", args=[period.pk, score.pk]),
        kind="emulation.self_score",
    )
    return score


@transaction.atomic
def appraise(manual_score: ManualScore, points, reason: str = "", *, acting_user) -> ManualScore:
    """The reform officer's points; a reason is required when they differ from the unit's."""
    _require_officer(acting_user)
    score = (
        ManualScore.objects.select_for_update()
        .select_related("period", "unit")
        .get(pk=manual_score.pk)
    )
    period = score.period
    item = _open_criterion(period, score.code)
    if score.submitted_at is None or score.self_points is None:
        raise EmulationError("Đơn vị chưa tự chấm tiêu chí này.")
    points = _points(points, f"Điểm thẩm định “{item.title}”", item.max_points)
    reason = (reason or "").strip()
    if points != score.self_points and not reason:
        raise EmulationError(
            f"Điểm thẩm định ({points_text(points)}) khác điểm tự chấm "
            f"({points_text(score.self_points)}): hãy ghi lý do."
        )
    score.appraised_points, score.appraisal_reason = points, reason[:2000]
    score.appraised_by, score.appraised_at = acting_user, timezone.now()
    score.save()
    record(
        "emulation.appraise",
        actor=acting_user,
        obj=score,
        organisation=period.organisation,
        unit=score.unit,
        period=period.key,
        code=score.code,
        self_points=str(score.self_points),
        points=str(points),
        reason=reason,
    )
    changed = (
        ""
        if points == score.self_points
        else f" (tự chấm {points_text(score.self_points)}; lý do: {reason})"
    )
    notify(
        _unit_heads(period.organisation, [score.unit_id]),
        f"“{item.title}” {period.label} của {score.unit.name} được thẩm định "
        f"{points_text(points)} điểm{changed}.",
        link=reverse("emulation:unit_detail", args=[period.pk, score.unit_id]),
        kind="emulation.appraise",
    )
    return score
