"""Report pages in the admin: list and create, edit the words with the computed figures
shown, workflow buttons (POST), downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parcomms.org.access import organisation_of, require_role
from parcomms.vn.office import ConversionFailed, OfficeUnavailable

from . import registry, services
from . import render as rendering
from .access import READ_ROLES, report_for
from .forms import ReportCreateForm
from .models import Report
from .periods import PeriodError, parse_period

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _list_page(request, form=None):
    reports = Report.objects.visible_to(request.user).select_related("created_by", "signed_by")
    labels = dict(registry.kinds())
    for r in reports:
        r.kind_label = labels.get(r.kind, r.kind)
        try:
            r.period_label = parse_period(r.period).list_label
        except PeriodError:
            r.period_label = r.period
    can_write = services.has_role(request.user, *services.WRITE_ROLES)
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": reports,
            "form": form or (ReportCreateForm() if can_write else None),
            "can_write": can_write,
        },
    )


@login_required
@require_GET
def report_list(request):
    require_role(request.user, *READ_ROLES)
    return _list_page(request)


@login_required
@require_POST
def report_create(request):
    require_role(request.user, *services.WRITE_ROLES)
    form = ReportCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa tạo được báo cáo; hãy xem lỗi bên dưới."))
        return _list_page(request, form)
    report = services.create_report(
        organisation=organisation_of(request.user),
        kind=form.cleaned_data["kind"],
        period=form.cleaned_data["period"],
        acting_user=request.user,
    )
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, pk):
    report = report_for(request.user, pk)
    builder = registry.get(report.kind)
    if request.method == "POST":
        try:
            services.update_text(
                report,
                sections={code: request.POST.get(code, "") for code in builder.sections},
                number=request.POST.get("number", ""),
                acting_user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Đã lưu lời văn báo cáo."))
        return redirect("reports:detail", pk=report.pk)
    error = None
    try:
        built = services.build(report)
        figures = built.sheets
    except LookupError as exc:
        figures, error = [], str(exc)
    sections = [
        (code, title, report.sections.get(code, default))
        for code, (title, default) in builder.sections.items()
    ]
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "label": builder.label,
            "period_label": parse_period(report.period).label,
            "sections": sections,
            "sheets": figures,
            "error": error,
            "can_write": services.has_role(request.user, *services.WRITE_ROLES),
            "can_review": services.has_role(request.user, *services.REVIEW_ROLES),
        },
    )


def _action(request, pk, func, done):
    report = report_for(request.user, pk)
    try:
        result = func(report, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, done)
    return redirect("reports:detail", pk=result.pk)


@login_required
@require_POST
def report_review(request, pk):
    return _action(request, pk, services.mark_reviewed, _("Đã ghi nhận lãnh đạo xem xét."))


@login_required
@require_POST
def report_sign(request, pk):
    return _action(request, pk, services.sign_off, _("Báo cáo đã được ký."))


@login_required
@require_POST
def report_new_version(request, pk):
    return _action(request, pk, services.new_version, _("Đã tạo phiên bản mới."))


@login_required
@require_POST
def report_send(request, pk):
    return _action(request, pk, services.send, _("Đã gửi báo cáo."))


@login_required
@require_GET
def report_download(request, pk, fmt):
    report = report_for(request.user, pk)
    if fmt not in rendering.FORMATS:
        raise Http404
    stored = getattr(report, fmt)
    if report.is_locked and stored:
        with stored.open("rb") as fh:
            data = fh.read()
    else:
        try:
            data = rendering.render(services.build(report), fmt)
        except (OfficeUnavailable, ConversionFailed):
            messages.error(request, _("Máy chủ chưa cài LibreOffice nên chưa xuất được PDF."))
            return redirect("reports:detail", pk=report.pk)
        except LookupError as exc:
            messages.error(request, str(exc))
            return redirect("reports:detail", pk=report.pk)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{services.filename(report, fmt)}"'
    return response
