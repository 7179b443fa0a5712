from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from parcomms.org.wagtail_hooks import RoleMenuItem

from .access import PLAN_READ_ROLES


@hooks.register("register_admin_urls")
def register_plan_urls():
    return [path("plans/", include("parcomms.plans.urls", namespace="plans"))]


@hooks.register("register_admin_menu_item")
def plan_menu_item():
    return RoleMenuItem(
        _("Kế hoạch"), reverse("plans:list"), icon_name="doc-full", order=200, roles=PLAN_READ_ROLES
    )


@hooks.register("insert_global_admin_css")
def parcomms_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("parcomms/admin.css"))
