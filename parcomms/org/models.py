from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parcomms.vn.collation import collation_string
from parcomms.vn.text import fold, nfc, squash_spaces

from .querysets import OrgScopedQuerySet
from .roles import Role, has_role


class Organisation(models.Model):
    """An agency that runs its own plan: a provincial office, a department, a district."""

    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    slug = models.SlugField(_("mã"), unique=True)
    parent_authority = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    symbol = models.CharField(
        _("ký hiệu cơ quan"), max_length=30, blank=True, help_text=_("Ví dụ: VPUB")
    )
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} [DEMO]" if self.is_demo else self.name


class UnitQuerySet(OrgScopedQuerySet):
    def scoped(self, user, staff):
        """Admins, reform officers and leaders see their organisation's units; everyone else
        their own unit and the units under it."""
        if has_role(user, Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP):
            return self.in_organisation(staff.organisation_id)
        return self.filter(pk__in=staff.unit.subtree_ids())


class Unit(models.Model):
    class Kind(models.TextChoices):
        PHONG = "phong", _("Phòng")
        BAN = "ban", _("Ban")
        TRUNG_TAM = "trung_tam", _("Trung tâm")
        DON_VI = "don_vi", _("Đơn vị trực thuộc")
        TO = "to", _("Tổ")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.PHONG)
    sort_key = models.CharField(max_length=600, editable=False, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="unit_unique_name_in_parent"
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=Q(parent__isnull=True),
                name="unit_unique_top_level_name",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = squash_spaces(nfc(self.name))
        self.sort_key = collation_string(self.name)
        super().save(*args, **kwargs)

    def subtree_ids(self) -> list[int]:
        """This unit and every unit under it (unit trees are a few levels deep)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(
                Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.extend(frontier)
        return ids

    @staticmethod
    def kind_from_name(name: str) -> str:
        first = fold(name).split(" ", 1)[0]
        return {
            "phong": Unit.Kind.PHONG,
            "ban": Unit.Kind.BAN,
            "trung": Unit.Kind.TRUNG_TAM,
            "to": Unit.Kind.TO,
        }.get(first, Unit.Kind.DON_VI)


class StaffQuerySet(OrgScopedQuerySet):
    def scoped(self, user, staff):
        """Reform officers and leaders see their organisation; unit heads their unit; staff themselves."""
        if has_role(user, Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP):
            return self.in_organisation(staff.organisation_id)
        if has_role(user, Role.UNIT_HEAD):
            return self.filter(unit_id__in=staff.unit.subtree_ids())
        return self.filter(pk=staff.pk)

    def active(self):
        return self.filter(is_active=True)

    def search(self, query: str):
        """Diacritic-insensitive: "nguyen van" finds "Nguyễn Văn"."""
        for word in fold(query).split():
            self = self.filter(search_text__contains=word)
        return self


class Staff(models.Model):
    class Kind(models.TextChoices):
        CONG_CHUC = "cong_chuc", _("Công chức")
        VIEN_CHUC = "vien_chuc", _("Viên chức")
        NGUOI_LAO_DONG = "nguoi_lao_dong", _("Người lao động")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="staff")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="staff")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.CONG_CHUC)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    is_unit_head = models.BooleanField(_("trưởng đơn vị"), default=False)
    is_active = models.BooleanField(_("đang công tác"), default=True)
    sort_key = models.CharField(max_length=600, editable=False, db_index=True)
    search_text = models.CharField(max_length=600, editable=False)

    objects = StaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ, công chức, viên chức")
        ordering = ["sort_key"]
        permissions = [("import_staff", _("Nhập danh sách cán bộ từ tệp"))]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="staff_unique_email"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = squash_spaces(nfc(self.full_name))
        self.sort_key = collation_string(self.full_name, person=True)
        self.search_text = fold(f"{self.full_name} {self.email} {self.position}")
        super().save(*args, **kwargs)


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user) if user.is_authenticated else self.none()

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one person (a review waiting, a reminder, a returned article)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("nội dung"), max_length=500)
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    kind = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self):
        return self.text
