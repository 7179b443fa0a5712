"""Every change to a report: one atomic function with acting_user, an audit record and
notifications on commit. A signed-off report is immutable; new_version makes a draft copy."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from parcomms.audit.log import record
from parcomms.org.models import Staff
from parcomms.org.notify import notify
from parcomms.org.roles import Role, has_role  # noqa: F401 (views use has_role)
from parcomms.vn.office import OfficeUnavailable

from . import registry, render
from .models import Report
from .periods import parse_period
from .registry import BuildContext

WRITE_ROLES = (Role.ADMIN, Role.REFORM_OFFICER)
REVIEW_ROLES = (Role.LEADERSHIP,)
MAX_SECTION_LENGTH = 20000


def _require(user, *roles):
    if not has_role(user, *roles):
        raise PermissionDenied


def _locked(report):
    if report.is_locked:
        raise ValidationError(_("Báo cáo đã ký, không sửa được; hãy tạo phiên bản mới."))


def build(report: Report):
    """The report's document, figures and annex (figures frozen once signed off)."""
    builder = registry.get(report.kind)
    ctx = BuildContext(
        organisation=report.organisation,
        period=parse_period(report.period),
        sections=report.sections,
        number=report.number,
        figures=report.figures or None,
        date=timezone.localdate(report.signed_at) if report.signed_at else None,
    )
    return builder.build(ctx)


def filename(report: Report, fmt: str) -> str:
    return f"bao-cao-{report.kind}-{report.period}-v{report.version}.{fmt}"


def _officers(organisation, *roles):
    """Users of the organisation holding one of `roles` (one query)."""
    staff = Staff.objects.filter(
        organisation=organisation, user__groups__name__in=[r.group_name for r in roles]
    ).select_related("user")
    return list({s.user_id: s.user for s in staff}.values())


@transaction.atomic
def create_report(*, organisation, kind, period, acting_user, parameters=None) -> Report:
    _require(acting_user, *WRITE_ROLES)
    builder = registry.get(kind)
    key = parse_period(period).key
    version = (
        Report.objects.filter(organisation=organisation, kind=kind, period=key).aggregate(
            v=Max("version")
        )["v"]
        or 0
    ) + 1
    report = Report.objects.create(
        organisation=organisation,
        kind=kind,
        period=key,
        version=version,
        parameters=parameters or {},
        sections={code: text for code, (_title, text) in builder.sections.items()},
        created_by=acting_user,
    )
    record("report.create", actor=acting_user, obj=report, kind=kind, period=key)
    return report


@transaction.atomic
def update_text(report: Report, *, sections: dict, number: str = "", acting_user) -> Report:
    _require(acting_user, *WRITE_ROLES)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _locked(report)
    builder = registry.get(report.kind)
    unknown = set(sections) - set(builder.sections)
    if unknown:
        raise ValidationError(_("Phần lời văn không có trong báo cáo: %s") % ", ".join(unknown))
    if any(len(text or "") > MAX_SECTION_LENGTH for text in sections.values()):
        raise ValidationError(_("Mỗi phần lời văn dài tối đa 20.000 ký tự."))
    if len(number) > 20:
        raise ValidationError(_("Số văn bản dài tối đa 20 ký tự."))
    report.sections = {**report.sections, **sections}
    report.number = number.strip()
    if report.status == Report.Status.REVIEWED:
        report.status = Report.Status.DRAFT  # changed words need another look
        report.reviewed_by, report.reviewed_at = None, None
    report.save()
    record("report.update", actor=acting_user, obj=report, sections=sorted(sections))
    return report


@transaction.atomic
def mark_reviewed(report: Report, *, acting_user) -> Report:
    _require(acting_user, *REVIEW_ROLES)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DRAFT:
        raise ValidationError(_("Chỉ báo cáo dự thảo mới chuyển lãnh đạo xem xét được."))
    report.status = Report.Status.REVIEWED
    report.reviewed_by, report.reviewed_at = acting_user, timezone.now()
    report.save()
    record("report.review", actor=acting_user, obj=report)
    notify(
        _officers(report.organisation, *WRITE_ROLES),
        _("Lãnh đạo đã xem xét báo cáo %(p)s.") % {"p": report.period},
        kind="report",
    )
    return report


@transaction.atomic
def sign_off(report: Report, *, acting_user) -> Report:
    """Freeze figures and files: from now on the report never changes."""
    _require(acting_user, *REVIEW_ROLES)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.REVIEWED:
        raise ValidationError(_("Báo cáo phải được lãnh đạo xem xét trước khi ký."))
    report.signed_by, report.signed_at = acting_user, timezone.now()
    built = build(report)  # dated the day it is signed
    report.figures = built.figures
    name = filename(report, "")
    report.docx.save(name + "docx", ContentFile(render.docx_bytes(built)), save=False)
    report.xlsx.save(name + "xlsx", ContentFile(render.xlsx_bytes(built)), save=False)
    try:
        pdf = render.pdf_bytes(built)
    except OfficeUnavailable:
        pdf = None
    if pdf is not None:
        report.pdf.save(name + "pdf", ContentFile(pdf), save=False)
    report.status = Report.Status.SIGNED_OFF
    report.save()
    record("report.sign_off", actor=acting_user, obj=report, version=report.version)
    notify(
        _officers(report.organisation, *WRITE_ROLES),
        _("Báo cáo %(p)s đã được ký.") % {"p": report.period},
        kind="report",
    )
    return report


@transaction.atomic
def new_version(report: Report, *, acting_user) -> Report:
    _require(acting_user, *WRITE_ROLES)
    latest = (
        Report.objects.filter(
            organisation=report.organisation, kind=report.kind, period=report.period
        ).aggregate(v=Max("version"))["v"]
        or 0
    )
    copy = Report.objects.create(
        organisation=report.organisation,
        kind=report.kind,
        period=report.period,
        parameters=dict(report.parameters),
        sections=dict(report.sections),
        version=latest + 1,
        previous=report,
        created_by=acting_user,
    )
    record("report.new_version", actor=acting_user, obj=copy, previous=report.pk)
    return copy


def recipients_of(report: Report) -> list[str]:
    return list(report.parameters.get("emails") or settings.REPORT_RECIPIENTS)


@transaction.atomic
def send(report: Report, *, acting_user) -> Report:
    _require(acting_user, *WRITE_ROLES)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.SIGNED_OFF:
        raise ValidationError(_("Chỉ gửi được báo cáo đã ký."))
    to = recipients_of(report)
    if not to:
        raise ValidationError(_("Chưa cấu hình địa chỉ nhận báo cáo."))
    message = EmailMessage(
        subject=_("Báo cáo %(p)s — %(o)s") % {"p": report.period, "o": report.organisation.name},
        body=_("Kính gửi: Quý cơ quan,\n\nXin gửi kèm báo cáo %(p)s.") % {"p": report.period},
        to=to,
    )
    for field in (report.docx, report.pdf, report.xlsx):
        if field:
            with field.open("rb") as fh:
                message.attach(field.name.rsplit("/", 1)[-1], fh.read())
    transaction.on_commit(message.send)
    report.status = Report.Status.SENT
    report.sent_at, report.sent_to = timezone.now(), to
    report.save(update_fields=["status", "sent_at", "sent_to", "updated_at"])
    record("report.send", actor=acting_user, obj=report, to=to)
    return report
