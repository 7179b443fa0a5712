import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
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

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request):
    require_role(request.user, Role.ADMIN, Role.REFORM_OFFICER)
    entries = AuditEntry.objects.visible_to(request.user).select_related("unit", "actor")
    staff = getattr(request.user, "staff", None)
    org_ids = None if request.user.is_superuser or staff is None else [staff.organisation_id]
    form = AuditFilterForm(
        request.GET or None, units=Unit.objects.visible_to(request.user), organisation_ids=org_ids
    )
    if form.is_valid():
        entries = form.filter(entries)
    return form, entries


@login_required
@require_GET
def audit_list(request):
    form, entries = _filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("p"))
    for entry in page:
        entry.action_label = action_label(entry.action)
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
@require_GET
def audit_export(request):
    _form, entries = _filtered(request)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Nhật ký")
    ws.append(["Thời điểm", "Người thực hiện", "Đơn vị", "Thao tác", "Đối tượng", "Chi tiết"])
    tz = timezone.get_current_timezone()
    for e in entries.iterator(chunk_size=2000):
        ws.append(
            [
                e.at.astimezone(tz).strftime("%d/%m/%Y %H:%M:%S"),
                e.actor_name,
                e.unit.name if e.unit else "",
                action_label(e.action),
                e.object_repr,
                ", ".join(f"{k}: {v}" for k, v in e.details.items()),
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="nhat-ky-thao-tac.xlsx"'
    return response
