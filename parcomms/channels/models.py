"""Delivery records (one per article and channel), Zalo OA accounts, and rate-limit windows.

State changes go through `services.py`; nothing else writes these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcomms.org.querysets import OrgScopedQuerySet
from parcomms.org.roles import Role

DELIVERY_READ_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.EDITOR)


class DeliveryQuerySet(OrgScopedQuerySet):
    """Reform officers, editors and administrators see their organisation's deliveries."""

    read_roles = DELIVERY_READ_ROLES

    def sent(self):
        return self.filter(status=Delivery.Status.SENT)

    def due(self, now):
        """Waiting and due, or claimed by a worker whose lease ran out (it died)."""
        return self.filter(
            Q(status__in=Delivery.WAITING, next_attempt_at__lte=now)
            | Q(status=Delivery.Status.SENDING, lease_expires_at__lt=now)
        )


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        DEFERRED = "deferred", _("Hoãn đến giờ được gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Thất bại")
        CANCELLED = "cancelled", _("Đã hủy")

    class Failure(models.TextChoices):
        GIVE_UP = "give_up", _("Kênh từ chối")
        EXHAUSTED = "exhausted", _("Hết số lần thử")
        REAUTHORISE = "reauthorise", _("Cần kết nối lại tài khoản")
        UNCONFIRMED = "unconfirmed", _("Không xác nhận được đã gửi")
        NOT_CONFIGURED = "not_configured", _("Chưa cấu hình kênh")

    WAITING = (Status.QUEUED, Status.DEFERRED)
    FINAL = (Status.SENT, Status.FAILED, Status.CANCELLED)

    article = models.ForeignKey(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="deliveries"
    )
    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("kênh"), max_length=20)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("lần thử tiếp theo"), null=True, blank=True)
    # The worker holding the delivery: a random token and when its hold runs out. A worker
    # that dies leaves the row "sending"; after the lease anyone may take it over.
    claim_token = models.CharField(max_length=32, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # What the publisher has done so far (Zalo: token, article_id, broadcast_started_at,
    # message_id), written before each next step so a new attempt resumes there.
    progress = models.JSONField(default=dict, blank=True)
    external_id = models.CharField(_("mã trên kênh"), max_length=255, blank=True)
    external_url = models.URLField(_("liên kết trên kênh"), max_length=500, blank=True)
    failure_code = models.CharField(max_length=20, choices=Failure.choices, blank=True)
    failure_reason = models.TextField(_("lý do"), blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt đăng tải")
        verbose_name_plural = _("lượt đăng tải")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "channel"], name="delivery_one_per_channel")
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(fields=["organisation", "status"], name="delivery_org_status_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} → {self.channel}"

    @property
    def channel_label(self) -> str:
        from . import registry

        try:
            return registry.get(self.channel).label
        except KeyError:
            return self.channel

    @property
    def can_retry(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.CANCELLED)

    @property
    def can_cancel(self) -> bool:
        return self.status in self.WAITING


class ZaloAccountQuerySet(OrgScopedQuerySet):
    """The organisation's administrators see its Zalo account (no superuser bypass)."""

    read_roles = (Role.ADMIN,)
    superuser_sees_all = False


class ZaloAccount(models.Model):
    """One organisation's Zalo Official Account and its OAuth tokens (v4, rotating)."""

    organisation = models.OneToOneField(
        "org.Organisation", on_delete=models.CASCADE, related_name="zalo_account"
    )
    oa_id = models.CharField(_("mã OA (OA ID)"), max_length=64, blank=True)
    app_id = models.CharField(_("mã ứng dụng (App ID)"), max_length=64)
    # Blank: the ZALO_APP_SECRET environment variable is used (keeps the secret out of the DB).
    app_secret = models.CharField(_("khóa bí mật ứng dụng"), max_length=255, blank=True)
    access_token = models.TextField(blank=True)
    refresh_token = models.TextField(blank=True)
    expires_at = models.DateTimeField(_("access token hết hạn"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("làm mới lần cuối"), null=True, blank=True)
    # Serialises refreshing: refresh tokens are single-use, two workers must not both spend it.
    refresh_lock_until = models.DateTimeField(null=True, blank=True)
    broadcast_target = models.JSONField(
        _("đối tượng nhận tin"),
        default=dict,
        blank=True,
        help_text=_("Để trống: gửi tới mọi người quan tâm OA."),
    )
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    needs_reauthorisation = models.BooleanField(_("cần kết nối lại"), default=False)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    # PKCE verifier and state of a connection in progress (cleared when it completes).
    pending_state = models.CharField(max_length=64, blank=True)
    pending_verifier = models.CharField(max_length=128, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ZaloAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài khoản Zalo OA")
        verbose_name_plural = _("tài khoản Zalo OA")

    def __str__(self):
        return f"Zalo OA {self.oa_id or self.app_id} ({self.organisation})"

    @property
    def secret(self) -> str:
        return self.app_secret or settings.ZALO_APP_SECRET or ""

    @property
    def is_connected(self) -> bool:
        return bool(self.refresh_token or self.access_token) and not self.needs_reauthorisation


class RateWindow(models.Model):
    """Calls made in one minute under one key (a Zalo OA): a limiter shared by all processes."""

    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_window_unique")
        ]

    def __str__(self):
        return f"{self.key} {self.window_start:%H:%M}: {self.count}"


# ===========================================================================================
# Portal API tokens, portal webhook endpoints and e-mail digests.
# Section owned by the portal / e-mail / bulletin work (tokens.py, portal.py, digest.py);
# state changes go through the service functions there.
# ===========================================================================================

PORTAL_ADMIN_ROLES = (Role.ADMIN, Role.REFORM_OFFICER)


class _OrganisationAdminQuerySet(OrgScopedQuerySet):
    """The organisation's administrators and reform officers manage its connections (no
    superuser bypass)."""

    read_roles = PORTAL_ADMIN_ROLES
    superuser_sees_all = False


class ApiTokenQuerySet(_OrganisationAdminQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A key the provincial portal uses to read one organisation's articles through the API.

    Only a SHA-256 hash of the key is stored: the key itself is shown once, when it is made.
    (A salted slow hash is for guessable passwords; these keys are 256 random bits.)
    """

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("mã nhận diện"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("lần dùng gần nhất"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PortalEndpoint(models.Model):
    """Where to push an organisation's newly published articles (a webhook), and the shared
    secret the portal checks the HMAC-SHA256 signature with."""

    organisation = models.OneToOneField(
        "org.Organisation", on_delete=models.CASCADE, related_name="portal_endpoint"
    )
    url = models.URLField(_("địa chỉ nhận (webhook)"), max_length=500)
    # Kept readable: signing needs it. Shown once when made; a new one can be generated.
    secret = models.CharField(max_length=128)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = _OrganisationAdminQuerySet.as_manager()

    class Meta:
        verbose_name = _("địa chỉ đẩy tin sang cổng")
        verbose_name_plural = _("địa chỉ đẩy tin sang cổng")

    def __str__(self):
        return self.url


class DigestSubscriptionQuerySet(_OrganisationAdminQuerySet):
    def active(self):
        return self.filter(is_active=True)


class DigestSubscription(models.Model):
    """A weekly e-mail of the organisation's new articles to the staff of chosen units."""

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.CASCADE, related_name="digest_subscriptions"
    )
    name = models.CharField(_("tên bản tin"), max_length=150)
    units = models.ManyToManyField("org.Unit", related_name="+", verbose_name=_("đơn vị nhận"))
    include_subunits = models.BooleanField(_("gồm cả đơn vị trực thuộc"), default=True)
    weekday = models.PositiveSmallIntegerField(
        _("ngày gửi trong tuần"),
        default=0,
        choices=[
            (0, _("Thứ Hai")),
            (1, _("Thứ Ba")),
            (2, _("Thứ Tư")),
            (3, _("Thứ Năm")),
            (4, _("Thứ Sáu")),
            (5, _("Thứ Bảy")),
            (6, _("Chủ nhật")),
        ],
    )
    hour = models.PositiveSmallIntegerField(_("giờ gửi"), default=7)
    is_active = models.BooleanField(_("đang gửi"), default=True)
    # Articles published before this are not news to the subscribers.
    starts_from = models.DateTimeField()
    next_send_at = models.DateTimeField(_("lần gửi tới"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("lần gửi gần nhất"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DigestSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản tin thư điện tử")
        verbose_name_plural = _("bản tin thư điện tử")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class DigestRun(models.Model):
    """One sending of a digest: the articles it carries are fixed when it is made."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Lỗi, sẽ gửi lại")

    subscription = models.ForeignKey(
        DigestSubscription, on_delete=models.CASCADE, related_name="runs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)
    # Addresses already sent to (lower-case): a retry after a failure skips them.
    served = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subscription} {self.period_end:%d/%m/%Y}"


class DigestItem(models.Model):
    """An article in a digest run. Unique per subscription: an article goes out once."""

    run = models.ForeignKey(DigestRun, on_delete=models.CASCADE, related_name="items")
    subscription = models.ForeignKey(
        DigestSubscription, on_delete=models.CASCADE, related_name="items"
    )
    article = models.ForeignKey(
        "content.ArticlePage", on_delete=models.CASCADE, related_name="digest_items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "article"], name="digest_article_once_per_subscription"
            )
        ]

    def __str__(self):
        return f"{self.run_id}: {self.article_id}"


class DigestOptOut(models.Model):
    """An address that asked not to receive a digest any more (the link in every digest).
    Deleting the row (resubscribing) puts the address back on the list."""

    subscription = models.ForeignKey(
        DigestSubscription, on_delete=models.CASCADE, related_name="opt_outs"
    )
    email = models.EmailField()  # lower-case
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("địa chỉ đã hủy nhận bản tin")
        verbose_name_plural = _("địa chỉ đã hủy nhận bản tin")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "email"], name="digest_opt_out_once_per_address"
            )
        ]

    def __str__(self):
        return f"{self.subscription_id}: {self.email}"
