from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from parcomms.org.roles import Role
from parcomms.org.wagtail_hooks import RoleMenuItem


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [path("audit/", include("parcomms.audit.urls", namespace="audit"))]


@hooks.register("register_admin_menu_item")
def audit_menu_item():
    return RoleMenuItem(
        _("Nhật ký thao tác"),
        reverse("audit:list"),
        icon_name="history",
        order=900,
        roles=(Role.ADMIN, Role.REFORM_OFFICER),
    )
