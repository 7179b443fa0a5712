"""News items and articles (tin, bài) as Wagtail pages.

Page tree: HomePage (site root, the public news home) → NewsIndexPage (one per organisation)
→ ArticlePage. Articles are written by staff, approved by their own unit head and an editor
(the workflow in `workflows.py`), and delivered to channels by `parcomms.channels`.
"""

from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from parcomms.org.roles import Role, has_role
from parcomms.vn.text import fold

from .access import ArticlePermissionTester, HomePermissionTester, ScopedPermissionTester
from .editing import ArticlePageForm, TopicSuggestionPanel
from .sanitise import clean_rich_text

RICH_TEXT_FEATURES = [
    "h2", "h3", "bold", "italic", "ol", "ul", "hr", "link", "document-link", "image", "blockquote",
]  # fmt: skip


class HomePage(Page):
    """The public news site's home: latest articles from every organisation."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["content.NewsIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ tin tức")

    def permissions_for_user(self, user):
        return HomePermissionTester(user, self)


class NewsIndexPage(Page):
    """One organisation's news section."""

    organisation = models.OneToOneField(
        "org.Organisation", on_delete=models.PROTECT, related_name="news_index"
    )

    content_panels = [*Page.content_panels, FieldPanel("organisation")]
    subpage_types = ["content.ArticlePage"]
    parent_page_types = ["content.HomePage"]

    class Meta:
        verbose_name = _("chuyên mục tin của cơ quan")

    def permissions_for_user(self, user):
        return ScopedPermissionTester(user, self)


class ArticlePageQuerySet(PageQuerySet):
    def published(self):
        return self.live().public()

    def of_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def authored_by(self, staff):
        through = ArticlePage.authors.through.objects.filter(staff_id=staff.pk)
        return self.filter(Q(pk__in=through.values("articlepage_id")) | Q(owner_id=staff.user_id))

    def visible_in_admin_to(self, user):
        """Editors, officers, leaders and admins see their organisation's articles; a unit
        head also the articles of their unit (and units under it); staff their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        staff = getattr(user, "staff", None)
        if staff is None:
            return self.none()
        mine = self.filter(organisation_id=staff.organisation_id)
        if has_role(user, Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP, Role.EDITOR):
            return mine
        own = mine.authored_by(staff)
        if staff.is_unit_head:
            return mine.filter(Q(pk__in=own.values("pk")) | Q(unit_id__in=staff.unit.subtree_ids()))
        return own


class ArticlePage(Page):
    class Kind(models.TextChoices):
        NEWS = "tin", _("Tin")
        ARTICLE = "bai", _("Bài")
        PHOTO = "anh", _("Ảnh")
        VIDEO = "video", _("Video")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Cổng thông tin điện tử")
        ZALO = "zalo", _("Zalo OA")
        EMAIL = "email", _("Thư điện tử")
        BULLETIN = "bulletin", _("Bảng tin")

    organisation = models.ForeignKey(
        "org.Organisation", on_delete=models.PROTECT, related_name="articles", editable=False
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("đơn vị tác giả"),
        help_text=_("Đơn vị của tác giả chính; trưởng đơn vị này duyệt bài."),
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    summary = models.TextField(_("tóm tắt"), max_length=1000)
    body = RichTextField(_("nội dung"), features=RICH_TEXT_FEATURES)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ảnh đại diện"),
    )
    authors = ParentalManyToManyField(
        "org.Staff", related_name="articles", verbose_name=_("tác giả")
    )
    topics = ParentalManyToManyField(
        "plans.Topic", blank=True, related_name="articles", verbose_name=_("nội dung tuyên truyền")
    )
    documents = ParentalManyToManyField(
        "legal.LegalDocument",
        blank=True,
        related_name="articles",
        verbose_name=_("văn bản liên quan"),
    )
    channels = models.JSONField(_("kênh đăng tải"), default=list, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("unit"), FieldPanel("authors")], heading=_("Tác giả")
        ),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                TopicSuggestionPanel(),
                FieldPanel("topics"),
                FieldPanel("documents"),
                FieldPanel("channels"),
            ],
            heading=_("Phân loại và kênh"),
        ),
    ]
    base_form_class = ArticlePageForm
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("organisation"),
    ]
    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tin, bài")
        verbose_name_plural = _("tin, bài")

    def permissions_for_user(self, user):
        return ArticlePermissionTester(user, self)

    def save(self, *args, **kwargs):
        if not self.organisation_id and self.path:
            self.organisation_id = self.get_parent().specific.organisation_id
        self.body = clean_rich_text(self.body)
        self.search_text = fold(f"{self.title} {self.summary} {strip_tags(self.body)}")
        super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        # Revisions are what the workflow approves and publishes: sanitise them too.
        self.body = clean_rich_text(self.body)
        return super().save_revision(*args, **kwargs)


# Workflow task models live with the approval logic; imported so that Django registers them.
from .workflows import EditorApprovalTask, UnitHeadApprovalTask  # noqa: E402, F401
