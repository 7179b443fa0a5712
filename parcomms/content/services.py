"""State changes for articles: the page tree, the approval workflow and its steps.

Every function that changes state is atomic, takes a keyword-only `acting_user` where a person
acts, writes the audit log and notifies people after commit (parcomms.org.notify).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from parcomms.audit.log import record
from parcomms.org.notify import notify
from parcomms.org.roles import Role

from .models import ArticlePage, EditorApprovalTask, HomePage, NewsIndexPage, UnitHeadApprovalTask
from .workflows import reviewer_ids

log = logging.getLogger(__name__)

WORKFLOW_NAME = "Duyệt tin, bài"
UNIT_TASK_NAME = "Trưởng đơn vị duyệt"
EDITOR_TASK_NAME = "Biên tập viên duyệt đăng"

# Wagtail page permissions per role on the HomePage subtree. They say what kind of thing a
# role may do; access.ArticlePermissionTester confines it to the organisation and authorship.
# Nobody but superusers holds "publish": articles go live only through the approval workflow.
PAGE_PERMISSIONS = {
    Role.STAFF: ["add_page", "lock_page"],
    Role.EDITOR: ["add_page", "change_page", "lock_page", "unlock_page"],
}
# Images and documents used in articles: upload and choose (choosers are scoped per
# organisation in wagtail_hooks).
COLLECTION_PERMISSIONS = {
    Role.STAFF: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
}


# -- the page tree -------------------------------------------------------------------------


def _default_locale() -> Locale:
    from wagtail.coreutils import get_supported_content_language_variant

    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return Locale.objects.get_or_create(language_code=code)[0]


@transaction.atomic
def ensure_home_page() -> HomePage:
    """The public news home as the default site's root page (idempotent)."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    locale = _default_locale()
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", locale=locale)
    # Wagtail's installer leaves a placeholder "Welcome" page; it has nothing on it.
    placeholder = root.get_children().filter(
        slug="home", content_type__app_label="wagtailcore", content_type__model="page"
    )
    for page in placeholder:
        if page.is_leaf():
            Site.objects.filter(root_page=page).delete()
            page.delete()
    home = root.add_child(
        instance=HomePage(title="Tin cải cách hành chính", slug="tin-tuc", locale=locale, live=True)
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )  # fmt: skip
    else:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def ensure_news_index(organisation) -> NewsIndexPage:
    """The organisation's news section under the home page (idempotent)."""
    existing = NewsIndexPage.objects.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    home = ensure_home_page()
    slug = slugify(organisation.slug) or f"co-quan-{organisation.pk}"
    if home.get_children().filter(slug=slug).exists():
        slug = f"{slug}-{organisation.pk}"
    return home.add_child(
        instance=NewsIndexPage(
            title=str(organisation.short_name or organisation.name),
            slug=slug,
            organisation=organisation,
            locale=home.locale,
            live=True,
        )
    )


@transaction.atomic
def ensure_workflow() -> Workflow:
    """The two-step approval workflow, assigned to the home page subtree (idempotent)."""
    home = ensure_home_page()
    unit_task = UnitHeadApprovalTask.objects.first() or UnitHeadApprovalTask.objects.create(
        name=UNIT_TASK_NAME
    )
    editor_task = EditorApprovalTask.objects.first() or EditorApprovalTask.objects.create(
        name=EDITOR_TASK_NAME
    )
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, task in enumerate([unit_task, editor_task]):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task.task_ptr, defaults={"sort_order": order}
        )
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_page_permissions() -> None:
    """Grant the role groups their page and collection permissions (idempotent)."""
    home = ensure_home_page()
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for role, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.group_name)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    for role, perms in COLLECTION_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.group_name)
        for app_label, codename in perms:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def setup_content(**_kwargs) -> None:
    """Everything articles need: home, one news index per organisation, the workflow and the
    role permissions. Runs after every migrate and from `manage.py setup_content`."""
    from parcomms.org.models import Organisation
    from parcomms.org.roles import sync_role_groups

    sync_role_groups()
    ensure_home_page()
    ensure_workflow()
    ensure_page_permissions()
    for organisation in Organisation.objects.all():
        ensure_news_index(organisation)


# -- the approval chain --------------------------------------------------------------------


def _edit_link(article) -> str:
    return reverse("wagtailadmin_pages:edit", args=[article.pk])


def _article_of(task_state) -> ArticlePage:
    return ArticlePage.objects.select_related("unit", "organisation").get(
        pk=int(task_state.workflow_state.object_id)
    )


def _users(ids):
    return list(get_user_model().objects.filter(pk__in=ids))


def _author_users(article):
    users = {s.user for s in article.authors.select_related("user")}
    if article.owner_id:
        users.add(article.owner)
    return sorted(users, key=lambda u: u.pk)


@transaction.atomic
def submit_article(article: ArticlePage, *, acting_user) -> WorkflowState:
    """Send an article into the approval chain (what "Gửi duyệt" does in the editor)."""
    article = article.specific
    perms = article.permissions_for_user(acting_user)
    if not perms.can_submit_for_moderation():
        raise PermissionDenied(_("Bạn không thể gửi duyệt tin, bài này."))
    workflow = article.get_workflow()
    if workflow is None:
        raise PermissionDenied(_("Chưa cấu hình quy trình duyệt tin, bài."))
    if article.get_latest_revision() is None:
        article.save_revision(user=acting_user)
    return workflow.start(article, acting_user)


