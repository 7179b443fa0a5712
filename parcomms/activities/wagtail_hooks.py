from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from parcomms.org.wagtail_hooks import RoleMenuItem

from .access import READ_ROLES, RULE_ROLES


@hooks.register("register_admin_urls")
def register_activity_urls():
    return [path("activities/", include("parcomms.activities.urls", namespace="activities"))]


def _menu_items():
    return [
        RoleMenuItem(
            _("Hội nghị, sinh hoạt"),
            reverse("activities:list"),
            icon_name="calendar",
            order=10,
            roles=READ_ROLES,
        ),
        RoleMenuItem(
            _("Nghĩa vụ của đơn vị"),
            reverse("activities:obligations"),
            icon_name="tasks",
            order=20,
            roles=READ_ROLES,
        ),
        RoleMenuItem(
            _("Độ bao phủ nội dung"),
            reverse("activities:coverage"),
            icon_name="table",
            order=30,
            roles=READ_ROLES,
        ),
        RoleMenuItem(
            _("Quy tắc nghĩa vụ"),
            reverse("activities:rules"),
            icon_name="cogs",
            order=40,
            roles=RULE_ROLES,
        ),
        MenuItem(
            _("Xác nhận có mặt"),
            reverse("activities_public:checkin"),
            icon_name="calendar-check",
            order=50,
        ),
    ]


@hooks.register("register_admin_menu_item")
def activities_menu_item():
    return SubmenuMenuItem(
        _("Hoạt động tuyên truyền"),
        Menu(register_hook_name=None, construct_hook_name=None, items=_menu_items()),
        icon_name="date",
        order=250,
    )


@hooks.register("insert_global_admin_css")
def activities_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("activities/activities.css"))
