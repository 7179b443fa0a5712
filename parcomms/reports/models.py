"""A generated official report: its kind, period, parameters, the officer's words and the
workflow draft → reviewed → signed off → sent. A signed-off report is immutable; a new
version is a copy (services.new_version)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcomms.org.querysets import OrgScopedQuerySet
from parcomms.org.roles import Role


class ReportQuerySet(OrgScopedQuerySet):
    """Admins, reform officers and leaders read their organisation's reports (no superuser
    bypass)."""

    read_roles = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP)
    superuser_sees_all = False


def _upload_to(instance, filename):
    return f"reports/{instance.organisation_id}/{filename}"


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        REVIEWED = "reviewed", _("Lãnh đạo đã xem")
        SIGNED_OFF = "signed_off", _("Đã ký")
        SENT = "sent", _("Đã gửi")

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("loại báo cáo"), max_length=40)
    period = models.CharField(_("kỳ báo cáo"), max_length=10)
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    sections = models.JSONField(_("phần lời văn"), default=dict, blank=True)
    figures = models.JSONField(_("số liệu khi ký"), default=dict, blank=True, editable=False)
    number = models.CharField(_("số văn bản"), max_length=20, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.JSONField(default=list, blank=True)
    docx = models.FileField(upload_to=_upload_to, blank=True)
    pdf = models.FileField(upload_to=_upload_to, blank=True)
    xlsx = models.FileField(upload_to=_upload_to, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "period", "version"], name="report_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.period} v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SIGNED_OFF, self.Status.SENT)
