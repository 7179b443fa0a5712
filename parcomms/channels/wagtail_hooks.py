from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from parcomms.org.wagtail_hooks import RoleMenuItem

from .access import ZALO_ADMIN_ROLES
from .models import DELIVERY_READ_ROLES


@hooks.register("register_admin_urls")
def register_channels_urls():
    return [path("channels/", include("parcomms.channels.urls", namespace="channels"))]


@hooks.register("register_admin_menu_item")
def delivery_menu_item():
    return RoleMenuItem(
        _("Đăng tải lên kênh"),
        reverse("channels:delivery_list"),
        icon_name="upload",
        order=420,
        roles=DELIVERY_READ_ROLES,
    )


@hooks.register("register_settings_menu_item")
def zalo_menu_item():
    return RoleMenuItem(
        _("Zalo OA"),
        reverse("channels:zalo_settings"),
        icon_name="mail",
        order=700,
        roles=ZALO_ADMIN_ROLES,
    )


from . import admin_hooks  # noqa: E402, F401  (portal, digest and bulletin pages)
