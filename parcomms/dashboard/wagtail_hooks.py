from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from parcomms.org.roles import has_role
from parcomms.org.wagtail_hooks import RoleMenuItem

from .access import DASHBOARD_ROLES
from .staff_panel import StaffPanel, staff_of


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [path("dashboard/", include("parcomms.dashboard.urls", namespace="dashboard"))]


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return RoleMenuItem(
        _("Tổng quan"),
        reverse("dashboard:home"),
        icon_name="table",
        order=10,
        roles=DASHBOARD_ROLES,
    )


@hooks.register("insert_global_admin_css")
def dashboard_css():
    return format_html('<link rel="stylesheet" href="{}">', static("dashboard/dashboard.css"))


class DashboardPanel(Component):
    """On the admin home: the plan's target verdicts and the obligations due, with the way in
    to the full dashboard."""

    name = "parcomms_dashboard"
    order = 10
    template_name = "dashboard/home_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        from parcomms.indicators import services
        from parcomms.indicators.evaluate import Status

        from . import data

        context = super().get_context_data(parent_context)
        staff = getattr(self.user, "staff", None)
        plan = data.current_plan(staff.organisation) if staff else None
        verdicts = services.plan_verdicts(plan) if plan else []
        latest = [v.latest for v in verdicts if v.latest is not None]
        context.update(
            {
                "plan": plan,
                "totals": {s.value: sum(1 for v in verdicts if v.status is s) for s in Status},
                "latest": {s.value: sum(1 for v in latest if v.status is s) for s in Status},
                "latest_years": sorted({v.year for v in latest}),
                "url": reverse("dashboard:home"),
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request, panels):
    if has_role(request.user, *DASHBOARD_ROLES) and getattr(request.user, "staff", None):
        panels.insert(0, DashboardPanel(request.user))


@hooks.register("construct_homepage_panels")
def add_staff_panel(request, panels):
    """“Việc của tôi” for everyone with an active staff record, unit heads and the other
    roles included (they are staff of a unit too); it comes after their own panels."""
    if staff_of(request.user) is not None:
        panels.append(StaffPanel(request.user))
