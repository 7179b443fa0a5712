"""Emulation criteria (versioned), periods, their closings with frozen scores, and the units'
self-scores with evidence. State changes go through `services.py`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcomms.org.querysets import OrgScopedQuerySet
from parcomms.org.roles import Role

from . import criteria as criteria_module
from .periods import HALF_YEAR, QUARTER, YEAR, Span

READ_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP, Role.UNIT_HEAD)


class _EmulationQuerySet(OrgScopedQuerySet):
    """Admins, reform officers, leaders and unit heads read their organisation's emulation
    records (no superuser bypass)."""

    read_roles = READ_ROLES
    superuser_sees_all = False


class CriteriaSetQuerySet(_EmulationQuerySet):
    pass


class CriteriaSet(models.Model):
    """The criteria of one organisation for one year; its versions keep every change."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="emulation_criteria"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí thi đua")
        verbose_name_plural = _("bộ tiêu chí thi đua")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="criteria_set_once")
        ]

    def __str__(self):
        return f"Tiêu chí thi đua năm {self.year}"

    def latest(self):
        return self.versions.order_by("-number").first()


class CriteriaVersion(models.Model):
    """One version of a criteria set. A version used by a closed period is frozen: changing
    the criteria afterwards makes a new version, so closed scores never move."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    data = models.JSONField()
    note = models.CharField(_("ghi chú thay đổi"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    frozen_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiên bản tiêu chí")
        verbose_name_plural = _("phiên bản tiêu chí")
        ordering = ["criteria_set", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "number"], name="criteria_version_once")
        ]

    def __str__(self):
        return f"{self.criteria_set} — phiên bản {self.number}"

    def criteria(self) -> criteria_module.Criteria:
        return criteria_module.from_json(self.data)


class PeriodQuerySet(_EmulationQuerySet):
    pass


class Period(models.Model):
    class Kind(models.TextChoices):
        QUARTER = QUARTER, _("Quý")
        HALF_YEAR = HALF_YEAR, _("6 tháng")
        YEAR = YEAR, _("Năm")

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="emulation_periods"
    )
    kind = models.CharField(_("loại kỳ"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("số thứ tự"), default=1)
    start = models.DateField(editable=False)
    end = models.DateField(editable=False)
    closing = models.OneToOneField(
        "Closing",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="current_for",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ thi đua")
        verbose_name_plural = _("kỳ thi đua")
        ordering = ["-start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "year", "number"], name="emulation_period_once"
            )
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.start, self.end = self.span.start, self.span.end
        super().save(*args, **kwargs)

    @property
    def span(self) -> Span:
        return Span(self.kind, self.year, self.number)

    @property
    def label(self) -> str:
        return self.span.label

    @property
    def key(self) -> str:
        return self.span.key

    @property
    def is_closed(self) -> bool:
        return self.closing_id is not None


class Closing(models.Model):
    """One closing of a period: the criteria version, the records' fingerprint and the frozen
    scores. A reopened closing stays, with who reopened it and why."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="closings")
    number = models.PositiveIntegerField(_("lần chốt"))
    criteria_version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="closings"
    )
    fingerprint = models.CharField(_("dấu vân tay dữ liệu"), max_length=64)
    digest = models.CharField(_("dấu vân tay kết quả"), max_length=64)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField()
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)

    class Meta:
        verbose_name = _("lần chốt điểm")
        verbose_name_plural = _("lần chốt điểm")
        ordering = ["period", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="closing_number_once")
        ]

    def __str__(self):
        return f"{self.period} — lần chốt {self.number}"


class RankedScore(models.Model):
    """A row of a frozen ranking: rank (shared when tied), place in the list, total, the total
    per criteria group and the explained lines, as computed when the period was closed."""

    rank = models.PositiveIntegerField()
    tied = models.BooleanField(default=False)
    position = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=12, decimal_places=2)
    groups = models.JSONField(default=dict)
    lines = models.JSONField(default=list)

    class Meta:
        abstract = True
        ordering = ["closing", "position"]

    @classmethod
    def frozen(cls, closing, position: int, row, **names):
        """One `results.Row` of a computed ranking, at `position` in the list."""
        return cls(
            closing=closing,
            rank=row.rank,
            tied=row.tied,
            position=position,
            total=row.total,
            groups={g: str(v) for g, v in row.groups.items()},
            lines=[line.as_json() for line in row.lines],
            **names,
        )


class UnitScore(RankedScore):
    closing = models.ForeignKey(Closing, on_delete=models.CASCADE, related_name="unit_scores")
    unit = models.ForeignKey(
        "org.Unit", null=True, on_delete=models.SET_NULL, related_name="emulation_scores"
    )
    unit_name = models.CharField(max_length=255)

    class Meta(RankedScore.Meta):
        constraints = [models.UniqueConstraint(fields=["closing", "unit"], name="unit_score_once")]

    def __str__(self):
        return f"{self.rank}. {self.unit_name}: {self.total}"


class PersonScore(RankedScore):
    closing = models.ForeignKey(Closing, on_delete=models.CASCADE, related_name="person_scores")
    staff = models.ForeignKey(
        "org.Staff", null=True, on_delete=models.SET_NULL, related_name="emulation_scores"
    )
    full_name = models.CharField(max_length=150)
    unit = models.ForeignKey("org.Unit", null=True, on_delete=models.SET_NULL, related_name="+")
    unit_name = models.CharField(max_length=255)

    class Meta(RankedScore.Meta):
        constraints = [
            models.UniqueConstraint(fields=["closing", "staff"], name="person_score_once")
        ]

    def __str__(self):
        return f"{self.rank}. {self.full_name}: {self.total}"


class ManualScoreQuerySet(_EmulationQuerySet):
    org_field = "period__organisation_id"


class ManualScore(models.Model):
    """A unit's self-score on one manual criterion, then the reform officer's appraisal."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="manual_scores")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=30)
    title = models.CharField(_("tiêu chí"), max_length=300)
    self_points = models.DecimalField(
        _("điểm tự chấm"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    self_note = models.TextField(_("giải trình"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    appraised_points = models.DecimalField(
        _("điểm thẩm định"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    appraisal_reason = models.TextField(_("lý do"), blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    appraised_at = models.DateTimeField(null=True, blank=True)

    objects = ManualScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm tự chấm")
        verbose_name_plural = _("điểm tự chấm")
        ordering = ["period", "unit__sort_key", "code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "code"], name="manual_score_once")
        ]

    def __str__(self):
        return f"{self.unit_id} — {self.title}"

    @property
    def is_appraised(self) -> bool:
        return self.appraised_at is not None


def evidence_path(instance, filename):
    score = instance.manual_score
    return f"emulation/{score.period.organisation_id}/{score.period_id}/{score.unit_id}/{filename}"


class Evidence(models.Model):
    manual_score = models.ForeignKey(ManualScore, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self):
        return self.name
