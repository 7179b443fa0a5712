"""Wagtail admin hooks of the portal, digest and bulletin pages (imported by wagtail_hooks)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from parcomms.org.wagtail_hooks import RoleMenuItem

from .admin_access import BULLETIN_ROLES, DIGEST_ROLES
from .models import PORTAL_ADMIN_ROLES


@hooks.register("register_admin_urls")
def register_publishing_urls():
    return [path("publishing/", include("parcomms.channels.admin_urls", namespace="publishing"))]


@hooks.register("register_admin_menu_item")
def bulletin_menu_item():
    return RoleMenuItem(
        _("In bảng tin"),
        reverse("publishing:bulletin"),
        icon_name="clipboard-list",
        order=425,
        roles=BULLETIN_ROLES,
    )


@hooks.register("register_admin_menu_item")
def digest_menu_item():
    return RoleMenuItem(
        _("Bản tin thư điện tử"),
        reverse("publishing:digest_list"),
        icon_name="mail",
        order=430,
        roles=DIGEST_ROLES,
    )


@hooks.register("register_admin_menu_item")
def portal_menu_item():
    return RoleMenuItem(
        _("Kết nối Cổng thông tin"),
        reverse("publishing:portal"),
        icon_name="link",
        order=440,
        roles=PORTAL_ADMIN_ROLES,
    )
