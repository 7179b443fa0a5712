from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from parcomms.org.wagtail_hooks import RoleMenuItem

from .access import READ_ROLES


@hooks.register("register_admin_urls")
def register_indicator_urls():
    return [path("indicators/", include("parcomms.indicators.urls", namespace="indicators"))]


@hooks.register("register_admin_menu_item")
def indicator_menu_item():
    return RoleMenuItem(
        _("Chỉ số, chỉ tiêu"),
        reverse("indicators:list"),
        icon_name="success",
        order=220,
        roles=READ_ROLES,
    )
