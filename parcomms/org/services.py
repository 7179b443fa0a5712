"""State changes of the org app. Each is atomic, takes the acting user and writes the audit log."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from parcomms.audit.log import record

from .models import Organisation, Staff, Unit
from .roles import Role
from .staff_file import RowError, read_staff_file, validate


@dataclass
class StaffImportResult:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    units_created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _ensure_unit(
    organisation: Organisation, path: tuple[str, ...], cache: dict
) -> tuple[Unit, bool]:
    parent, created_any = None, False
    for depth in range(1, len(path) + 1):
        key = path[:depth]
        if key not in cache:
            unit, created = Unit.objects.get_or_create(
                organisation=organisation,
                parent=parent,
                name=key[-1],
                defaults={"kind": Unit.kind_from_name(key[-1])},
            )
            cache[key] = unit
            created_any = created_any or created
        parent = cache[key]
    return parent, created_any


@transaction.atomic
def import_staff(
    data: bytes, filename: str, *, organisation: Organisation, acting_user
) -> StaffImportResult:
    """Validate the whole file first; import all rows in one transaction or nothing.

    Rows are keyed by e-mail, so importing the same file again changes nothing and a changed
    file updates people in place. Raises StaffFileError for an unreadable file.
    """
    staff_file = read_staff_file(data, filename)
    errors = validate(staff_file)
    if errors:
        return StaffImportResult(errors=errors)

    result = StaffImportResult()
    User = get_user_model()
    unit_cache: dict[tuple[str, ...], Unit] = {}
    existing = {
        s.email: s
        for s in Staff.objects.filter(organisation=organisation).select_related("user", "unit")
    }
    staff_group = Group.objects.get(name=Role.STAFF.group_name)
    head_group = Group.objects.get(name=Role.UNIT_HEAD.group_name)
    for row in staff_file.rows:
        unit, unit_created = _ensure_unit(organisation, row.unit_path, unit_cache)
        result.units_created += unit_created
        values = {
            "full_name": row.full_name,
            "position": row.position,
            "kind": row.kind,
            "phone": row.phone,
            "unit": unit,
            "is_unit_head": row.is_unit_head,
        }
        staff = existing.get(row.email)
        if staff is None:
            user, _created = User.objects.get_or_create(
                username=row.email, defaults={"email": row.email}
            )
            if _created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            staff = Staff.objects.create(
                user=user, organisation=organisation, email=row.email, **values
            )
            result.created += 1
        elif any(getattr(staff, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(staff, k, v)
            staff.save()
            result.updated += 1
        else:
            result.unchanged += 1
            continue
        staff.user.groups.add(staff_group)
        if staff.is_unit_head:
            staff.user.groups.add(head_group)
        else:
            staff.user.groups.remove(head_group)
    record(
        "staff.import",
        actor=acting_user,
        organisation=organisation,
        filename=filename,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        units_created=result.units_created,
    )
    return result
