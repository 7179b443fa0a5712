"""Object access for the channels app: one helper per model, scoped to the user's organisation
and role. Views call these and never query the models directly."""

from django.shortcuts import get_object_or_404

from parcomms.org.access import organisation_of, require_role
from parcomms.org.roles import Role

from .models import DELIVERY_READ_ROLES, Delivery, ZaloAccount

DELIVERY_ACT_ROLES = DELIVERY_READ_ROLES  # reform officers, editors, administrators
ZALO_ADMIN_ROLES = (Role.ADMIN,)


def deliveries_for(user):
    require_role(user, *DELIVERY_READ_ROLES)
    return Delivery.objects.visible_to(user)


def delivery_for(user, pk: int) -> Delivery:
    require_role(user, *DELIVERY_ACT_ROLES)
    return get_object_or_404(
        Delivery.objects.visible_to(user).select_related("article", "organisation"), pk=pk
    )


def zalo_organisation(user):
    """The organisation whose Zalo account the user manages (administrators, own organisation;
    a superuser without a staff record belongs to none)."""
    require_role(user, *ZALO_ADMIN_ROLES)
    return organisation_of(user)


def zalo_account_for(user) -> ZaloAccount | None:
    organisation = zalo_organisation(user)
    return ZaloAccount.objects.filter(organisation=organisation).first()
