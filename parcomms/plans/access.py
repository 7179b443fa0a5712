"""Object access for the plans app: one helper per model, scoped to the user's organisation
and role. Views call these and never query the models directly."""

from django.shortcuts import get_object_or_404

from parcomms.org.access import organisation_of, require_role
from parcomms.org.models import Organisation
from parcomms.org.roles import Role, has_role

from .models import Plan, PlanDraft

# The plan is addressed to everyone in the organisation (I.3 Đối tượng).
PLAN_READ_ROLES = tuple(Role)
PLAN_IMPORT_ROLES = (Role.ADMIN, Role.REFORM_OFFICER)


def can_import(user) -> bool:
    return has_role(user, *PLAN_IMPORT_ROLES) and getattr(user, "staff", None) is not None


def plans_for(user):
    require_role(user, *PLAN_READ_ROLES)
    return Plan.objects.visible_to(user)


def plan_for(user, pk: int) -> Plan:
    return get_object_or_404(plans_for(user).select_related("organisation", "imported_by"), pk=pk)


def importing_organisation(user) -> Organisation:
    """The organisation a plan file is imported into; refused for anyone who may not import
    (a superuser without a staff record belongs to no organisation)."""
    require_role(user, *PLAN_IMPORT_ROLES)
    return organisation_of(user)


def drafts_for(user):
    importing_organisation(user)
    return PlanDraft.objects.visible_to(user)


def draft_for(user, pk: int) -> PlanDraft:
    drafts = drafts_for(user).select_related("organisation", "uploaded_by").defer("data")
    return get_object_or_404(drafts, pk=pk)
