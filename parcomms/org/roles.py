"""The people of DESIGN.md §2 as roles. Each role is a Django group with permissions."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    ADMIN = "admin"
    REFORM_OFFICER = "reform_officer"
    LEADERSHIP = "leadership"
    UNIT_HEAD = "unit_head"
    EDITOR = "editor"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])

    @property
    def group_name(self) -> str:
        return GROUP_NAMES[self]


ROLE_LABELS = {
    Role.ADMIN: _("Quản trị hệ thống"),
    Role.REFORM_OFFICER: _("Chuyên viên CCHC"),
    Role.LEADERSHIP: _("Lãnh đạo"),
    Role.UNIT_HEAD: _("Trưởng đơn vị"),
    Role.EDITOR: _("Biên tập viên"),
    Role.STAFF: _("Công chức, viên chức"),
}

# Group names are stored in the database, so they are fixed strings, not translations.
GROUP_NAMES = {
    Role.ADMIN: "Quản trị hệ thống",
    Role.REFORM_OFFICER: "Chuyên viên CCHC",
    Role.LEADERSHIP: "Lãnh đạo",
    Role.UNIT_HEAD: "Trưởng đơn vị",
    Role.EDITOR: "Biên tập viên",
    Role.STAFF: "Công chức, viên chức",
}

# Permissions per role as "app_label.codename". Object scoping (organisation, unit) is done
# by the access helpers; these say what kind of thing a role may do at all.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ADMIN: [
        "wagtailadmin.access_admin",
        "org.view_organisation",
        "org.change_organisation",
        "org.view_unit",
        "org.change_unit",
        "org.view_staff",
        "org.change_staff",
        "org.import_staff",
        "audit.view_auditentry",
        "plans.view_plan",
        "plans.import_plan",
    ],
    Role.REFORM_OFFICER: [
        "wagtailadmin.access_admin",
        "org.view_unit",
        "org.view_staff",
        "org.import_staff",
        "audit.view_auditentry",
        "plans.view_plan",
        "plans.import_plan",
    ],
    Role.LEADERSHIP: [
        "wagtailadmin.access_admin",
        "org.view_unit",
        "org.view_staff",
        "plans.view_plan",
    ],
    Role.UNIT_HEAD: [
        "wagtailadmin.access_admin",
        "org.view_unit",
        "org.view_staff",
        "plans.view_plan",
    ],
    Role.EDITOR: ["wagtailadmin.access_admin", "plans.view_plan"],
    Role.STAFF: ["wagtailadmin.access_admin", "plans.view_plan"],
}


def roles_of(user) -> set[Role]:
    """The roles a user holds (cached on the user object for the request)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_parcomms_roles", None)
    if cached is None:
        by_name = {name: role for role, name in GROUP_NAMES.items()}
        cached = {by_name[n] for n in user.groups.values_list("name", flat=True) if n in by_name}
        if user.is_superuser:
            cached.add(Role.ADMIN)
        user._parcomms_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def sync_role_groups(**_kwargs) -> None:
    """Create or update one group per role with its permissions (runs after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    # Wagtail's migrations create English "Editors"/"Moderators" groups; our roles replace them.
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.group_name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
