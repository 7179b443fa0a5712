"""The read rule most models share: a signed-in member of staff reads their organisation's rows.

A model's QuerySet inherits `OrgScopedQuerySet` and says only what differs:

- `org_field`: the lookup from the row to its organisation's id (`"plan__organisation_id"`, …);
- `read_roles`: the roles that may read at all (empty: every member of staff);
- `superuser_sees_all`: whether a superuser reads every organisation's rows without a staff
  profile (off where a row is only ever handled inside its own organisation);
- `scoped(user, staff)`: the rows a permitted member of staff reads; by default the whole
  organisation, overridden where unit heads or staff see only their unit.
"""

from django.db import models

from .roles import Role, has_role


class OrgScopedQuerySet(models.QuerySet):
    org_field: str = "organisation_id"
    read_roles: tuple[Role, ...] = ()
    superuser_sees_all: bool = True

    def visible_to(self, user):
        return self.scoped_for_roles(user, self.read_roles)

    def scoped_for_roles(self, user, roles: tuple[Role, ...]):
        """Anonymous: nothing; superuser: everything (if `superuser_sees_all`); no staff
        profile or none of `roles` (when given): nothing; otherwise `scoped(user, staff)`."""
        if not user.is_authenticated:
            return self.none()
        if self.superuser_sees_all and user.is_superuser:
            return self
        staff = getattr(user, "staff", None)
        if staff is None or (roles and not has_role(user, *roles)):
            return self.none()
        return self.scoped(user, staff)

    def scoped(self, user, staff):
        """The rows a permitted member of staff reads: their organisation's."""
        return self.in_organisation(staff.organisation_id)

    def in_organisation(self, organisation_id):
        return self.filter(**{self.org_field: organisation_id})
