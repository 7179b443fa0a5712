from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from parcomms.vn.dates import format_date_short

from . import access, data
from .forms import DashboardFilter
from .pdf import PdfUnavailable, html_to_pdf

CSS = Path(__file__).parent / "static" / "dashboard" / "dashboard.css"


def _board(request):
    form = DashboardFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return None, form
    cleaned = form.cleaned_data if form.is_bound else {}
    organisation, unit = access.dashboard_scope(request.user, cleaned.get("unit"))
    board = data.build(organisation, year=cleaned.get("year"), unit=unit)
    return board, form


def _context(request, board, form):
    return {
        "board": board,
        "form": form,
        "units": access.selectable_units(request.user),
        "org_wide": board.unit is None,
        "printed_on": format_date_short(timezone.localdate()),
    }


@login_required
@require_GET
def dashboard(request):
    board, form = _board(request)
    if board is None:
        access.dashboard_scope(request.user)  # refuse before saying what was wrong
        return HttpResponseBadRequest(_("Năm hoặc đơn vị không hợp lệ."))
    return render(request, "dashboard/dashboard.html", _context(request, board, form))


@login_required
@require_GET
def dashboard_pdf(request):
    board, form = _board(request)
    if board is None:
        access.dashboard_scope(request.user)
        return HttpResponseBadRequest(_("Năm hoặc đơn vị không hợp lệ."))
    context = _context(request, board, form)
    context["css"] = CSS.read_text(encoding="utf-8")
    html = render_to_string("dashboard/print.html", context, request=request)
    scope = board.unit.name if board.unit else board.organisation.name
    try:
        pdf = html_to_pdf(html, footer=f"Tổng quan {board.year} — {scope}")
    except PdfUnavailable:
        return HttpResponse(
            _(
                "Máy chủ chưa cài Chromium nên chưa xuất được PDF. Hãy dùng lệnh In của trình duyệt."
            ),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"tong-quan-{board.year}" + (f"-don-vi-{board.unit.pk}" if board.unit else "")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
