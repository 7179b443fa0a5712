from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import access
from .forms import StaffFilterForm, StaffImportForm
from .models import Notification, Staff, Unit
from .services import import_staff
from .staff_file import StaffFileError, generate_demo_staff, write_staff_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def staff_list(request):
    access.require_role(request.user, *access.STAFF_LIST_ROLES)
    units = Unit.objects.visible_to(request.user)
    form = StaffFilterForm(request.GET or None, units=units)
    staff = Staff.objects.visible_to(request.user).select_related("unit")
    if form.is_valid():
        if form.cleaned_data["q"]:
            staff = staff.search(form.cleaned_data["q"])
        if form.cleaned_data["unit"]:
            staff = staff.filter(unit_id__in=form.cleaned_data["unit"].subtree_ids())
    page = Paginator(staff, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "org/staff_list.html",
        {
            "page": page,
            "form": form,
            "total": page.paginator.count,
            "can_import": access.has_role(request.user, *access.STAFF_IMPORT_ROLES),
        },
    )


@login_required
@require_GET
def staff_detail(request, pk):
    return render(request, "org/staff_detail.html", {"person": access.staff_for(request.user, pk)})


@login_required
@require_GET
def unit_list(request):
    access.require_role(request.user, *access.STAFF_LIST_ROLES)
    units = list(Unit.objects.visible_to(request.user).select_related("parent"))
    counts = {}
    for unit_id in (
        Staff.objects.visible_to(request.user).active().values_list("unit_id", flat=True)
    ):
        counts[unit_id] = counts.get(unit_id, 0) + 1
    for unit in units:
        unit.staff_count = counts.get(unit.pk, 0)
    return render(request, "org/unit_list.html", {"units": units})


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request):
    access.require_role(request.user, *access.STAFF_IMPORT_ROLES)
    organisation = access.organisation_of(request.user)
    form = StaffImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "organisation": organisation}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_staff(
                upload.read(), upload.name, organisation=organisation, acting_user=request.user
            )
        except StaffFileError as exc:
            context["file_error"] = str(exc)
            return render(request, "org/staff_import.html", context, status=400)
        if not result.ok:
            context["errors"] = result.errors
            return render(request, "org/staff_import.html", context, status=400)
        messages.success(
            request,
            _(
                "Đã nhập danh sách: %(created)d người mới, %(updated)d cập nhật, "
                "%(unchanged)d không đổi."
            )
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("org:staff_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "org/staff_import.html", context, status=status)


@login_required
@require_GET
def staff_template(request):
    access.require_role(request.user, *access.STAFF_IMPORT_ROLES)
    response = HttpResponse(write_staff_xlsx(generate_demo_staff(3, seed=1)), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-can-bo.xlsx"'
    return response


@login_required
@require_GET
def notification_list(request):
    notes = Notification.objects.for_user(request.user)
    page = Paginator(notes, 30).get_page(request.GET.get("p"))
    return render(request, "org/notifications.html", {"page": page})


@login_required
@require_http_methods(["POST"])
def notifications_mark_read(request):
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    return redirect("org:notifications")
