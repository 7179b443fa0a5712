"""Indicators, their yearly results and hand-made verdicts on qualitative targets.

Whose results: a result belongs to an **organisation** (the office whose plan sets targets on
it) and names the **territory** it measures ("tỉnh Ninh Thuận"). Access, entry and import then
follow the organisation like everything else, and one deployment can hold offices of several
provinces. Two offices of the same province each keep their copy (the reference history loads
into any organisation with `load_indicator_history --organisation SLUG`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcomms.org.querysets import OrgScopedQuerySet
from parcomms.org.roles import Role, has_role

from .catalogue import UNIT_LABELS
from .evaluate import IndicatorInfo, Observation


class Indicator(models.Model):
    """An index the plans set targets on. Rows are kept in step with the code registry
    (`catalogue.definitions`) after every migrate; users do not edit them."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên chỉ số"), max_length=255)
    label = models.CharField(_("tên ngắn"), max_length=100)
    publisher = models.CharField(_("cơ quan công bố"), max_length=255, blank=True)
    scale_min = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    scale_max = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("đơn vị điểm"), max_length=10, blank=True)
    higher_is_better = models.BooleanField(_("điểm cao là tốt"), default=True)
    rank_of = models.PositiveSmallIntegerField(_("số đơn vị được xếp hạng"), null=True, blank=True)
    tiers = models.JSONField(_("các nhóm xếp loại"), default=list, blank=True)
    scopes = models.JSONField(_("phạm vi"), default=list, blank=True)
    published = models.CharField(_("thời điểm công bố"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["order", "code"]

    def __str__(self):
        return self.label

    @property
    def unit_label(self) -> str:
        return UNIT_LABELS.get(self.unit, self.unit)

    @property
    def scale_text(self) -> str:
        from parcomms.vn.numbers import format_decimal

        if self.scale_min is None or self.scale_max is None:
            return ""
        low, high = (format_decimal(v.normalize()) for v in (self.scale_min, self.scale_max))
        if self.unit == "%":
            return f"{low}–{high}%"
        return f"{low}–{high}" + (f" {self.unit_label}" if self.unit != "index" else "")

    @property
    def has_score(self) -> bool:
        return bool(self.unit)

    def info(self) -> IndicatorInfo:
        return IndicatorInfo(
            code=self.code,
            label=self.label,
            higher_is_better=self.higher_is_better,
            rank_of=self.rank_of,
            unit=self.unit,
            scale_min=self.scale_min,
            scale_max=self.scale_max,
        )


class ResultQuerySet(OrgScopedQuerySet):
    """Everyone in an organisation reads its results (the plan is addressed to all staff)."""

    def editable_by(self, user):
        if not has_role(user, Role.ADMIN, Role.REFORM_OFFICER):
            return self.none()
        staff = getattr(user, "staff", None)
        if staff is None:
            return self.none()
        return self.filter(organisation_id=staff.organisation_id)


class Result(models.Model):
    class SourceKind(models.TextChoices):
        PRIMARY = "P", _("P — nguồn chính thức")
        SECONDARY = "S", _("S — nguồn thứ cấp (báo chí)")
        DERIVED = "D", _("D — số suy ra từ mức thay đổi đã công bố")

    class Scope(models.TextChoices):
        ALL = "", _("Toàn tỉnh")
        DEPARTMENTS = "departments", _("Nhóm sở, ban, ngành")
        LOCALITIES = "localities", _("Nhóm địa phương")

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="indicator_results"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="results", verbose_name=_("chỉ số")
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    scope = models.CharField(_("phạm vi"), max_length=20, blank=True, choices=Scope.choices)
    territory = models.CharField(_("địa bàn"), max_length=150)
    score = models.DecimalField(_("điểm"), max_digits=9, decimal_places=4, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("thứ hạng"), null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField(_("trên tổng số"), null=True, blank=True)
    tier = models.CharField(_("nhóm xếp loại"), max_length=50, blank=True)
    score_derived = models.BooleanField(_("điểm là số suy ra [D]"), default=False)
    rank_derived = models.BooleanField(_("thứ hạng là số suy ra [D]"), default=False)
    source_url = models.URLField(_("đường dẫn nguồn"), max_length=500, blank=True)
    source_kind = models.CharField(
        _("loại nguồn"), max_length=1, choices=SourceKind.choices, default=SourceKind.PRIMARY
    )
    note = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả chỉ số")
        verbose_name_plural = _("kết quả chỉ số")
        ordering = ["indicator__order", "scope", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "year", "scope"],
                name="indicator_result_once_a_year",
            ),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True)
                | models.Q(rank_of__isnull=True)
                | models.Q(rank__lte=models.F("rank_of")),
                name="indicator_rank_within_rank_of",
            ),
        ]

    def __str__(self):
        scope = f" ({self.get_scope_display()})" if self.scope else ""
        return f"{self.indicator.label}{scope} {self.year}"

    @property
    def is_derived(self) -> bool:
        return self.score_derived or self.rank_derived or self.source_kind == "D"

    def observation(self) -> Observation:
        return Observation(
            year=self.year,
            score=self.score,
            rank=self.rank,
            rank_of=self.rank_of,
            tier=self.tier,
            score_derived=self.score_derived,
            rank_derived=self.rank_derived,
        )


class AssessmentQuerySet(OrgScopedQuerySet):
    """Everyone in the plan's organisation reads its assessments."""

    org_field = "plan__organisation_id"


class TargetAssessment(models.Model):
    """The reform officer's verdict on a qualitative target ("đạt hoặc vượt chỉ tiêu thu
    ngân sách"), which no published index decides.

    Keyed by the plan and the target's identity (indicator, kind, scope), not by the target
    row: importing the plan again replaces its target rows, and the verdict must survive.
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="assessments")
    indicator = models.CharField(_("chỉ số"), max_length=40)
    kind = models.CharField(_("loại chỉ tiêu"), max_length=20, default="qualitative")
    scope = models.CharField(_("phạm vi"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    achieved = models.BooleanField(_("đạt"))
    note = models.TextField(_("ghi chú"), blank=True)
    assessed_at = models.DateTimeField(auto_now=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("đánh giá chỉ tiêu")
        verbose_name_plural = _("đánh giá chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "indicator", "kind", "scope", "year"],
                name="target_assessed_once_a_year",
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}: {'đạt' if self.achieved else 'không đạt'}"
