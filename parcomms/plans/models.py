from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from parcomms.org.querysets import OrgScopedQuerySet
from parcomms.org.roles import Role, has_role


class PlanQuerySet(OrgScopedQuerySet):
    """Everyone in an organisation reads its plans (the plan is addressed to all staff)."""

    def importable_by(self, user):
        if not has_role(user, Role.ADMIN, Role.REFORM_OFFICER):
            return self.none()
        return self.visible_to(user)


class Plan(models.Model):
    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="plans"
    )
    type_name = models.CharField(_("loại văn bản"), max_length=100, default="Kế hoạch")
    title = models.CharField(_("trích yếu"), max_length=500)
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    day = models.PositiveSmallIntegerField(_("ngày"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    parent_issuer = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    legal_basis_text = models.TextField(_("căn cứ ban hành"), blank=True)
    objectives = models.JSONField(_("mục tiêu"), default=list)
    requirements = models.JSONField(_("yêu cầu"), default=list)
    audiences = models.JSONField(_("đối tượng"), default=list)
    funding = models.JSONField(_("kinh phí"), default=list)
    recipients = models.JSONField(_("nơi nhận"), default=list)
    signer_prefix = models.CharField(max_length=10, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    warnings = models.JSONField(_("cảnh báo khi nhập"), default=list)
    parsed = models.JSONField(default=dict, help_text="ParsedPlan.to_json() as imported")
    source_filename = models.CharField(max_length=255, blank=True)
    source_text = models.TextField(blank=True)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    documents = models.ManyToManyField(
        "legal.LegalDocument", through="PlanDocument", related_name="plans"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "title"]
        permissions = [("import_plan", _("Nhập kế hoạch từ tệp"))]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "symbol", "title"], name="plan_unique_identity"
            )
        ]

    def __str__(self):
        return f"{self.type_name} {self.title}"

    @property
    def number_symbol(self) -> str:
        return f"{self.number or '   '}/{self.symbol}"


class PlanDocument(models.Model):
    class Role(models.TextChoices):
        BASIS = "basis", _("Căn cứ ban hành")
        CITED = "cited", _("Được trích dẫn")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plan_documents")
    document = models.ForeignKey(
        "legal.LegalDocument", on_delete=models.PROTECT, related_name="plan_documents"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "document"], name="plan_document_once")
        ]

    def __str__(self):
        return f"{self.plan} — {self.document}"


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    label = models.CharField(max_length=10, blank=True)
    title = models.TextField()
    level = models.PositiveSmallIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.label} {self.title[:80]}".strip()


class Topic(models.Model):
    """A content area of the plan (II.1 a, b, c, d, đ, e, g) with its points."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="topics")
    label = models.CharField(_("ký hiệu"), max_length=5)
    title = models.CharField(_("nội dung"), max_length=500)
    items = models.JSONField(default=list)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        verbose_name = _("nội dung tuyên truyền")

    def __str__(self):
        return f"{self.label}) {self.title}"


class Channel(models.Model):
    class Kind(models.TextChoices):
        BULLETIN = "bulletin", _("Bảng tin")
        ZALO = "zalo", _("Zalo")
        PORTAL = "portal", _("Cổng thông tin điện tử")
        MEETING = "meeting", _("Hội nghị, buổi họp")
        EMAIL = "email", _("Thư điện tử")
        OTHER = "other", _("Hình thức khác")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.get_kind_display()


class Duty(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="duties")
    who = models.CharField(_("chủ thể"), max_length=255)
    text = models.TextField(_("nhiệm vụ"))
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.who}: {self.text[:80]}"


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("chỉ số"), max_length=40)
    kind = models.CharField(_("loại chỉ tiêu"), max_length=20)
    comparison = models.CharField(max_length=4)
    value_number = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    value_text = models.CharField(max_length=255, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    rank_of = models.PositiveSmallIntegerField(null=True, blank=True)
    scope = models.CharField(max_length=40, blank=True)
    text = models.TextField(_("câu trong kế hoạch"))
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return (
            f"{self.indicator} {self.kind} {self.comparison} {self.value_number or self.value_text}"
        )


class PlanDraftQuerySet(OrgScopedQuerySet):
    """A draft belongs to its organisation: only its importers see it (no superuser bypass,
    since a draft is confirmed into that organisation)."""

    read_roles = (Role.ADMIN, Role.REFORM_OFFICER)
    superuser_sees_all = False


class PlanDraft(models.Model):
    """An uploaded plan file, parsed, waiting for the officer to check and confirm it."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="plan_drafts"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("tên tệp"), max_length=255)
    data = models.BinaryField(_("nội dung tệp"))
    source_text = models.TextField(_("văn bản đọc được từ tệp"), blank=True)
    parsed = models.JSONField(help_text="parsed.to_full_json(): ParsedPlan.from_json reads it back")
    created = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    objects = PlanDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản nháp kế hoạch")
        verbose_name_plural = _("bản nháp kế hoạch")
        ordering = ["-created"]

    def __str__(self):
        return self.filename

    @transaction.atomic
    def confirm(self, parsed, *, acting_user) -> Plan:
        """Save the (corrected) plan and drop the draft, both or neither.

        Raises PlanDraft.DoesNotExist when another request confirmed or discarded it first.
        """
        from .services import save_parsed_plan

        type(self).objects.select_for_update().get(pk=self.pk)
        plan = save_parsed_plan(
            parsed,
            organisation=self.organisation,
            acting_user=acting_user,
            source_text=self.source_text,
            source_filename=self.filename,
        )
        self.delete()
        return plan
