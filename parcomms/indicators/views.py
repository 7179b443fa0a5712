from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parcomms.plans.models import Plan

from . import access, services
from .forms import AssessmentForm, ResultForm, ResultImportForm, YearForm
from .importing import ResultFileError, write_results_xlsx
from .models import Indicator, Result
from .trends import trend_charts, year_span

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _current_plan(organisation):
    return (
        Plan.objects.filter(organisation=organisation)
        .order_by("-year", "-pk")
        .prefetch_related("targets")
        .first()
    )


@login_required
@require_GET
def indicator_list(request):
    organisation = access.reading_organisation(request.user)
    indicators = list(Indicator.objects.all())
    results = services.results_by_indicator(organisation)
    plan = _current_plan(organisation)
    last_year = services.plan_year(plan) if plan else None
    all_years = [y for scopes in results.values() for years in scopes.values() for y in years]
    years = year_span(all_years, last_year or max(all_years, default=2022))
    rows = []
    for indicator in indicators:
        for scope in sorted(results.get(indicator.code, {}) or {"": {}}):
            by_year = results.get(indicator.code, {}).get(scope, {})
            rows.append(
                {
                    "indicator": indicator,
                    "scope": scope,
                    "scope_label": dict(Result.Scope.choices).get(scope, scope),
                    "cells": [by_year.get(y) for y in years],
                }
            )
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "rows": rows,
            "years": years,
            "can_edit": access.can_edit(request.user),
            "organisation": organisation,
        },
    )


@login_required
@require_GET
def indicator_detail(request, code):
    organisation = access.reading_organisation(request.user)
    indicator = access.indicator_for(request.user, code)
    results = list(
        Result.objects.filter(organisation=organisation, indicator=indicator).select_related(
            "updated_by"
        )
    )
    plan = _current_plan(organisation)
    verdicts = [
        v for v in (services.plan_verdicts(plan) if plan else []) if v.target.indicator == code
    ]
    until = services.plan_year(plan) if plan else max((r.year for r in results), default=2022)
    years = year_span([r.year for r in results], until)
    charts = []
    for scope in sorted({r.scope for r in results} or {""}):
        history = {r.year: r.observation() for r in results if r.scope == scope}
        targets = [
            services.as_parsed_target(v.target)
            for v in verdicts
            if (v.target.scope or "") in (scope, "")
        ]
        trend = trend_charts(
            indicator.info(), history, years, targets, uid=f"ind-{indicator.pk}-{scope or 'all'}"
        )
        charts.append(
            {"scope": dict(Result.Scope.choices).get(scope, scope) if scope else "", "trend": trend}
        )
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "results": results,
            "charts": charts,
            "verdicts": verdicts,
            "plan": plan,
            "can_edit": access.can_edit(request.user),
        },
    )


def _definitions():
    return services.definitions_by_code()


def _save_from_form(request, form, organisation, replacing=None):
    row = form.row
    return services.save_result(
        organisation=organisation,
        indicator=Indicator.objects.get(code=row.indicator),
        year=row.year,
        scope=row.scope,
        acting_user=request.user,
        replacing=replacing,
        **services.row_values(row, organisation),
    )


