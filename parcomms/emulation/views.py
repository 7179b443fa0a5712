from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parcomms.org.access import organisation_of, require_role

from . import access, export
from .criteria import CriteriaError, Group, default_criteria, points_text
from .forms import (
    AppraisalForm,
    ArticleRuleFormSet,
    CriteriaForm,
    ManualFormSet,
    PeriodForm,
    ReopenForm,
    SelfScoreForm,
    YearForm,
    article_initial,
    build_criteria,
    manual_initial,
)
from .models import CriteriaSet, ManualScore
from .records import signer_for
from .results import NoCriteria, latest_version, period_result
from .services import (
    EmulationError,
    appraise,
    close_period,
    create_period,
    reopen_period,
    save_criteria,
    submit_self_score,
)

PEOPLE_SHOWN = 30


def _result_or_none(period):
    try:
        return period_result(period), None
    except NoCriteria as exc:
        return None, str(exc)


# ---- periods -------------------------------------------------------------------------------


@login_required
@require_GET
def period_list(request):
    periods = access.periods_for(request.user).select_related("closing__closed_by__staff")
    today = timezone.localdate()
    form = PeriodForm(initial={"kind": "quarter", "year": today.year, "number": 1})
    return render(
        request,
        "emulation/period_list.html",
        {"periods": periods, "form": form, "can_manage": access.can_manage(request.user)},
    )


@login_required
@require_POST
def period_create(request):
    require_role(request.user, *access.MANAGE_ROLES)
    organisation = organisation_of(request.user)
    form = PeriodForm(request.POST)
    error = None
    if form.is_valid():
        try:
            period = create_period(
                organisation,
                form.cleaned_data["kind"],
                form.cleaned_data["year"],
                form.cleaned_data["number"],
                acting_user=request.user,
            )
        except EmulationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Đã tạo kỳ thi đua %(label)s.") % {"label": period.label})
            return redirect("emulation:period_detail", period.pk)
    periods = access.periods_for(request.user).select_related("closing__closed_by__staff")
    return render(
        request,
        "emulation/period_list.html",
        {"periods": periods, "form": form, "can_manage": True, "error": error},
        status=400,
    )


@login_required
@require_GET
def period_detail(request, pk):
    period = access.period_for(request.user, pk)
    result, missing = _result_or_none(period)
    allowed = access.readable_unit_ids(request.user)
    context = {
        "period": period,
        "result": result,
        "missing_criteria": missing,
        "closings": period.closings.select_related(
            "closed_by__staff", "reopened_by__staff", "criteria_version"
        ),
        "can_manage": access.can_manage(request.user),
        "can_export": access.can_export(request.user),
        "org_wide": allowed is None,
        "own_units": allowed or set(),
    }
    if result is not None:
        groups = result.used_groups
        context["groups"] = [(g, Group.LABELS[g]) for g in groups]
        context["unit_rows"] = [
            {
                "row": row,
                "cells": [points_text(row.groups.get(g, 0)) for g in groups],
                "readable": allowed is None or row.id in allowed,
            }
            for row in result.units
        ]
        people = (
            result.people if allowed is None else [r for r in result.people if r.unit_id in allowed]
        )
        context["people"] = people[:PEOPLE_SHOWN]
        context["people_total"] = len(people)
        context["pending"] = (
            ManualScore.objects.filter(
                period=period, submitted_at__isnull=False, appraised_at__isnull=True
            )
            .select_related("unit")
            .count()
        )
    return render(request, "emulation/period_detail.html", context)


@login_required
@require_GET
def unit_detail(request, pk, unit_pk):
    period = access.period_for(request.user, pk)
    unit = access.unit_in_period(request.user, period, unit_pk)
    result, missing = _result_or_none(period)
    manual = {
        m.code: m
        for m in ManualScore.objects.filter(period=period, unit=unit)
        .select_related("submitted_by__staff", "appraised_by__staff")
        .prefetch_related("evidence")
    }
    criteria = result.criteria if result else None
    items = [(item, manual.get(item.code)) for item in (criteria.manual if criteria else ())]
    staff = getattr(request.user, "staff", None)
    return render(
        request,
        "emulation/unit_detail.html",
        {
            "period": period,
            "unit": unit,
            "result": result,
            "missing_criteria": missing,
            "row": result.unit_row(unit.pk) if result else None,
            "people": result.people_of(unit.pk) if result else [],
            "unit_count": len(result.units) if result else 0,
            "items": items,
            "can_manage": access.can_manage(request.user),
            "can_self_score": (
                not period.is_closed
                and access.has_role(request.user, *access.SELF_SCORE_ROLES)
                and staff is not None
                and unit.pk in access.own_unit_ids(request.user)
            ),
        },
    )


@login_required
@require_POST
def period_close(request, pk):
    period = access.managed_period(request.user, pk)
    try:
        closing = close_period(period, acting_user=request.user)
    except EmulationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Đã chốt điểm %(label)s (lần %(n)d).") % {"label": period.label, "n": closing.number},
        )
    return redirect("emulation:period_detail", period.pk)


