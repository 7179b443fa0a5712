"""Object access for the org app: one helper per model, scoped to the user's organisation,
unit and role. Views call these and never query the models directly."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Organisation, Staff, Unit
from .roles import Role, has_role

STAFF_LIST_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP, Role.UNIT_HEAD)
STAFF_IMPORT_ROLES = (Role.ADMIN, Role.REFORM_OFFICER)


def require_role(user, *roles: Role) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def organisation_of(user) -> Organisation:
    """The organisation a signed-in user acts for; users without a staff record act for none."""
    staff = getattr(user, "staff", None)
    if staff is None:
        raise PermissionDenied
    return staff.organisation


def staff_for(user, pk: int) -> Staff:
    require_role(user, *STAFF_LIST_ROLES)
    return get_object_or_404(
        Staff.objects.visible_to(user).select_related("unit", "organisation", "user"), pk=pk
    )


def unit_for(user, pk: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(user), pk=pk)