@transaction.atomic
def request_review(task_state: TaskState, *, acting_user) -> None:
    """A step has started (submission, approval of the previous step, resubmission): tell the
    people who review it. Called by ArticleApprovalTask.start()."""
    article = _article_of(task_state)
    step = task_state.task.specific.step
    reviewers = _users(reviewer_ids(article, step, task_state.workflow_state))
    record(
        "article.review_requested",
        actor=acting_user,
        obj=article,
        organisation=article.organisation,
        unit=article.unit,
        step=step,
        reviewers=[u.username for u in reviewers],
    )
    if not reviewers:
        log.warning("article %s waits at step %s with nobody to review it", article.pk, step)
    label = _("trưởng đơn vị") if step == "unit" else _("biên tập viên")
    notify(
        reviewers,
        _("Tin, bài chờ %(who)s duyệt: “%(title)s”") % {"who": label, "title": article.title},
        link=_edit_link(article),
        kind="article.review",
    )


@transaction.atomic
def review_article(task_state: TaskState, action: str, *, acting_user, comment: str = ""):
    """Approve or return an article at its current step, as `acting_user`.

    Refuses anyone who is not a reviewer of this step for this article (another unit's head,
    an author approving their own article, another organisation)."""
    task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
    task = task_state.task.specific
    article = _article_of(task_state)
    if action not in ("approve", "reject"):
        raise PermissionDenied(_("Thao tác không hợp lệ."))
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise PermissionDenied(_("Bước duyệt này đã kết thúc."))
    if not task.user_can_review(article, acting_user):
        raise PermissionDenied(_("Bạn không phải người duyệt tin, bài này ở bước này."))
    comment = (comment or "").strip()
    if action == "reject" and not comment:
        raise PermissionDenied(_("Hãy ghi rõ cần sửa gì trước khi trả lại."))
    if action == "approve":
        task_state.approve(user=acting_user, comment=comment)
    else:
        task_state.reject(user=acting_user, comment=comment)
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    article.refresh_from_db()
    record(
        f"article.{action}",
        actor=acting_user,
        obj=article,
        organisation=article.organisation,
        unit=article.unit,
        step=task.step,
        comment=comment,
        workflow_status=workflow_state.status,
    )
    authors = _author_users(article)
    title = article.title
    if action == "reject":
        text = _("“%(title)s” được trả lại để sửa: %(comment)s") % {
            "title": title,
            "comment": comment,
        }
    elif workflow_state.status == WorkflowState.STATUS_APPROVED:
        if article.live:
            text = _("“%(title)s” đã được duyệt và đăng.") % {"title": title}
        else:
            when = timezone.localtime(article.go_live_at) if article.go_live_at else None
            text = _("“%(title)s” đã được duyệt, sẽ đăng lúc %(when)s.") % {
                "title": title,
                "when": when.strftime("%H:%M %d/%m/%Y") if when else "—",
            }
    else:
        text = _("“%(title)s” đã được trưởng đơn vị duyệt, chuyển biên tập viên.") % {
            "title": title
        }
    notify(authors, text, link=_edit_link(article), kind=f"article.{action}")
    return task_state


# -- signal receivers (connected in ContentConfig.ready) -----------------------------------


def setup_after_migrate(using="default", **_kwargs) -> None:
    """post_migrate: build the tree once the content tables exist."""
    from django.db import connections

    tables = set(connections[using].introspection.table_names())
    needed = {HomePage._meta.db_table, UnitHeadApprovalTask._meta.db_table}
    if needed <= tables:
        setup_content()


def organisation_saved(sender, instance, created, raw=False, **_kwargs) -> None:
    if created and not raw:
        ensure_news_index(instance)


def _article_from_workflow_state(workflow_state):
    if workflow_state.base_content_type.model_class() is not Page:
        return None
    return ArticlePage.objects.filter(pk=int(workflow_state.object_id)).first()


def workflow_submitted(sender, instance, user=None, **_kwargs) -> None:
    article = _article_from_workflow_state(instance)
    if article is not None:
        record("article.submit", actor=user, obj=article, unit=article.unit)


def workflow_cancelled(sender, instance, user=None, **_kwargs) -> None:
    article = _article_from_workflow_state(instance)
    if article is not None:
        record("article.withdraw", actor=user, obj=article, unit=article.unit)


def page_published(sender, instance, revision=None, **_kwargs) -> None:
    # The approval that led here is recorded with its reviewer; this row is the going live
    # itself (immediate, or later by the scheduler), so it has no acting person.
    # Wagtail sends page_published also when a revision is only scheduled for later.
    if isinstance(instance, ArticlePage):
        details = {"revision": revision.pk if revision is not None else None}
        if not instance.live and instance.go_live_at:
            details["go_live_at"] = instance.go_live_at.isoformat()
        record(
            "article.publish" if instance.live else "article.schedule",
            actor=None,
            obj=instance,
            unit=instance.unit,
            **details,
        )


def page_unpublished(sender, instance, **_kwargs) -> None:
    if isinstance(instance, ArticlePage):
        record(
            "article.unpublish",
            actor=None,
            obj=instance,
            unit=instance.unit,
            expired=bool(instance.expired),
        )
