"""Who sees which dashboard: leaders, reform officers and admins see the organisation (and may
narrow it to one unit); a unit head sees the unit (and the units under it)."""

from django.shortcuts import get_object_or_404

from parcomms.org.access import organisation_of, require_role
from parcomms.org.models import Unit
from parcomms.org.roles import Role, has_role

DASHBOARD_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP, Role.UNIT_HEAD)
ORGANISATION_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP)


def dashboard_scope(user, unit_id: int | None = None):
    """(organisation, unit or None for the whole organisation); refuses other roles."""
    require_role(user, *DASHBOARD_ROLES)
    organisation = organisation_of(user)
    if unit_id is not None:
        unit = get_object_or_404(Unit.objects.visible_to(user), pk=unit_id)
        return organisation, unit
    if has_role(user, *ORGANISATION_ROLES):
        return organisation, None
    return organisation, user.staff.unit


def selectable_units(user):
    return Unit.objects.visible_to(user)
