"""Object access for the indicators app: one helper per model, scoped to the user's
organisation and role. Everyone in an organisation reads its indicators and targets (the plan
is addressed to all staff); reform officers and admins enter results and judge targets."""

from django.shortcuts import get_object_or_404

from parcomms.org.access import organisation_of, require_role
from parcomms.org.models import Organisation
from parcomms.org.roles import Role, has_role
from parcomms.plans.models import Plan, Target

from .models import Indicator, Result

READ_ROLES = tuple(Role)
EDIT_ROLES = (Role.ADMIN, Role.REFORM_OFFICER)


def can_edit(user) -> bool:
    return has_role(user, *EDIT_ROLES) and getattr(user, "staff", None) is not None


def reading_organisation(user) -> Organisation:
    require_role(user, *READ_ROLES)
    return organisation_of(user)


def editing_organisation(user) -> Organisation:
    require_role(user, *EDIT_ROLES)
    return organisation_of(user)


def indicator_for(user, code: str) -> Indicator:
    reading_organisation(user)
    return get_object_or_404(Indicator, code=code)


def result_for_edit(user, pk: int) -> Result:
    editing_organisation(user)
    return get_object_or_404(
        Result.objects.editable_by(user).select_related("indicator", "organisation"), pk=pk
    )


def plan_for(user, pk: int) -> Plan:
    organisation = reading_organisation(user)
    return get_object_or_404(Plan.objects.filter(organisation=organisation), pk=pk)


def target_for_assessment(user, pk: int) -> Target:
    organisation = editing_organisation(user)
    return get_object_or_404(
        Target.objects.filter(plan__organisation=organisation).select_related(
            "plan", "plan__organisation"
        ),
        pk=pk,
    )
