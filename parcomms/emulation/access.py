"""Object access for the emulation app: one helper per model, scoped to the user's
organisation, unit and role. Views call these and never query the models directly.

- reform officers manage everything of their organisation: criteria, periods, closing,
  reopening, appraisal, exports;
- leadership and administrators read every period and unit, and export for the council;
- unit heads read the ranking and the explained lines of their own unit (and the units
  under it), and score their unit on the manual criteria.
"""

from django.shortcuts import get_object_or_404

from parcomms.org.access import organisation_of, require_role
from parcomms.org.models import Unit
from parcomms.org.roles import Role, has_role

from .models import Evidence, ManualScore, Period

READ_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP, Role.UNIT_HEAD)
ORG_WIDE_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP)
MANAGE_ROLES = (Role.REFORM_OFFICER,)
EXPORT_ROLES = (Role.REFORM_OFFICER, Role.LEADERSHIP)
SELF_SCORE_ROLES = (Role.UNIT_HEAD,)


def is_org_wide(user) -> bool:
    return has_role(user, *ORG_WIDE_ROLES)


def can_manage(user) -> bool:
    return has_role(user, *MANAGE_ROLES)


def can_export(user) -> bool:
    return has_role(user, *EXPORT_ROLES)


def own_unit_ids(user) -> set[int]:
    """Units whose details a unit head reads: their unit and those under it."""
    staff = getattr(user, "staff", None)
    return set(staff.unit.subtree_ids()) if staff is not None else set()


def readable_unit_ids(user) -> set[int] | None:
    """None: every unit of the organisation."""
    return None if is_org_wide(user) else own_unit_ids(user)


def periods_for(user):
    require_role(user, *READ_ROLES)
    organisation_of(user)
    return Period.objects.visible_to(user)


def period_for(user, pk: int) -> Period:
    return get_object_or_404(periods_for(user).select_related("organisation", "closing"), pk=pk)


def managed_period(user, pk: int) -> Period:
    require_role(user, *MANAGE_ROLES)
    return period_for(user, pk)


def exportable_period(user, pk: int) -> Period:
    require_role(user, *EXPORT_ROLES)
    return period_for(user, pk)


def unit_in_period(user, period: Period, unit_pk: int) -> Unit:
    """A unit whose explained score the user may read (404 outside their scope)."""
    units = Unit.objects.filter(organisation_id=period.organisation_id)
    allowed = readable_unit_ids(user)
    if allowed is not None:
        units = units.filter(pk__in=allowed)
    return get_object_or_404(units, pk=unit_pk)


def self_score_unit(user, period: Period, unit_pk: int) -> Unit:
    """A unit its head may score: only unit heads, only their unit (or one under it)."""
    require_role(user, *SELF_SCORE_ROLES)
    units = Unit.objects.filter(organisation_id=period.organisation_id, pk__in=own_unit_ids(user))
    return get_object_or_404(units, pk=unit_pk)


def manual_score_for_appraisal(user, period: Period, pk: int) -> ManualScore:
    require_role(user, *MANAGE_ROLES)
    return get_object_or_404(
        ManualScore.objects.visible_to(user)
        .filter(period=period)
        .select_related("unit", "period", "submitted_by__staff")
        .prefetch_related("evidence"),
        pk=pk,
    )


def evidence_for(user, pk: int) -> Evidence:
    """Evidence files: the reform officer, leadership, and the head of the unit."""
    require_role(user, *READ_ROLES)
    organisation_of(user)
    evidence = Evidence.objects.filter(manual_score__in=ManualScore.objects.visible_to(user))
    allowed = readable_unit_ids(user)
    if allowed is not None:
        evidence = evidence.filter(manual_score__unit_id__in=allowed)
    return get_object_or_404(evidence.select_related("manual_score"), pk=pk)
