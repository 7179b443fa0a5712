from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from parcomms.org.wagtail_hooks import RoleMenuItem

from .access import MANAGE_ROLES, READ_ROLES


@hooks.register("register_admin_urls")
def register_emulation_urls():
    return [path("emulation/", include("parcomms.emulation.urls", namespace="emulation"))]


@hooks.register("register_admin_menu_item")
def emulation_menu_item():
    return RoleMenuItem(
        _("Thi đua"),
        reverse("emulation:period_list"),
        icon_name="pick",
        order=560,
        roles=READ_ROLES,
    )


@hooks.register("register_admin_menu_item")
def emulation_criteria_menu_item():
    return RoleMenuItem(
        _("Tiêu chí thi đua"),
        reverse("emulation:criteria"),
        icon_name="list-ol",
        order=561,
        roles=MANAGE_ROLES,
    )


@hooks.register("insert_global_admin_css")
def emulation_css():
    return format_html('<link rel="stylesheet" href="{}">', static("emulation/emulation.css"))
