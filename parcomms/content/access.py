"""Who may see and change which article in the Wagtail admin.

Our roles are global groups and Wagtail's page permissions are granted per group on the whole
HomePage subtree (see `services.ensure_page_permissions`): they say what *kind* of thing a role
may do. The organisation and unit boundaries are applied here, in one place:

- `ScopedPermissionTester` is what every Wagtail admin view asks (`page.permissions_for_user`):
  edit, delete, lock, preview, revisions, history, move, copy, publish.
- `admin_page_filter` narrows every page list the admin shows (explorer, search, reports,
  choosers) through `ScopedPagePermissionPolicy`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from parcomms.org.roles import Role, has_role

# Roles that read every article of their organisation in the admin.
ORGANISATION_WIDE_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP, Role.EDITOR)
QUEUE_ROLES = (Role.UNIT_HEAD, Role.EDITOR, Role.LEADERSHIP)


def staff_of(user):
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "staff", None)


def is_author(user, article) -> bool:
    """The creator of the page or one of its named authors (in the saved page or its latest
    draft: the admin hands us either)."""
    if article.owner_id and article.owner_id == user.pk:
        return True
    staff = staff_of(user)
    if staff is None or not article.pk:
        return False
    from .workflows import author_staff_ids

    return staff.pk in author_staff_ids(article)


def admin_page_filter(user) -> Q:
    """Pages a signed-in user may see anywhere in the admin (superusers: all)."""
    from .models import ArticlePage, NewsIndexPage

    staff = staff_of(user)
    if staff is None:
        return Q(depth__lte=1)
    own_index = NewsIndexPage.objects.filter(organisation_id=staff.organisation_id)
    articles = ArticlePage.objects.visible_in_admin_to(user)
    return Q(depth__lte=2) | Q(pk__in=own_index.values("pk")) | Q(pk__in=articles.values("pk"))


def article_for(user, pk: int):
    """An article the user may see in the admin, or 404."""
    from .models import ArticlePage

    if not user.is_authenticated:
        raise PermissionDenied
    return get_object_or_404(ArticlePage.objects.visible_in_admin_to(user), pk=pk)


class ScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy narrowed to the user's organisation (and, for staff, to their own
    articles). Installed on Wagtail's shared policy object in ContentConfig.ready()."""

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return pages if user.is_superuser else pages.filter(admin_page_filter(user))

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        return pages if user.is_superuser else pages.filter(admin_page_filter(user))


class ScopedPermissionTester(PagePermissionTester):
    """Wagtail's checks, refused outside the user's organisation. HomePage and the news
    indexes are managed by `services` (only superusers change them in the admin)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        staff = staff_of(user)
        self.staff = staff
        self.in_scope = user.is_superuser or (
            staff is not None
            and getattr(page, "organisation_id", staff.organisation_id) == staff.organisation_id
        )

    def _structural(self) -> bool:
        # HomePage and NewsIndexPage: structure, not content.
        return self.user.is_superuser

    def can_add_subpage(self):
        return self.in_scope and super().can_add_subpage()

    def can_edit(self):
        return self.user.is_superuser and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._structural() and super().can_delete(ignore_bulk)

    def can_unpublish(self):
        return self._structural() and super().can_unpublish()

    def can_publish(self):
        return self._structural() and super().can_publish()

    def can_lock(self):
        return self._structural() and super().can_lock()

    def can_unlock(self):
        return self._structural() and super().can_unlock()

    def can_publish_subpage(self):
        return self.in_scope and super().can_publish_subpage()

    def can_reorder_children(self):
        return self._structural() and super().can_reorder_children()

    def can_copy(self):
        return self._structural() and super().can_copy()

    def can_view_revisions(self):
        return self._structural() and super().can_view_revisions()


class HomePermissionTester(ScopedPermissionTester):
    def can_add_subpage(self):
        # News indexes are created by services.ensure_news_index, one per organisation.
        return self.user.is_superuser and super().can_add_subpage()


class ArticlePermissionTester(ScopedPermissionTester):
    """Staff edit the articles they author; editors edit every article of their organisation;
    the reviewer of the current approval step may open the editor."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.is_editor = self.in_scope and has_role(user, Role.EDITOR)
        self._is_author = None

    @property
    def is_author(self) -> bool:
        if self._is_author is None:
            self._is_author = self.in_scope and is_author(self.user, self.page)
        return self._is_author

    def can_edit(self):
        if self.user.is_superuser:
            return super().can_edit()
        if not (self.in_scope and self.user.is_active):
            return False
        if self.is_editor and "change" in self.permissions:
            return True
        if self.is_author and "add" in self.permissions:
            return True
        task = self.page.current_workflow_task
        return bool(task and task.user_can_access_editor(self.page, self.user))

    # Articles are content, not structure: below, Wagtail's own checks (PagePermissionTester)
    # apply within the organisation, not ScopedPermissionTester's superuser-only ones.
    def can_delete(self, ignore_bulk=False):
        if self.user.is_superuser:
            return PagePermissionTester.can_delete(self, ignore_bulk)
        return (
            self.in_scope
            and (self.is_editor or self.is_author)
            and PagePermissionTester.can_delete(self, ignore_bulk)
        )

    def can_lock(self):
        return (
            self.in_scope
            and (self.user.is_superuser or self.can_edit())
            and PagePermissionTester.can_lock(self)
        )

    def can_unlock(self):
        return self.in_scope and PagePermissionTester.can_unlock(self)

    def can_publish(self):
        return self.in_scope and PagePermissionTester.can_publish(self)

    def can_unpublish(self):
        return self.in_scope and PagePermissionTester.can_unpublish(self)

    def can_publish_subpage(self):
        return False

    def can_move_to(self, destination):
        # Wagtail checks the raw "add" permission on the destination, which every role holds on
        # the whole tree: an article never moves to another organisation's section.
        own = getattr(destination.specific, "organisation_id", None) == self.page.organisation_id
        return own and super().can_move_to(destination)

    def can_submit_for_moderation(self):
        return self.in_scope and self.can_edit() and super().can_submit_for_moderation()

    def can_copy(self):
        return self.in_scope and (self.user.is_superuser or self.is_editor) and self.can_edit()

    def can_view_revisions(self):
        return self.in_scope and self.can_edit()

    def can_reorder_children(self):
        return False
