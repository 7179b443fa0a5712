"""“Việc của tôi” on the admin home: what a staff member has to do or may do now.

Shown to every signed-in user with an active staff record (Staff), whatever else they are:
in an office every leader, reform officer, unit head and editor is also a civil servant of a
unit, who attends its sessions, may enter its contests and writes articles. Their own panels
(the plan overview for leaders, officers and unit heads) stay and come first; this one follows
(order 20). A unit head therefore sees both: the organisation or unit overview, and, here,
the same personal list as the staff of their unit. A user without a staff record (a technical
superuser) gets no panel: nothing here would be theirs.

Four sections, each with a sentence when empty:

- the sessions of the user's own unit (organised by or inviting it) in the next 30 days, and
  the ones still open for check-in, with date, time and place. While the check-in window is
  open the panel links to the self check-in page *without* the session's code: the code is
  shown in the room and proves presence, so the panel must not hand it out;
- the unit's obligations for their current period, evaluated by
  `parcomms.activities.queries.obligation_status` (the same evaluation as the unit head's
  obligations page, no rule of its own);
- the open rounds of published staff contests the user may enter (same audience as
  `parcomms.contests.services.staff_is_eligible`, done in the database), linking to the
  round on the public contest page;
- the user's own articles (author or owner) by state: draft, waiting for approval, returned
  with comments, published (or approved and scheduled), linking to the page editor.

The number of queries is fixed: it does not grow with sessions, rules, contests or articles
(see tests/test_staff_panel.py).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

SESSION_DAYS = 30
SESSION_LIMIT = 10
ARTICLES_PER_STATE = 5


@dataclass
class ArticleGroup:
    key: str
    label: str
    empty: str
    items: list = field(default_factory=list)
    total: int = 0


ARTICLE_STATES = [
    ("draft", _("Bản nháp"), _("Không có bản nháp nào.")),
    ("waiting", _("Chờ duyệt"), _("Không có tin, bài nào đang chờ duyệt.")),
    ("returned", _("Bị trả lại để sửa"), _("Không có tin, bài nào bị trả lại.")),
    ("published", _("Đã đăng"), _("Chưa có tin, bài nào được đăng.")),
]


def staff_of(user):
    """The user's active staff record, or None."""
    if not user.is_authenticated:
        return None
    staff = getattr(user, "staff", None)
    return staff if staff is not None and staff.is_active else None


def upcoming_sessions(staff, now):
    """Sessions of the staff member's unit starting in the next 30 days, and those started
    earlier whose check-in window has not closed yet. One query."""
    from parcomms.activities.models import Activity, Attendance

    grace = dt.timedelta(minutes=settings.PARCOMMS_CHECKIN_CLOSES_MINUTES_AFTER)
    invited = Activity.invited_units.through.objects.filter(
        activity_id=OuterRef("pk"), unit_id=staff.unit_id
    )
    present = Attendance.objects.filter(
        activity_id=OuterRef("pk"), staff_id=staff.pk, status=Attendance.Status.PRESENT
    )
    sessions = (
        Activity.objects.sessions()
        .filter(organisation_id=staff.organisation_id)
        .for_unit([staff.unit_id])
        .filter(starts_at__lte=now + dt.timedelta(days=SESSION_DAYS))
        .filter(Q(starts_at__gte=now - grace) | Q(ends_at__isnull=False, ends_at__gte=now - grace))
        .annotate(invites_me=Exists(invited), i_am_present=Exists(present))
        .select_related("unit")
        .order_by("starts_at", "pk")[:SESSION_LIMIT]
    )
    result = list(sessions)
    for session in result:
        session.checkin_open = session.invites_me and session.check_in_open(now)
    return result


def unit_obligations(staff, today):
    """(rule, verdict) pairs for the unit's current periods, from the activities app."""
    from parcomms.activities.queries import obligation_status

    statuses = obligation_status(staff.organisation, day=today, unit_ids=[staff.unit_id])
    return statuses[0].obligations if statuses else []


