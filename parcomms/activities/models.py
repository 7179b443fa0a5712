"""Sessions and other communication, attendance, per-unit obligations and their reminders."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcomms.org.querysets import OrgScopedQuerySet
from parcomms.org.roles import Role, has_role
from parcomms.plans.models import Channel

from . import rules

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and to type on a phone.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _org_wide(user) -> bool:
    return has_role(user, Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP)


class ActivityQuerySet(OrgScopedQuerySet):
    def scoped(self, user, staff):
        """Reform officers, leaders and admins read their organisation's activities; a unit
        head reads those organised by, or inviting, the unit (and the units under it)."""
        mine = self.in_organisation(staff.organisation_id)
        if _org_wide(user):
            return mine
        if has_role(user, Role.UNIT_HEAD):
            units = staff.unit.subtree_ids()
            invited = Activity.invited_units.through.objects.filter(
                activity_id=OuterRef("pk"), unit_id__in=units
            )
            return mine.filter(Q(unit_id__in=units) | Exists(invited))
        return self.none()

    def manageable_by(self, user):
        """Who may record and edit: reform officers and admins for the organisation, a unit
        head for the activities of the unit (and the units under it)."""
        if not user.is_authenticated:
            return self.none()
        staff = getattr(user, "staff", None)
        if staff is None:
            return self.none()
        mine = self.filter(organisation_id=staff.organisation_id)
        if has_role(user, Role.ADMIN, Role.REFORM_OFFICER):
            return mine
        if has_role(user, Role.UNIT_HEAD):
            return mine.filter(unit_id__in=staff.unit.subtree_ids())
        return self.none()

    def sessions(self):
        return self.filter(kind__in=Activity.SESSION_KINDS)

    def other_communication(self):
        return self.exclude(kind__in=Activity.SESSION_KINDS)

    def held(self, now=None):
        """What counts as done: not cancelled, started, and — for a session — somebody was
        there (a session with no one present did not take place)."""
        now = now or timezone.now()
        present = Attendance.objects.filter(
            activity_id=OuterRef("pk"), status=Attendance.Status.PRESENT
        )
        return self.filter(is_cancelled=False, starts_at__lte=now).filter(
            ~Q(kind__in=Activity.SESSION_KINDS) | Exists(present)
        )

    def for_unit(self, unit_ids):
        """Activities a unit organised or was invited to."""
        invited = Activity.invited_units.through.objects.filter(
            activity_id=OuterRef("pk"), unit_id__in=unit_ids
        )
        return self.filter(Q(unit_id__in=unit_ids) | Exists(invited))


class Activity(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "hoi_nghi", _("Hội nghị")
        MEETING = "buoi_hop", _("Buổi họp")
        THEMATIC = "sinh_hoat", _("Sinh hoạt chuyên đề")
        LEGAL_DISSEMINATION = "pbgdpl", _("Phổ biến, giáo dục pháp luật")
        BULLETIN = "bang_tin", _("Đăng bảng tin")
        ZALO = "zalo", _("Bài đăng Zalo")
        LEAFLET = "to_roi", _("Tờ rơi, tờ gấp")
        POSTER = "ap_phich", _("Áp phích")
        PANO = "pano", _("Pa-nô, băng rôn, khẩu hiệu")
        OTHER = "khac", _("Hình thức khác")

    SESSION_KINDS = ("hoi_nghi", "buoi_hop", "sinh_hoat", "pbgdpl")

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="activities"
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("đơn vị tổ chức"),
    )
    invited_units = models.ManyToManyField(
        "org.Unit", related_name="invited_activities", blank=True, verbose_name=_("đơn vị dự")
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=300)
    starts_at = models.DateTimeField(_("bắt đầu"), db_index=True)
    ends_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    topics = models.ManyToManyField(
        "plans.Topic",
        blank=True,
        related_name="activities",
        verbose_name=_("nội dung tuyên truyền"),
    )
    documents = models.ManyToManyField(
        "legal.LegalDocument",
        blank=True,
        related_name="activities",
        verbose_name=_("văn bản được phổ biến"),
    )
    channel = models.CharField(
        _("kênh"), max_length=20, choices=Channel.Kind.choices, default=Channel.Kind.MEETING
    )
    presenter = models.ForeignKey(
        "org.Staff",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presented_activities",
        verbose_name=_("người trình bày"),
    )
    presenter_name = models.CharField(
        _("báo cáo viên khác"),
        max_length=200,
        blank=True,
        help_text=_("Khi người trình bày không thuộc cơ quan."),
    )
    reform_content = models.BooleanField(
        _("có nội dung cải cách hành chính"),
        default=True,
        help_text=_("Chỉ buổi sinh hoạt có nội dung CCHC mới được tính vào nghĩa vụ."),
    )
    minutes = models.TextField(_("biên bản, nội dung chính"), blank=True)
    count = models.PositiveIntegerField(
        _("số lượng"),
        default=1,
        help_text=_("Với bảng tin, tờ rơi, áp phích, pa-nô…: số bản, số bài đã thực hiện."),
    )
    is_cancelled = models.BooleanField(_("đã hủy"), default=False)
    code = models.CharField(_("mã điểm danh"), max_length=CODE_LENGTH, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động tuyên truyền")
        verbose_name_plural = _("hoạt động tuyên truyền")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "starts_at"])]

    def __str__(self):
        return self.title

    @property
    def is_session(self) -> bool:
        return self.kind in self.SESSION_KINDS

    def check_in_window(self) -> tuple[dt.datetime, dt.datetime]:
        """When attendees may confirm their own presence."""
        before = dt.timedelta(minutes=settings.PARCOMMS_CHECKIN_OPENS_MINUTES_BEFORE)
        after = dt.timedelta(minutes=settings.PARCOMMS_CHECKIN_CLOSES_MINUTES_AFTER)
        end = self.ends_at or self.starts_at
        return self.starts_at - before, end + after

    def check_in_open(self, now=None) -> bool:
        now = now or timezone.now()
        opens, closes = self.check_in_window()
        return self.is_session and not self.is_cancelled and opens <= now <= closes


def material_path(instance, filename):
    return f"activities/{instance.activity.organisation_id}/{instance.activity_id}/{filename}"


class ActivityFile(models.Model):
    class Kind(models.TextChoices):
        MATERIAL = "material", _("Tài liệu")
        PHOTO = "photo", _("Hình ảnh")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=material_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("tệp đính kèm")

    def __str__(self):
        return self.name


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Có mặt")
        EXCUSED = "excused", _("Vắng có lý do")
        ABSENT = "absent", _("Vắng")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    staff = models.ForeignKey("org.Staff", on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(
        _("điểm danh"), max_length=10, choices=Status.choices, default=Status.ABSENT
    )
    confirmed_by_self_at = models.DateTimeField(_("tự xác nhận lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(fields=["activity", "staff"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.staff} — {self.get_status_display()}"


class ObligationRuleQuerySet(OrgScopedQuerySet):
    read_roles = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP, Role.UNIT_HEAD)

    def manageable_by(self, user):
        staff = getattr(user, "staff", None) if user.is_authenticated else None
        if staff is None or not has_role(user, Role.ADMIN, Role.REFORM_OFFICER):
            return self.none()
        return self.filter(organisation_id=staff.organisation_id)

    def active_on(self, day: dt.date):
        return self.filter(active_from__lte=day).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=day)
        )

    def applying_to(self, unit_ids):
        return self.filter(Q(all_units=True) | Q(units__in=unit_ids)).distinct()


class ObligationRule(models.Model):
    """A duty of the plan as a rule each unit must meet, e.g. "mỗi tháng ít nhất một buổi
    sinh hoạt có nội dung CCHC"."""

    class Counts(models.TextChoices):
        SESSION = "session", _("Buổi sinh hoạt, hội nghị có nội dung CCHC")
        ARTICLE_SUBMITTED = "article_submitted", _("Tin, bài gửi duyệt")
        ARTICLE_PUBLISHED = "article_published", _("Tin, bài được đăng")
        CONTEST_PARTICIPATION = "contest_participation", _("Cán bộ tham gia cuộc thi (%)")
        OTHER_COMMUNICATION = (
            "other_communication",
            _("Hình thức tuyên truyền khác (bảng tin, Zalo, tờ rơi…)"),
        )

    class Period(models.TextChoices):
        MONTH = rules.PeriodKind.MONTH, _("Hằng tháng")
        QUARTER = rules.PeriodKind.QUARTER, _("Hằng quý")
        HALF_YEAR = rules.PeriodKind.HALF_YEAR, _("6 tháng")
        YEAR = rules.PeriodKind.YEAR, _("Hằng năm")

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="obligation_rules"
    )
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligation_rules",
        verbose_name=_("kế hoạch"),
    )
    duty = models.ForeignKey(
        "plans.Duty",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligation_rules",
        verbose_name=_("nhiệm vụ trong kế hoạch"),
    )
    title = models.CharField(_("tên nghĩa vụ"), max_length=300)
    counts = models.CharField(_("tính theo"), max_length=30, choices=Counts.choices)
    all_units = models.BooleanField(_("áp dụng cho mọi đơn vị"), default=True)
    units = models.ManyToManyField(
        "org.Unit", blank=True, related_name="obligation_rules", verbose_name=_("các đơn vị")
    )
    period = models.CharField(_("chu kỳ"), max_length=12, choices=Period.choices)
    required = models.PositiveIntegerField(
        _("mức yêu cầu"), help_text=_("Số lượng tối thiểu, hoặc tỷ lệ % với cuộc thi.")
    )
    active_from = models.DateField(_("áp dụng từ ngày"))
    active_until = models.DateField(_("đến ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ObligationRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("nghĩa vụ của đơn vị")
        verbose_name_plural = _("nghĩa vụ của đơn vị")
        ordering = ["-active_from", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(required__gte=1), name="rule_required_positive"),
        ]

    def __str__(self):
        return self.title

    def spec(self) -> rules.RuleSpec:
        from .providers import get_provider

        provider = get_provider(self.counts)
        return rules.RuleSpec(
            counts=self.counts,
            period=rules.PeriodKind(self.period),
            required=self.required,
            active_from=self.active_from,
            active_until=self.active_until,
            per_person=provider.per_person if provider else False,
            noun=provider.noun if provider else self.get_counts_display().lower(),
        )


class UnitCalendar(models.Model):
    """The secret that makes a unit's calendar feed (.ics) readable by calendar apps."""

    unit = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="calendar")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.unit}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class ReminderSent(models.Model):
    """One reminder per rule, unit and period, ever: the unique constraint is what stops a
    second one, whatever runs twice."""

    rule = models.ForeignKey(ObligationRule, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "unit", "period_start"], name="reminder_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.rule} — {self.unit} — {self.period_start}"


class ReminderSchedule(models.Model):
    """The day the daily reminder task is next enqueued for; unique, so that starting the
    task twice never leads to two daily chains."""

    run_on = models.DateField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.run_on)
