"""Object access for the activities app: one helper per model, scoped to the user's
organisation, unit and role. Views call these and never query the models directly."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from parcomms.org.access import organisation_of, require_role
from parcomms.org.models import Staff, Unit
from parcomms.org.roles import Role, has_role
from parcomms.plans.models import Plan

from .models import Activity, ObligationRule

READ_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP, Role.UNIT_HEAD)
WRITE_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.UNIT_HEAD)
RULE_ROLES = (Role.ADMIN, Role.REFORM_OFFICER)
ORG_WIDE_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP)


def is_org_wide(user) -> bool:
    return has_role(user, *ORG_WIDE_ROLES)


def activities_for(user):
    require_role(user, *READ_ROLES)
    return Activity.objects.visible_to(user)


def activity_for(user, pk: int) -> Activity:
    return get_object_or_404(
        activities_for(user).select_related("unit", "organisation", "presenter", "created_by"),
        pk=pk,
    )


def can_manage(user, activity: Activity) -> bool:
    return Activity.objects.manageable_by(user).filter(pk=activity.pk).exists()


def managed_activity(user, pk: int) -> Activity:
    """An activity the user may change: 404 when they cannot see it, refused when they may
    only read it."""
    require_role(user, *WRITE_ROLES)
    activity = activity_for(user, pk)
    if not can_manage(user, activity):
        raise PermissionDenied
    return activity


def recording_units(user):
    """Units the user may record activities for."""
    require_role(user, *WRITE_ROLES)
    staff = getattr(user, "staff", None)
    if staff is None:
        raise PermissionDenied
    units = Unit.objects.filter(organisation_id=staff.organisation_id)
    if has_role(user, Role.ADMIN, Role.REFORM_OFFICER):
        return units
    return units.filter(pk__in=staff.unit.subtree_ids())


def organisation_units(user):
    return Unit.objects.filter(organisation=organisation_of(user))


def organisation_staff(user):
    return Staff.objects.filter(organisation=organisation_of(user), is_active=True)


def organisation_plans(user):
    return Plan.objects.filter(organisation=organisation_of(user))


def readable_units(user):
    """Units whose obligations and coverage the user may read."""
    require_role(user, *READ_ROLES)
    organisation_of(user)
    return Unit.objects.visible_to(user)


def unit_for(user, pk: int) -> Unit:
    return get_object_or_404(readable_units(user).select_related("organisation"), pk=pk)


def rules_for(user):
    require_role(user, *RULE_ROLES)
    organisation_of(user)
    return ObligationRule.objects.manageable_by(user)


def rule_for(user, pk: int) -> ObligationRule:
    return get_object_or_404(rules_for(user).prefetch_related("units"), pk=pk)