@login_required
@require_http_methods(["GET", "POST"])
def result_add(request):
    organisation = access.editing_organisation(request.user)
    initial = {
        "indicator": request.GET.get("indicator", ""),
        "territory": services.default_territory(organisation),
        "source_kind": "P",
    }
    form = ResultForm(request.POST or None, initial=initial, definitions=_definitions())
    if request.method == "POST" and form.is_valid():
        row = form.row
        if Result.objects.filter(
            organisation=organisation, indicator__code=row.indicator, year=row.year, scope=row.scope
        ).exists():
            form.add_error(
                "year",
                _("Đã có kết quả của chỉ số này cho năm %(year)s; hãy sửa kết quả đó.")
                % {"year": row.year},
            )
        else:
            result, _created = _save_from_form(request, form, organisation)
            messages.success(request, _("Đã lưu kết quả %(result)s.") % {"result": result})
            return redirect("indicators:detail", code=row.indicator)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "indicators/result_form.html", {"form": form, "result": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def result_edit(request, pk):
    result = access.result_for_edit(request.user, pk)
    organisation = result.organisation
    form = ResultForm(
        request.POST or None, initial=ResultForm.initial_from(result), definitions=_definitions()
    )
    if request.method == "POST" and form.is_valid():
        row = form.row
        clash = (
            Result.objects.filter(
                organisation=organisation,
                indicator__code=row.indicator,
                year=row.year,
                scope=row.scope,
            )
            .exclude(pk=result.pk)
            .exists()
        )
        if clash:
            form.add_error("year", _("Đã có một kết quả khác cho chỉ số, năm và phạm vi này."))
        else:
            saved, _created = _save_from_form(request, form, organisation, replacing=result)
            messages.success(request, _("Đã lưu kết quả %(result)s.") % {"result": saved})
            return redirect("indicators:detail", code=row.indicator)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "indicators/result_form.html", {"form": form, "result": result}, status=status
    )


@login_required
@require_POST
def result_delete(request, pk):
    result = access.result_for_edit(request.user, pk)
    code, label = result.indicator.code, str(result)
    services.delete_result(result, acting_user=request.user)
    messages.success(request, _("Đã xóa kết quả %(result)s.") % {"result": label})
    return redirect("indicators:detail", code=code)


@login_required
@require_http_methods(["GET", "POST"])
def result_import(request):
    organisation = access.editing_organisation(request.user)
    form = ResultImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "organisation": organisation}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = services.import_results(
                upload.read(), upload.name, organisation=organisation, acting_user=request.user
            )
        except ResultFileError as exc:
            context["file_error"] = str(exc)
            return render(request, "indicators/result_import.html", context, status=400)
        if not outcome.ok:
            context["errors"] = outcome.errors
            return render(request, "indicators/result_import.html", context, status=400)
        messages.success(
            request,
            _("Đã nhập kết quả: %(created)d mới, %(updated)d cập nhật, %(unchanged)d không đổi.")
            % {
                "created": outcome.created,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
            },
        )
        return redirect("indicators:list")
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/result_import.html", context, status=status)


@login_required
@require_GET
def result_template(request):
    organisation = access.editing_organisation(request.user)
    rows = services.reference_rows(services.default_territory(organisation))
    data = write_results_xlsx(rows, services.definitions_by_code().values())
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-ket-qua-chi-so.xlsx"'
    return response


@login_required
@require_GET
def target_list(request):
    organisation = access.reading_organisation(request.user)
    plans = list(Plan.objects.filter(organisation=organisation).order_by("-year", "-pk"))
    plan = None
    if request.GET.get("plan"):
        plan = access.plan_for(request.user, request.GET["plan"])
    elif plans:
        plan = plans[0]
    year_form = YearForm(request.GET or None)
    year = year_form.cleaned_data.get("year") if year_form.is_valid() else None
    verdicts = services.plan_verdicts(plan, year=year) if plan else []
    return render(
        request,
        "indicators/target_list.html",
        {
            "plans": plans,
            "plan": plan,
            "year": year or (services.plan_year(plan) if plan else None),
            "year_form": year_form,
            "verdicts": verdicts,
            "can_edit": access.can_edit(request.user),
        },
    )


@login_required
@require_POST
def target_assess(request, pk):
    target = access.target_for_assessment(request.user, pk)
    form = AssessmentForm(request.POST)
    if target.kind != "qualitative":
        messages.error(request, _("Chỉ tiêu này được đánh giá tự động theo kết quả chỉ số."))
    elif form.is_valid():
        services.assess_target(
            target,
            year=form.cleaned_data["year"],
            achieved=form.cleaned_data["achieved"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
        )
        messages.success(request, _("Đã lưu đánh giá chỉ tiêu."))
    else:
        messages.error(request, _("Đánh giá chưa hợp lệ: hãy chọn Đạt hoặc Không đạt và năm."))
    return redirect(f"{reverse('indicators:targets')}?plan={target.plan_id}")
