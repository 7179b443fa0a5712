from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .access import STAFF_LIST_ROLES
from .models import Notification
from .roles import has_role


class RoleMenuItem(MenuItem):
    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = roles

    def is_shown(self, request):
        return has_role(request.user, *self.roles)


@hooks.register("register_admin_urls")
def register_org_urls():
    return [path("org/", include("parcomms.org.urls", namespace="org"))]


@hooks.register("register_admin_menu_item")
def staff_menu_item():
    return RoleMenuItem(
        _("Cán bộ"), reverse("org:staff_list"), icon_name="group", order=300, roles=STAFF_LIST_ROLES
    )


@hooks.register("register_admin_menu_item")
def unit_menu_item():
    return RoleMenuItem(
        _("Đơn vị"), reverse("org:unit_list"), icon_name="site", order=310, roles=STAFF_LIST_ROLES
    )


class NotificationMenuItem(MenuItem):
    def render_component(self, request):
        component = super().render_component(request)
        unread = Notification.objects.for_user(request.user).unread().count()
        if unread:
            component.label = f"{self.label} ({unread})"
        return component


@hooks.register("register_admin_menu_item")
def notification_menu_item():
    return NotificationMenuItem(
        _("Thông báo"), reverse("org:notifications"), icon_name="mail", order=50
    )
