from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from parcomms.org.wagtail_hooks import RoleMenuItem

from .access import READ_ROLES


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/", include("parcomms.reports.urls", namespace="reports"))]


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return RoleMenuItem(
        _("Báo cáo định kỳ"),
        reverse("reports:list"),
        icon_name="doc-full",
        order=570,
        roles=READ_ROLES,
    )
