from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parcomms.org.querysets import OrgScopedQuerySet
from parcomms.org.roles import Role
from parcomms.vn.text import fold, nfc

MANAGE_ROLES = (Role.ADMIN, Role.REFORM_OFFICER)
STATS_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP, Role.UNIT_HEAD)


class QuestionQuerySet(OrgScopedQuerySet):
    """The bank belongs to its organisation; reform officers and admins keep it."""

    read_roles = MANAGE_ROLES

    def active(self):
        return self.filter(is_active=True)


class Question(models.Model):
    class Difficulty(models.IntegerChoices):
        EASY = 1, _("Dễ")
        MEDIUM = 2, _("Trung bình")
        HARD = 3, _("Khó")

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("câu hỏi"))
    text_key = models.CharField(max_length=40, editable=False)
    search_text = models.TextField(editable=False, default="")
    area = models.CharField(
        _("lĩnh vực chính"),
        max_length=5,
        blank=True,
        editable=False,
        help_text="The first content-area label; questions are drawn balanced across areas.",
    )
    topics = models.ManyToManyField(
        "plans.Topic", blank=True, related_name="questions", verbose_name=_("lĩnh vực")
    )
    documents = models.ManyToManyField(
        "legal.LegalDocument", blank=True, related_name="questions", verbose_name=_("văn bản")
    )
    difficulty = models.PositiveSmallIntegerField(
        _("mức độ"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    explanation = models.TextField(_("giải thích"), blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("ngân hàng câu hỏi")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "text_key"], name="question_unique_text"
            )
        ]

    def __str__(self):
        return self.text[:100]

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.text} {self.explanation} {self.source}")
        super().save(*args, **kwargs)

    @property
    def is_multiple(self) -> bool:
        return sum(1 for o in self.options.all() if o.is_correct) > 1


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.TextField(_("phương án"))
    is_correct = models.BooleanField(_("đúng"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]


class ContestQuerySet(OrgScopedQuerySet):
    """Managers, leaders and unit heads of the organising office see its contests."""

    read_roles = STATS_ROLES

    def managed_by(self, user):
        return self.scoped_for_roles(user, MANAGE_ROLES)

    def published(self):
        return self.filter(is_published=True)


class Contest(models.Model):
    class Kind(models.TextChoices):
        CONTEST = "contest", _("Cuộc thi")
        QUIZ = "quiz", _("Khảo sát nhận thức")

    class Audience(models.TextChoices):
        STAFF = "staff", _("Cán bộ, công chức, viên chức của cơ quan, đơn vị được chọn")
        PUBLIC = "public", _("Mọi người (đăng ký họ tên, điện thoại, email, đơn vị)")

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="contests"
    )
    title = models.CharField(_("tên cuộc thi"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    description = models.TextField(_("giới thiệu, thể lệ"), blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.CONTEST)
    audience = models.CharField(
        _("đối tượng dự thi"), max_length=10, choices=Audience.choices, default=Audience.STAFF
    )
    audience_organisations = models.ManyToManyField(
        "org.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan dự thi"),
        help_text=_("Để trống: cán bộ của cơ quan tổ chức."),
    )
    audience_units = models.ManyToManyField(
        "org.Unit",
        blank=True,
        related_name="+",
        verbose_name=_("chỉ các đơn vị"),
        help_text=_("Để trống: mọi đơn vị của các cơ quan dự thi."),
    )
    registration_units = models.ManyToManyField(
        "org.Unit",
        blank=True,
        related_name="+",
        verbose_name=_("danh sách đơn vị để người dự thi chọn"),
        help_text=_("Để trống: các đơn vị của cơ quan tổ chức."),
    )
    require_verification = models.BooleanField(
        _("xác minh email trước khi thi"),
        default=True,
        help_text=_("Người dự thi tự do nhận mã xác minh qua email."),
    )
    has_prediction = models.BooleanField(_("có câu hỏi dự đoán"), default=True)
    prediction_text = models.CharField(
        _("câu hỏi dự đoán"),
        max_length=300,
        default="Theo bạn, vòng thi này có bao nhiêu lượt dự thi trả lời đúng tất cả các câu hỏi?",
    )
    is_published = models.BooleanField(_("công bố"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = nfc(self.title)
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC


class RoundQuerySet(models.QuerySet):
    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def closed_without_results(self, moment):
        return self.filter(closes_at__lte=moment, results_computed_at__isnull=True)


class Round(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("vòng số"))
    title = models.CharField(_("tên vòng"), max_length=200, blank=True)
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    question_count = models.PositiveSmallIntegerField(_("số câu mỗi lượt"), default=10)
    time_limit_seconds = models.PositiveIntegerField(_("thời gian làm bài (giây)"), default=600)
    max_attempts = models.PositiveSmallIntegerField(_("số lượt tối đa mỗi người"), default=1)
    questions = models.ManyToManyField(
        Question, blank=True, related_name="rounds", verbose_name=_("câu hỏi của vòng")
    )
    results_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    results_computed_at = models.DateTimeField(null=True, blank=True, editable=False)
    perfect_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    results_digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("vòng thi")
        verbose_name_plural = _("vòng thi")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="round_unique_number"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_open"
            ),
        ]

    def __str__(self):
        return self.title or f"Vòng {self.number}"

    @property
    def label(self) -> str:
        number = f"Vòng {self.number}"
        # A title that only repeats the number ("Vòng 1") would read "Vòng 1: Vòng 1".
        if not self.title or self.title.strip().casefold() == number.casefold():
            return number
        return f"{number}: {self.title}"

    def state(self, moment=None) -> str:
        moment = moment or timezone.now()
        if moment < self.opens_at:
            return "upcoming"
        if moment < self.closes_at:
            return "open"
        return "closed"

    @property
    def organisation(self):
        return self.contest.organisation


class EntrantQuerySet(models.QuerySet):
    def for_staff(self, contest, staff):
        return self.filter(contest=contest, staff=staff)


class Entrant(models.Model):
    """One person in one contest: a staff member (signed in) or a registered member of the public."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Cán bộ")
        PUBLIC = "public", _("Người dân")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entrants")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    staff = models.ForeignKey(
        "org.Staff", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    registered_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("người dự thi")
        verbose_name_plural = _("người dự thi")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "staff"],
                condition=Q(staff__isnull=False),
                name="entrant_unique_staff",
            ),
            models.UniqueConstraint(
                fields=["contest", "phone"],
                condition=Q(kind="public"),
                name="entrant_unique_public_phone",
            ),
            models.UniqueConstraint(
                fields=["contest", "email"],
                condition=Q(kind="public"),
                name="entrant_unique_public_email",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_verified(self) -> bool:
        return self.kind == self.Kind.STAFF or self.verified_at is not None


class VerificationCode(models.Model):
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    tries_left = models.PositiveSmallIntegerField(default=5)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"code for {self.entrant_id}"


class Attempt(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Đang làm bài")
        SUBMITTED = "submitted", _("Đã nộp")
        EXPIRED = "expired", _("Quá giờ, không được tính")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="attempts")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="attempts")
    token = models.CharField(max_length=40, unique=True)
    seed = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    refused_at = models.DateTimeField(null=True, blank=True)
    question_count = models.PositiveSmallIntegerField()
    correct_count = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    prediction = models.PositiveIntegerField(null=True, blank=True)
    started_ip = models.GenericIPAddressField(null=True, blank=True)
    submitted_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt dự thi")
        verbose_name_plural = _("lượt dự thi")
        ordering = ["pk"]
        constraints = [
            # The database, not the view, guarantees one open attempt per person.
            models.UniqueConstraint(
                fields=["entrant"], condition=Q(status="open"), name="attempt_one_open"
            ),
        ]
        indexes = [
            models.Index(fields=["round", "status"], name="attempt_round_status"),
            models.Index(fields=["round", "entrant"], name="attempt_round_entrant"),
        ]

    def __str__(self):
        return f"{self.entrant} — {self.round}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AttemptQuestion(models.Model):
    """One drawn question of an attempt: its shown position, the shuffled options with the
    opaque tokens the page uses for them, and (after submission) what was chosen."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    options = models.JSONField(help_text="[[token, option_id], ...] in the order shown")
    chosen = models.JSONField(default=list, blank=True, help_text="option ids chosen")
    is_correct = models.BooleanField(null=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attempt_item_position")
        ]

    def __str__(self):
        return f"{self.attempt_id}#{self.position}"


class RoundResult(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="round_results")
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField()
    correct_count = models.PositiveSmallIntegerField()
    question_count = models.PositiveSmallIntegerField()
    prediction = models.PositiveIntegerField(null=True)
    prediction_gap = models.PositiveIntegerField(null=True)
    duration_ms = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["round", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "entrant"], name="round_result_once"),
            models.UniqueConstraint(fields=["round", "rank"], name="round_result_rank"),
        ]

    def __str__(self):
        return f"{self.round_id}: {self.rank}. {self.entrant_id}"


