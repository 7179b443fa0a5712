import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from parcomms.org.access import require_role
from parcomms.org.models import Unit
from parcomms.org.roles import Role

from .forms import AuditFilterForm
from .log import action_label
from .models import AuditEntry
from .present import details_text, present_details, present_object

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request):
    require_role(request.user, Role.ADMIN, Role.REFORM_OFFICER)
    entries = AuditEntry.objects.visible_to(request.user).select_related(
        "unit", "actor", "object_type"
    )
    staff = getattr(request.user, "staff", None)
    org_ids = None if request.user.is_superuser or staff is None else [staff.organisation_id]
    form = AuditFilterForm(
        request.GET or None, units=Unit.objects.visible_to(request.user), organisation_ids=org_ids
    )
    if form.is_bound and not form.is_valid():
        # A filter that cannot be read shows its message and no rows, never the whole log.
        return form, entries.none()
    if form.is_bound:
        entries = form.filter(entries)
    return form, entries


def _object(entry) -> str:
    kind = entry.object_type
    return present_object(
        entry.object_repr, kind.app_label if kind else "", kind.model if kind else ""
    )


@login_required
@require_GET
def audit_list(request):
    form, entries = _filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("p"))
    for entry in page:
        entry.action_label = action_label(entry.action)
        entry.object_label = _object(entry)
        entry.detail_rows = present_details(entry.action, entry.details)
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
@require_GET
def audit_export(request):
    form, entries = _filtered(request)
    if form.is_bound and not form.is_valid():
        messages = [str(m) for errors in form.errors.values() for m in errors]
        return HttpResponseBadRequest(" ".join(messages), content_type="text/plain; charset=utf-8")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Nhật ký")
    ws.append(["Thời điểm", "Người thực hiện", "Đơn vị", "Thao tác", "Đối tượng", "Chi tiết"])
    for e in entries.iterator(chunk_size=2000):
        ws.append(
            [
                timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"),
                e.actor_name,
                e.unit.name if e.unit else "",
                action_label(e.action),
                _object(e),
                details_text(e.action, e.details),
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="nhat-ky-thao-tac.xlsx"'
    return response