@login_required
@require_http_methods(["GET", "POST"])
def period_reopen(request, pk):
    period = access.managed_period(request.user, pk)
    form = ReopenForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            reopen_period(period, acting_user=request.user, reason=form.cleaned_data["reason"])
        except EmulationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Đã mở lại kỳ %(label)s.") % {"label": period.label})
            return redirect("emulation:period_detail", period.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "emulation/reopen.html",
        {"period": period, "form": form, "error": error},
        status=status,
    )


# ---- self-scores and appraisal -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def self_score(request, pk, unit_pk, code):
    period = access.period_for(request.user, pk)
    unit = access.self_score_unit(request.user, period, unit_pk)
    version = latest_version(period)
    item = version.criteria().manual_criterion(code) if version else None
    if item is None:
        raise Http404
    current = (
        ManualScore.objects.filter(period=period, unit=unit, code=code)
        .prefetch_related("evidence")
        .first()
    )
    initial = {}
    if current and current.self_points is not None:
        initial = {"points": points_text(current.self_points), "note": current.self_note}
    form = SelfScoreForm(request.POST or None, request.FILES or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            submit_self_score(
                period,
                unit,
                code,
                form.cleaned_data["points"],
                form.cleaned_data["note"],
                form.uploads(),
                acting_user=request.user,
            )
        except EmulationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Đã gửi điểm tự chấm; chờ chuyên viên CCHC thẩm định."))
            return redirect("emulation:unit_detail", period.pk, unit.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "emulation/self_score.html",
        {
            "period": period,
            "unit": unit,
            "item": item,
            "current": current,
            "form": form,
            "error": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def appraisal(request, pk, score_pk):
    period = access.managed_period(request.user, pk)
    score = access.manual_score_for_appraisal(request.user, period, score_pk)
    initial = {
        "points": points_text(
            score.appraised_points if score.appraised_points is not None else score.self_points or 0
        ),
        "reason": score.appraisal_reason,
    }
    form = AppraisalForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            appraise(
                score,
                form.cleaned_data["points"],
                form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except EmulationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Đã thẩm định điểm của %(unit)s.") % {"unit": score.unit})
            return redirect("emulation:unit_detail", period.pk, score.unit_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "emulation/appraise.html",
        {"period": period, "score": score, "form": form, "error": error},
        status=status,
    )


@login_required
@require_GET
def evidence_file(request, pk):
    evidence = access.evidence_for(request.user, pk)
    inline = evidence.content_type.startswith("image/")
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


# ---- exports -------------------------------------------------------------------------------


def _export_result(request, pk):
    period = access.exportable_period(request.user, pk)
    result, missing = _result_or_none(period)
    if result is None:
        messages.error(request, missing)
        return period, None
    return period, result


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def export_xlsx(request, pk):
    period, result = _export_result(request, pk)
    if result is None:
        return redirect("emulation:period_detail", period.pk)
    return _download(export.xlsx_bytes(result), export.XLSX_TYPE, export.filename(result, "xlsx"))


@login_required
@require_GET
def export_docx(request, pk):
    period, result = _export_result(request, pk)
    if result is None:
        return redirect("emulation:period_detail", period.pk)
    data = export.docx_bytes(result, signature=signer_for(period.organisation, period.year))
    return _download(data, export.DOCX_TYPE, export.filename(result, "docx"))


# ---- criteria ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def criteria_edit(request):
    require_role(request.user, *access.MANAGE_ROLES)
    organisation = organisation_of(request.user)
    year_form = YearForm(request.GET)
    year = (year_form.cleaned_data.get("year") if year_form.is_valid() else None) or (
        timezone.localdate().year
    )
    criteria_set = (
        CriteriaSet.objects.filter(organisation=organisation, year=year)
        .prefetch_related("versions__created_by__staff")
        .first()
    )
    versions = list(criteria_set.versions.all()) if criteria_set else []
    latest = versions[0] if versions else None
    current = latest.criteria() if latest else default_criteria()
    if request.method == "POST":
        form = CriteriaForm(request.POST)
        articles = ArticleRuleFormSet(request.POST, prefix="articles")
        manual = ManualFormSet(request.POST, prefix="manual")
    else:
        form = CriteriaForm(initial=CriteriaForm.initial_for(current))
        articles = ArticleRuleFormSet(initial=article_initial(current), prefix="articles")
        manual = ManualFormSet(initial=manual_initial(current), prefix="manual")
    error = None
    if request.method == "POST":
        if form.is_valid() and articles.is_valid() and manual.is_valid():
            try:
                version = save_criteria(
                    organisation,
                    year,
                    build_criteria(form, articles, manual),
                    acting_user=request.user,
                    note=form.cleaned_data.get("note") or "",
                )
            except (EmulationError, CriteriaError) as exc:
                error = str(exc)
            else:
                messages.success(
                    request,
                    _("Đã lưu tiêu chí thi đua năm %(year)d (phiên bản %(n)d).")
                    % {"year": year, "n": version.number},
                )
                return redirect(f"{request.path}?year={year}")
        else:
            error = _("Tiêu chí chưa hợp lệ; xem các ô được đánh dấu.")
    return render(
        request,
        "emulation/criteria.html",
        {
            "year": year,
            "form": form,
            "articles": articles,
            "manual": manual,
            "latest": latest,
            "versions": versions,
            "is_default": latest is None,
            "error": error,
        },
        status=400 if error else 200,
    )
