from django.db import models
from django.utils.translation import gettext_lazy as _

from parcomms.vn.text import fold


class LegalDocumentQuerySet(models.QuerySet):
    def search(self, query: str):
        """Diacritic-insensitive: "nghi quyet 76" finds "Nghị quyết số 76/NQ-CP"."""
        for word in fold(query).split():
            self = self.filter(search_text__contains=word)
        return self


class LegalDocument(models.Model):
    """One real document, however it is cited. Shared by every organisation and plan."""

    class System(models.TextChoices):
        STATE = "state", _("Văn bản nhà nước")
        PARTY = "party", _("Văn bản của Đảng")
        ASSEMBLY = "assembly", _("Văn bản của Quốc hội")

    key = models.CharField(_("số, ký hiệu (khóa)"), max_length=100, unique=True)
    type_name = models.CharField(_("loại văn bản"), max_length=100)
    number = models.CharField(_("số"), max_length=20, blank=True)
    year = models.PositiveIntegerField(_("năm trong ký hiệu"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    subject = models.TextField(_("trích yếu"), blank=True)
    system = models.CharField(_("hệ thống"), max_length=10, choices=System.choices)
    link = models.URLField(_("đường dẫn"), blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "key"]

    def __str__(self):
        return f"{self.type_name} số {self.key}"

    def save(self, *args, **kwargs):
        self.search_text = fold(
            f"{self.type_name} so {self.key} {self.symbol} {self.issuer} {self.subject}"
        )
        super().save(*args, **kwargs)

    @property
    def citation(self) -> str:
        """Full first-mention form (ND30 Phụ lục I §II.6.b) as far as the record knows it."""
        parts = [f"{self.type_name} số {self.key}"]
        if self.issued_on:
            d = self.issued_on
            parts.append(f"ngày {d.day:02d}/{d.month:02d}/{d.year}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        if self.subject:
            parts.append(self.subject)
        return " ".join(parts)
