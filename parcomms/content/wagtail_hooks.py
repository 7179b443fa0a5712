from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from parcomms.org.roles import Role
from parcomms.org.wagtail_hooks import RoleMenuItem

from .access import QUEUE_ROLES, admin_page_filter

ALL_ROLES = tuple(Role)


@hooks.register("register_admin_urls")
def register_content_urls():
    return [path("content/", include("parcomms.content.admin_urls", namespace="content_admin"))]


@hooks.register("register_admin_menu_item")
def articles_menu_item():
    return RoleMenuItem(
        _("Tin, bài"), reverse("content_admin:articles"), icon_name="doc-empty-inverse",
        order=150, roles=ALL_ROLES,
    )  # fmt: skip


@hooks.register("register_admin_menu_item")
def queue_menu_item():
    return RoleMenuItem(
        _("Duyệt tin, bài"), reverse("content_admin:queue"), icon_name="tasks", order=160,
        roles=QUEUE_ROLES,
    )  # fmt: skip


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    return pages if request.user.is_superuser else pages.filter(admin_page_filter(request.user))


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    return pages if request.user.is_superuser else pages.filter(admin_page_filter(request.user))


def _scope_media(items, request):
    user = request.user
    if user.is_superuser:
        return items
    staff = getattr(user, "staff", None)
    if staff is None:
        return items.none()
    return items.filter(uploaded_by_user__staff__organisation_id=staff.organisation_id)


@hooks.register("construct_image_chooser_queryset")
def scope_image_chooser(images, request):
    return _scope_media(images, request)


@hooks.register("construct_document_chooser_queryset")
def scope_document_chooser(documents, request):
    return _scope_media(documents, request)


@hooks.register("insert_editor_js")
def topic_suggestion_js():
    return format_html('<script src="{}" defer></script>', static("content/topic_suggestions.js"))