class OverallResult(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="overall_results")
    entrant = models.ForeignKey(Entrant, on_delete=models.CASCADE, related_name="overall_results")
    rank = models.PositiveIntegerField()
    total_correct = models.PositiveIntegerField()
    total_gap = models.BigIntegerField()
    total_duration_ms = models.BigIntegerField()
    rounds_taken = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["contest", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "entrant"], name="overall_result_once"),
        ]

    def __str__(self):
        return f"{self.contest_id}: {self.rank}. {self.entrant_id}"


class UnitResult(models.Model):
    """Per unit, per round (round set) or for the whole contest (round empty)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="unit_results")
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.CASCADE, related_name="unit_results"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    participants = models.PositiveIntegerField()
    staff_count = models.PositiveIntegerField(null=True)
    average_correct = models.FloatField(null=True)
    question_count = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["contest", "round", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "round", "unit"], name="unit_result_once"),
            models.UniqueConstraint(
                fields=["contest", "unit"],
                condition=Q(round__isnull=True),
                name="unit_result_overall_once",
            ),
        ]

    def __str__(self):
        return f"{self.contest_id}/{self.round_id}: {self.unit_id}"

    @property
    def participation_rate(self) -> float | None:
        if not self.staff_count:
            return None
        return min(1.0, self.participants / self.staff_count)


class AwarenessStudyQuerySet(OrgScopedQuerySet):
    read_roles = STATS_ROLES


class AwarenessStudy(models.Model):
    """A quiz before and after a communication campaign; the report shows the change."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="awareness_studies"
    )
    title = models.CharField(_("tên đợt đo"), max_length=300)
    campaign = models.CharField(_("đợt tuyên truyền"), max_length=300, blank=True)
    pre_round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="+", verbose_name=_("khảo sát trước")
    )
    post_round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="+", verbose_name=_("khảo sát sau")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwarenessStudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("đo lường nhận thức")
        verbose_name_plural = _("đo lường nhận thức")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class RateCounter(models.Model):
    """Hits per key and time bucket, shared by every app server (see ratelimit.py)."""

    key = models.CharField(max_length=200)
    bucket = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "bucket"], name="rate_counter_key_bucket")
        ]
        indexes = [models.Index(fields=["bucket"], name="rate_counter_bucket")]

    def __str__(self):
        return f"{self.key}@{self.bucket}: {self.count}"
