import datetime as dt
import io
from dataclasses import dataclass

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from parcomms.dashboard.data import current_plan, reference_day
from parcomms.org.access import organisation_of
from parcomms.org.roles import has_role
from parcomms.vn import periods as vn_periods
from parcomms.vn.dates import DATE_RE, date_from_match
from parcomms.vn.text import nfc

from . import access, queries, rules
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    AttendanceForm,
    CheckInForm,
    CoverageFilterForm,
    RuleForm,
)
from .ics import CalendarEvent, build_calendar
from .models import Activity, Attendance, UnitCalendar
from .obligations import evaluate_obligations
from .providers import day_bounds
from .rules import format_day
from .services import (
    ActivityError,
    attendance_summary,
    calendar_for,
    confirm_presence,
    delete_rule,
    record_activity,
    record_attendance,
    save_rule,
    update_activity,
)

PUBLIC_LOGIN = "/admin/login/"


def _form_kwargs(user, activity=None):
    return {
        "units": access.recording_units(user),
        "org_units": access.organisation_units(user),
        "staff": access.organisation_staff(user),
        "plans": access.organisation_plans(user),
        "activity": activity,
    }


# --- Activities ----------------------------------------------------------------------------


@login_required
@require_GET
def activity_list(request):
    activities = access.activities_for(request.user)
    units = access.readable_units(request.user)
    form = ActivityFilterForm(request.GET or None, units=units)
    if form.is_valid():
        data = form.cleaned_data
        if data["unit"]:
            activities = activities.for_unit([data["unit"].pk])
        if data["kind"]:
            activities = activities.filter(kind=data["kind"])
        if data["month"]:
            first = data["month"].replace(day=1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            start, end = day_bounds(first, last)
            activities = activities.filter(starts_at__gte=start, starts_at__lt=end)
    activities = (
        activities.select_related("unit")
        .prefetch_related("topics")
        .annotate(
            invited=Count("attendance", distinct=True),
            present=Count(
                "attendance",
                filter=Q(attendance__status=Attendance.Status.PRESENT),
                distinct=True,
            ),
        )
        .order_by("-starts_at", "-pk")
    )
    page = Paginator(activities, 30).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "activities/activity_list.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "can_record": has_role(request.user, *access.WRITE_ROLES)
            and getattr(request.user, "staff", None) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    kwargs = _form_kwargs(request.user)
    staff = request.user.staff
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {
        "unit": staff.unit if kwargs["units"].filter(pk=staff.unit_id).exists() else None,
        "kind": Activity.Kind.LEGAL_DISSEMINATION,
        "channel": "meeting",
        "starts_at": now,
        "ends_at": now + dt.timedelta(hours=1),
        "reform_content": True,
        "count": 1,
    }
    form = ActivityForm(request.POST or None, request.FILES or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            activity = record_activity(
                form.values(),
                acting_user=request.user,
                organisation=organisation_of(request.user),
                topics=form.cleaned_data["topics"],
                documents=form.cleaned_data["documents"],
                invited_units=form.cleaned_data["invited_units"],
                uploads=form.uploads(),
            )
        except ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi nhận “%(title)s”.") % {"title": activity.title})
            return redirect("activities:detail", activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "activities/activity_form.html", {"form": form, "activity": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = access.managed_activity(request.user, pk)
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        initial=ActivityForm.initial_from(activity),
        **_form_kwargs(request.user, activity),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_activity(
                activity,
                form.values(),
                acting_user=request.user,
                topics=form.cleaned_data["topics"],
                documents=form.cleaned_data["documents"],
                invited_units=form.cleaned_data["invited_units"],
                uploads=form.uploads(),
                remove_files=form.cleaned_data["remove_files"],
            )
        except ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("activities:detail", activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "activity": activity},
        status=status,
    )


def checkin_url(request, activity) -> str:
    return request.build_absolute_uri(
        reverse("activities_public:checkin_code", args=[activity.code])
    )


@login_required
@require_GET
def activity_detail(request, pk):
    activity = access.activity_for(request.user, pk)
    can_manage = access.can_manage(request.user, activity)
    attendance = []
    if activity.is_session:
        attendance = list(
            activity.attendance.select_related("staff__unit").order_by(
                "staff__sort_key", "staff_id"
            )
        )
    opens, closes = activity.check_in_window()
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "can_manage": can_manage,
            "topics": activity.topics.select_related("plan"),
            "documents": activity.documents.all(),
            "invited_units": activity.invited_units.all(),
            "files": activity.files.all(),
            "attendance": attendance,
            "summary": attendance_summary(activity) if activity.is_session else None,
            "checkin_home": request.build_absolute_uri(reverse("activities_public:checkin")),
            "checkin_opens": opens,
            "checkin_closes": closes,
            "checkin_open": activity.check_in_open(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_attendance(request, pk):
    activity = access.managed_activity(request.user, pk)
    if not activity.is_session:
        raise Http404
    rows = list(
        activity.attendance.select_related("staff__unit").order_by("staff__sort_key", "staff_id")
    )
    form = AttendanceForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            summary = record_attendance(activity, form.statuses(), acting_user=request.user)
        except ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Đã lưu điểm danh: %(present)d/%(invited)d người có mặt.")
                % {"present": summary.present, "invited": summary.invited},
            )
            return redirect("activities:detail", activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "activities/attendance_form.html",
        {"activity": activity, "form": form},
        status=status,
    )


@login_required
@require_GET
def activity_qr(request, pk):
    activity = access.managed_activity(request.user, pk)
    if not activity.is_session:
        raise Http404
    buffer = io.BytesIO()
    segno.make(checkin_url(request, activity), error="m").save(
        buffer, kind="svg", scale=8, border=2, title=activity.code
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@login_required
@require_GET
def activity_file(request, pk, file_pk):
    activity = access.activity_for(request.user, pk)
    row = get_object_or_404(activity.files, pk=file_pk)
    inline = row.content_type.startswith("image/")
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=not inline,
        filename=row.name,
        content_type=row.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


# --- Obligations ---------------------------------------------------------------------------


# The overview walks back and forth by quarter unless a period of another kind is chosen.
NAV_KIND = vn_periods.QUARTER


@dataclass(frozen=True)
class ObligationDay:
    """The day whose periods the overview shows and how it was chosen."""

    day: dt.date
    period: vn_periods.MonthPeriod  # the period the previous/next links walk from
    source: str  # "ky", "ngay" or "default"
    error: str | None = None


def _parse_day(text: str) -> dt.date:
    """ "30/06/2023", "30-6-2023", "ngày 30 tháng 6 năm 2023" → the date; else PeriodError."""
    m = DATE_RE.fullmatch(nfc(text.strip()))
    day = date_from_match(m).to_date() if m else None
    if day is None:
        raise vn_periods.PeriodError(
            _("“%(text)s” không phải là một ngày hợp lệ (ví dụ: 30/06/2023).") % {"text": text}
        )
    if not 2000 <= day.year <= 2100:
        raise vn_periods.PeriodError(_("Năm của ngày phải trong khoảng 2000–2100."))
    return day


def _default_obligation_day(organisation, today: dt.date) -> dt.date:
    """Today, unless the latest plan year is over (then its last day, as the dashboard's
    reference day) or every rule ended before (then the last day a rule applied)."""
    day = today
    plan = current_plan(organisation)
    if plan is not None and plan.year and plan.year < today.year:
        day = reference_day(plan.year, today)
    end = queries.obligations_end(organisation)
    if end is not None and end < day:
        day = end
    return day


def _obligation_day(params, organisation, today: dt.date) -> ObligationDay:
    """The day chosen by `?ky=2023-Q2` (a period: today if it contains today, else its last
    day) or `?ngay=30/06/2023`; bad input gives the default day and a Vietnamese message."""
    ky, ngay = params.get("ky", "").strip(), params.get("ngay", "").strip()
    error = None
    try:
        if ky and ngay:
            raise vn_periods.PeriodError(_("Hãy chọn một kỳ hoặc một ngày, không chọn cả hai."))
        if ky:
            period = vn_periods.MonthPeriod.parse(ky)
            day = today if period.contains(today) else period.end
            return ObligationDay(day, period, "ky")
        if ngay:
            day = _parse_day(ngay)
            return ObligationDay(day, vn_periods.MonthPeriod.containing(NAV_KIND, day), "ngay")
    except vn_periods.PeriodError as exc:
        error = _("Không xem được kỳ đã chọn: %(reason)s Đang hiển thị kỳ mặc định.") % {
            "reason": str(exc)
        }
    day = _default_obligation_day(organisation, today)
    return ObligationDay(day, vn_periods.MonthPeriod.containing(NAV_KIND, day), "default", error)


def _neighbour(period, step: str):
    try:
        return getattr(period, step)()
    except vn_periods.PeriodError:  # before 2000 or after 2100
        return None


@login_required
@require_GET
def obligation_overview(request):
    units = access.readable_units(request.user)
    organisation = organisation_of(request.user)
    today = timezone.localdate()
    chosen = _obligation_day(request.GET, organisation, today)
    if chosen.error:
        messages.error(request, chosen.error)
    statuses = queries.obligation_status(
        organisation,
        day=chosen.day,
        today=today,
        unit_ids=units.values_list("pk", flat=True),
    )
    totals = {s: 0 for s in rules.Status}
    for status in statuses:
        for _rule, verdict in status.obligations:
            totals[verdict.status] += 1
    return render(
        request,
        "activities/obligation_overview.html",
        {
            "statuses": statuses,
            "today": today,
            "day": chosen.day,
            "period": chosen.period,
            "source": chosen.source,
            "previous": _neighbour(chosen.period, "previous"),
            "next": _neighbour(chosen.period, "next"),
            "ky_value": "" if chosen.source == "ngay" else chosen.period.key,
            "ngay_value": format_day(chosen.day) if chosen.source == "ngay" else "",
            "totals": [(s, s.label, totals[s]) for s in rules.Status if totals[s]],
            "can_manage_rules": has_role(request.user, *access.RULE_ROLES),
        },
    )


@login_required
@require_GET
def unit_obligations(request, pk):
    unit = access.unit_for(request.user, pk)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year)
    first = dt.date(year, 1, 1)
    last = min(dt.date(year, 12, 31), today)
    obligations = evaluate_obligations(
        unit.organisation, first=first, last=last, today=today, units=[unit]
    )
    return render(
        request,
        "activities/unit_obligations.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "obligations": obligations,
            "today": today,
        },
    )


# --- Rules ---------------------------------------------------------------------------------


@login_required
@require_GET
def rule_list(request):
    rule_rows = (
        access.rules_for(request.user).select_related("plan", "duty").prefetch_related("units")
    )
    plans = access.organisation_plans(request.user).prefetch_related("duties")
    return render(request, "activities/rule_list.html", {"rules": rule_rows, "plans": plans})


def _rule_form(request, rule=None, initial=None):
    return RuleForm(
        request.POST or None,
        initial=initial,
        plans=access.organisation_plans(request.user),
        units=access.organisation_units(request.user),
    )


def _duty_initial(request) -> dict:
    duty_id = request.GET.get("duty")
    if not duty_id or not duty_id.isdigit():
        return {"all_units": True, "active_from": timezone.localdate().replace(month=1, day=1)}
    from parcomms.plans.models import Duty

    duty = get_object_or_404(
        Duty.objects.filter(plan__in=access.organisation_plans(request.user)).select_related(
            "plan"
        ),
        pk=int(duty_id),
    )
    suggestion = rules.suggest_rule(duty.text)
    year = duty.plan.year or timezone.localdate().year
    title = duty.text if len(duty.text) <= 300 else duty.text[:299] + "…"
    return {
        "plan": duty.plan,
        "duty": duty,
        "title": title,
        "counts": suggestion.counts,
        "period": suggestion.period.value,
        "required": suggestion.required,
        "all_units": True,
        "active_from": dt.date(year, 1, 1),
        "active_until": dt.date(year, 12, 31),
    }


@login_required
@require_http_methods(["GET", "POST"])
def rule_create(request):
    access.rules_for(request.user)
    form = _rule_form(request, initial=_duty_initial(request) if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = save_rule(
                form.values(),
                acting_user=request.user,
                organisation=organisation_of(request.user),
                units=form.cleaned_data["units"],
            )
        except ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo nghĩa vụ “%(title)s”.") % {"title": rule.title})
            return redirect("activities:rules")
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/rule_form.html", {"form": form, "rule": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request, pk):
    rule = access.rule_for(request.user, pk)
    form = _rule_form(request, rule, initial=RuleForm.initial_from(rule))
    if request.method == "POST" and form.is_valid():
        try:
            save_rule(
                form.values(),
                acting_user=request.user,
                organisation=rule.organisation,
                units=form.cleaned_data["units"],
                rule=rule,
            )
        except ActivityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu nghĩa vụ “%(title)s”.") % {"title": rule.title})
            return redirect("activities:rules")
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/rule_form.html", {"form": form, "rule": rule}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rule_delete(request, pk):
    rule = access.rule_for(request.user, pk)
    if request.method == "POST":
        delete_rule(rule, acting_user=request.user)
        messages.success(request, _("Đã xóa nghĩa vụ “%(title)s”.") % {"title": rule.title})
        return redirect("activities:rules")
    return render(request, "activities/rule_delete.html", {"rule": rule})


# --- Coverage ------------------------------------------------------------------------------


@login_required
@require_GET
def coverage(request):
    units = access.readable_units(request.user)
    org_wide = access.is_org_wide(request.user)
    plans = access.organisation_plans(request.user)
    form = CoverageFilterForm(
        request.GET or None, plans=plans, units=units, allow_all_units=org_wide
    )
    plan = unit = None
    if form.is_valid():
        plan, unit = form.cleaned_data["plan"], form.cleaned_data["unit"]
    plan = plan or plans.order_by("-year", "-pk").first()
    if unit is None and not org_wide:
        unit = units.filter(pk=request.user.staff.unit_id).first() or units.first()
    matrix = None
    if plan is not None:
        year = plan.year or timezone.localdate().year
        matrix = queries.coverage_matrix(
            organisation_of(request.user),
            plan,
            dt.date(year, 1, 1),
            dt.date(year, 12, 31),
            unit=unit,
        )
    return render(
        request,
        "activities/coverage.html",
        {"form": form, "plan": plan, "unit": unit, "matrix": matrix},
    )


# --- Calendar feed -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def unit_calendar(request, pk):
    unit = access.unit_for(request.user, pk)
    may_change = has_role(request.user, *access.WRITE_ROLES) and (
        access.recording_units(request.user).filter(pk=unit.pk).exists()
    )
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        calendar_for(unit, acting_user=request.user, rotate=request.POST.get("action") == "rotate")
        messages.success(request, _("Đã cấp đường dẫn lịch mới cho đơn vị."))
        return redirect("activities:calendar", unit.pk)
    feed = UnitCalendar.objects.filter(unit=unit).first()
    url = (
        request.build_absolute_uri(reverse("activities_public:ics", args=[feed.token]))
        if feed
        else ""
    )
    return render(
        request,
        "activities/unit_calendar.html",
        {"unit": unit, "feed_url": url, "may_change": may_change},
    )


# --- Public: self check-in and the .ics feed -----------------------------------------------


@login_required(login_url=PUBLIC_LOGIN)
@require_http_methods(["GET", "POST"])
def checkin(request, code=""):
    form = CheckInForm(request.POST or None, initial={"code": code})
    context = {"form": form, "result": None}
    if request.method == "POST":
        if form.is_valid():
            try:
                context["result"] = confirm_presence(
                    form.cleaned_data["code"], acting_user=request.user
                )
            except ActivityError as exc:
                form.add_error("code", str(exc))
            else:
                return render(request, "activities/checkin.html", context)
        return render(request, "activities/checkin.html", context, status=400)
    return render(request, "activities/checkin.html", context)


FEED_DAYS_BACK = 400
FEED_LIMIT = 1000


@require_GET
def ics_feed(request, token):
    feed = get_object_or_404(UnitCalendar.objects.select_related("unit"), token=token)
    now = timezone.now()
    sessions = (
        Activity.objects.sessions()
        .filter(
            organisation_id=feed.unit.organisation_id,
            starts_at__gte=now - dt.timedelta(days=FEED_DAYS_BACK),
        )
        .for_unit([feed.unit.pk])
        .select_related("unit")
        .order_by("starts_at")[:FEED_LIMIT]
    )
    host = request.get_host().split(":")[0]
    events = [
        CalendarEvent(
            uid=f"activity-{a.pk}@{host}",
            title=f"{a.get_kind_display()}: {a.title}",
            starts_at=a.starts_at,
            ends_at=a.ends_at or a.starts_at + dt.timedelta(hours=1),
            place=a.place,
            description=f"Đơn vị tổ chức: {a.unit.name}",
            url=request.build_absolute_uri(reverse("activities:detail", args=[a.pk])),
            cancelled=a.is_cancelled,
            updated_at=a.updated_at,
        )
        for a in sessions
    ]
    body = build_calendar(f"Lịch sinh hoạt — {feed.unit.name}", events, now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="lich-{feed.unit.pk}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
