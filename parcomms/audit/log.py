"""Writing the audit log. Every service function that changes state calls `record`."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry

ACTION_LABELS = {
    "staff.import": "Nhập danh sách cán bộ",
    "plan.import": "Nhập kế hoạch",
    "plan.delete": "Xóa kế hoạch",
}


def record(action: str, *, actor, obj=None, organisation=None, unit=None, **details) -> AuditEntry:
    if organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None)
    staff = getattr(actor, "staff", None) if actor is not None else None
    if organisation is None and staff is not None:
        organisation = staff.organisation
    if unit is None and staff is not None:
        unit = staff.unit
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=(staff.full_name if staff else getattr(actor, "username", "")) or "",
        organisation=organisation,
        unit=unit,
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        details=details,
    )


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
