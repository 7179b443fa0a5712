from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from parcomms.org.wagtail_hooks import RoleMenuItem

from .models import MANAGE_ROLES, STATS_ROLES


@hooks.register("register_admin_urls")
def register_contest_urls():
    return [path("contests/", include("parcomms.contests.admin_urls", namespace="contests_admin"))]


@hooks.register("register_admin_menu_item")
def contest_menu_item():
    return RoleMenuItem(
        _("Cuộc thi"),
        reverse("contests_admin:contests"),
        icon_name="success",
        order=420,
        roles=STATS_ROLES,
    )


@hooks.register("register_admin_menu_item")
def question_menu_item():
    return RoleMenuItem(
        _("Ngân hàng câu hỏi"),
        reverse("contests_admin:questions"),
        icon_name="help",
        order=421,
        roles=MANAGE_ROLES,
    )