def _unit_and_ancestors(staff) -> list[int]:
    """The staff member's unit and every unit above it. One query, whatever the depth."""
    from parcomms.org.models import Unit

    parents = dict(
        Unit.objects.filter(organisation_id=staff.organisation_id).values_list("pk", "parent_id")
    )
    chain, unit_id = [], staff.unit_id
    while unit_id is not None and unit_id not in chain:
        chain.append(unit_id)
        unit_id = parents.get(unit_id)
    return chain


def open_rounds(staff, now):
    """Open rounds of published staff contests whose audience includes the staff member:
    the audience organisations (or, when none is chosen, the organising office) contain
    theirs, and the audience units (when chosen) contain their unit or a unit above it —
    the rule of `contests.services.staff_is_eligible`, as a filter. Two queries."""
    from parcomms.contests.models import Contest, Round

    audience_orgs = Contest.audience_organisations.through.objects.filter(
        contest_id=OuterRef("contest_id")
    )
    audience_units = Contest.audience_units.through.objects.filter(
        contest_id=OuterRef("contest_id")
    )
    return list(
        Round.objects.open_at(now)
        .filter(contest__is_published=True, contest__audience=Contest.Audience.STAFF)
        .filter(
            Exists(audience_orgs.filter(organisation_id=staff.organisation_id))
            | (Q(contest__organisation_id=staff.organisation_id) & ~Exists(audience_orgs))
        )
        .filter(
            ~Exists(audience_units)
            | Exists(audience_units.filter(unit_id__in=_unit_and_ancestors(staff)))
        )
        .select_related("contest")
        .order_by("closes_at", "pk")
    )


def _article_state(row, now) -> str:
    from wagtail.models import WorkflowState

    if row["workflow_status"] == WorkflowState.STATUS_NEEDS_CHANGES:
        return "returned"
    if row["workflow_status"] == WorkflowState.STATUS_IN_PROGRESS:
        return "waiting"
    if row["live"] or (row["go_live_at"] and row["go_live_at"] > now):
        return "published"
    return "draft"


def my_articles(staff, now) -> list[ArticleGroup]:
    """The staff member's articles grouped by state, newest first. One query."""
    from wagtail.models import Page, WorkflowState

    from parcomms.content.models import ArticlePage

    workflow = (
        WorkflowState.objects.active()
        .filter(
            base_content_type__app_label=Page._meta.app_label,
            base_content_type__model=Page._meta.model_name,
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        .order_by("-created_at")
    )
    rows = (
        ArticlePage.objects.filter(organisation_id=staff.organisation_id)
        .authored_by(staff)
        .annotate(
            workflow_status=Subquery(workflow.values("status")[:1]),
            workflow_comment=Subquery(workflow.values("current_task_state__comment")[:1]),
        )
        .order_by("-latest_revision_created_at", "-pk")
        .values("pk", "title", "live", "go_live_at", "workflow_status", "workflow_comment")
    )
    groups = {key: ArticleGroup(key, label, empty) for key, label, empty in ARTICLE_STATES}
    for row in rows:
        group = groups[_article_state(row, now)]
        group.total += 1
        if len(group.items) < ARTICLES_PER_STATE:
            row["scheduled"] = not row["live"] and group.key == "published"
            row["edit_url"] = reverse("wagtailadmin_pages:edit", args=[row["pk"]])
            group.items.append(row)
    return list(groups.values())


class StaffPanel(Component):
    """“Việc của tôi”: see the module docstring."""

    name = "parcomms_staff"
    order = 20
    template_name = "dashboard/staff_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        from parcomms.activities.access import READ_ROLES
        from parcomms.org.roles import has_role

        context = super().get_context_data(parent_context)
        staff = staff_of(self.user)
        now = timezone.now()
        today = timezone.localdate(now)
        may_read_unit = has_role(self.user, *READ_ROLES)
        context.update(
            {
                "staff": staff,
                "unit": staff.unit,
                "days": SESSION_DAYS,
                "sessions": upcoming_sessions(staff, now),
                "checkin_url": reverse("activities_public:checkin"),
                "obligations": unit_obligations(staff, today),
                "obligations_url": (
                    reverse("activities:unit_obligations", args=[staff.unit_id])
                    if may_read_unit
                    else None
                ),
                "rounds": open_rounds(staff, now),
                "article_groups": my_articles(staff, now),
            }
        )
        return context
