"""Who may see and act on reports: the reform officer and admin write, leadership reviews and
signs; everyone else sees nothing. Reports outside the user's organisation are 404."""

from django.shortcuts import get_object_or_404

from parcomms.org.access import require_role
from parcomms.org.roles import Role

from .models import Report

READ_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP)


def report_for(user, pk: int) -> Report:
    require_role(user, *READ_ROLES)
    return get_object_or_404(
        Report.objects.visible_to(user).select_related(
            "organisation", "created_by", "reviewed_by", "signed_by"
        ),
        pk=pk,
    )
