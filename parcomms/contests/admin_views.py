"""Admin pages (Wagtail): question bank, contest and round set-up, live statistics,
results, certificates and awareness reports."""

from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncHour
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parcomms.org.access import organisation_of, unit_for
from parcomms.org.models import Staff, Unit
from parcomms.org.roles import Role, has_role
from parcomms.plans.models import Plan, Topic
from parcomms.vn.collation import vn_sorted
from parcomms.vn.numbers import format_decimal, format_percent
from parcomms.vn.text import fold

from . import access, awareness, services
from .forms import (
    AwarenessStudyForm,
    ContestForm,
    QuestionFilterForm,
    QuestionForm,
    QuestionImportForm,
    RoundForm,
    RoundQuestionsForm,
)
from .models import (
    Attempt,
    AttemptQuestion,
    AwarenessStudy,
    Contest,
    Entrant,
    Question,
    Round,
    RoundResult,
    UnitResult,
)
from .public_views import _duration, certificate_for
from .question_file import TEMPLATE_QUESTIONS, QuestionFileError, write_question_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _topics(organisation):
    return Topic.objects.filter(plan__organisation=organisation).select_related("plan")


# ------------------------------------------------------------------ question bank


def _filtered_questions(request):
    form = QuestionFilterForm(request.GET or None)
    questions = Question.objects.visible_to(request.user).prefetch_related(
        "options", "topics", "documents"
    )
    if form.is_valid():
        d = form.cleaned_data
        for word in fold(d["q"]).split():
            questions = questions.filter(search_text__contains=word)
        if d["area"]:
            questions = questions.filter(area=d["area"].strip().lower())
        if d["difficulty"]:
            questions = questions.filter(difficulty=d["difficulty"])
    return form, questions


@login_required
@require_GET
def question_list(request):
    access.require_role(request.user, *access.MANAGE_ROLES)
    form, questions = _filtered_questions(request)
    page = Paginator(questions, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "contests/admin/question_list.html",
        {"page": page, "form": form, "total": page.paginator.count},
    )


def _question_form_page(request, question=None):
    organisation = organisation_of(request.user)
    topics = _topics(organisation)
    initial = None
    if question is not None:
        initial = {
            "text": question.text,
            "topics": list(question.topics.all()),
            "documents": "; ".join(d.key for d in question.documents.all()),
            "difficulty": question.difficulty,
            "explanation": question.explanation,
            "source": question.source,
            "is_active": question.is_active,
        }
        for letter, option in zip("ABCDEF", question.options.all(), strict=False):
            initial[f"option_{letter}"] = option.text
            initial[f"correct_{letter}"] = option.is_correct
    form = QuestionForm(request.POST or None, initial=initial, topics=topics)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = services.save_question(
                organisation=organisation,
                acting_user=request.user,
                question=question,
                text=d["text"],
                options=form.options(),
                topics=d["topics"],
                documents=d["documents"],
                difficulty=d["difficulty"],
                explanation=d["explanation"],
                source=d["source"],
                is_active=d["is_active"],
            )
        except services.ContestError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu câu hỏi số %(n)d.") % {"n": saved.pk})
            return redirect("contests_admin:questions")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "contests/admin/question_form.html",
        {"form": form, "question": question},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request):
    access.require_role(request.user, *access.MANAGE_ROLES)
    return _question_form_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    return _question_form_page(request, access.question_for(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def question_import(request):
    access.require_role(request.user, *access.MANAGE_ROLES)
    organisation = organisation_of(request.user)
    plans = Plan.objects.filter(organisation=organisation).order_by("-year", "-pk")
    form = QuestionImportForm(request.POST or None, request.FILES or None, plans=plans)
    context = {"form": form, "organisation": organisation}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_questions(
                upload.read(),
                upload.name,
                organisation=organisation,
                acting_user=request.user,
                plan=form.cleaned_data["plan"],
                skip_existing=form.cleaned_data["skip_existing"],
            )
        except QuestionFileError as exc:
            context["file_error"] = exc.message
            return render(request, "contests/admin/question_import.html", context, status=400)
        if not result.ok:
            context["errors"] = result.errors
            return render(request, "contests/admin/question_import.html", context, status=400)
        messages.success(
            request,
            _("Đã nhập %(created)d câu hỏi; bỏ qua %(skipped)d câu đã có.")
            % {"created": result.created, "skipped": result.skipped},
        )
        return redirect("contests_admin:questions")
    status = 400 if request.method == "POST" else 200
    return render(request, "contests/admin/question_import.html", context, status=status)


@login_required
@require_GET
def question_export(request):
    access.require_role(request.user, *access.MANAGE_ROLES)
    _form, questions = _filtered_questions(request)
    return _xlsx(write_question_xlsx(services.export_rows(questions)), "ngan-hang-cau-hoi.xlsx")


@login_required
@require_GET
def question_template(request):
    access.require_role(request.user, *access.MANAGE_ROLES)
    return _xlsx(write_question_xlsx(TEMPLATE_QUESTIONS), "mau-cau-hoi.xlsx")


# ------------------------------------------------------------------ contests


@login_required
@require_GET
def contest_list(request):
    access.require_role(request.user, *access.STATS_ROLES)
    contests = (
        Contest.objects.visible_to(request.user)
        .annotate(
            round_count=Count("rounds", distinct=True),
            entrant_count=Count("entrants", distinct=True),
        )
        .select_related("organisation")
    )
    return render(
        request,
        "contests/admin/contest_list.html",
        {
            "contests": contests,
            "can_manage": has_role(request.user, *access.MANAGE_ROLES),
        },
    )


def _contest_form_page(request, contest=None):
    organisation = organisation_of(request.user)
    units = Unit.objects.filter(organisation=organisation)
    initial = None
    if contest is not None:
        initial = {
            **{
                k: getattr(contest, k)
                for k in (
                    "title",
                    "slug",
                    "description",
                    "kind",
                    "audience",
                    "require_verification",
                    "has_prediction",
                    "prediction_text",
                    "is_published",
                )
            },
            "audience_organisations": list(contest.audience_organisations.all()),
            "audience_units": list(contest.audience_units.all()),
            "registration_units": list(contest.registration_units.all()),
        }

    def slug_taken(slug):
        return Contest.objects.filter(slug=slug).exclude(pk=getattr(contest, "pk", None)).exists()

    form = ContestForm(request.POST or None, initial=initial, units=units, slug_taken=slug_taken)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        saved = services.save_contest(
            organisation=organisation,
            acting_user=request.user,
            contest=contest,
            values=form.values(),
            audience_organisations=d["audience_organisations"],
            audience_units=d["audience_units"],
            registration_units=d["registration_units"],
        )
        messages.success(request, _("Đã lưu cuộc thi."))
        return redirect("contests_admin:contest", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "contests/admin/contest_form.html",
        {"form": form, "contest": contest},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contest_create(request):
    access.require_role(request.user, *access.MANAGE_ROLES)
    return _contest_form_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def contest_edit(request, pk):
    return _contest_form_page(request, access.contest_managed(request.user, pk))


def live_statistics(contest: Contest, user, *, now=None):
    """Entries per hour (last 48 hours with entries) and per unit, for the contest page."""
    now = now or timezone.now()
    submitted = Attempt.objects.filter(round__contest=contest, status=Attempt.Status.SUBMITTED)
    since = now - timedelta(hours=48)
    per_hour = list(
        submitted.filter(submitted_at__gte=since)
        .annotate(hour=TruncHour("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("hour")
        .annotate(n=Count("pk"))
        .order_by("hour")
    )
    peak = max((row["n"] for row in per_hour), default=0)
    for row in per_hour:
        row["width"] = round(100 * row["n"] / peak) if peak else 0
    visible_units = Unit.objects.visible_to(user)
    per_unit_rows = (
        submitted.filter(entrant__unit__in=visible_units)
        .values("entrant__unit_id")
        .annotate(entries=Count("pk"), people=Count("entrant", distinct=True))
    )
    by_unit = {row["entrant__unit_id"]: row for row in per_unit_rows}
    staff_counts = services._staff_counts(contest)
    visible_ids = set(visible_units.values_list("pk", flat=True))
    unit_ids = set(by_unit) | (set(staff_counts) & visible_ids)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    per_unit = []
    for unit_id, unit in units.items():
        row = by_unit.get(unit_id, {})
        staff = staff_counts.get(unit_id)
        people = row.get("people", 0)
        per_unit.append(
            {
                "unit": unit,
                "entries": row.get("entries", 0),
                "people": people,
                "staff": staff,
                "rate": format_percent(min(1, people / staff) * 100, places=1) if staff else "—",
            }
        )
    per_unit = vn_sorted(per_unit, key=lambda r: r["unit"].name)
    totals = submitted.aggregate(
        entries=Count("pk"), people=Count("entrant", distinct=True), last=Max("submitted_at")
    )
    open_now = Attempt.objects.filter(
        round__contest=contest, status=Attempt.Status.OPEN, deadline__gt=now
    ).count()
    return {
        "per_hour": per_hour,
        "per_unit": per_unit,
        "totals": totals,
        "open_now": open_now,
        "entrants": Entrant.objects.filter(contest=contest).count(),
    }


@login_required
@require_GET
def contest_detail(request, pk):
    contest = access.contest_for(request.user, pk)
    rounds = list(contest.rounds.annotate(pool=Count("questions", distinct=True)))
    now = timezone.now()
    entries = dict(
        Attempt.objects.filter(round__contest=contest, status=Attempt.Status.SUBMITTED)
        .values("round_id")
        .annotate(n=Count("pk"))
        .values_list("round_id", "n")
    )
    for r in rounds:
        r.state_now = r.state(now)
        r.entries = entries.get(r.pk, 0)
    return render(
        request,
        "contests/admin/contest_detail.html",
        {
            "contest": contest,
            "rounds": rounds,
            "stats": live_statistics(contest, request.user, now=now),
            "can_manage": has_role(request.user, *access.MANAGE_ROLES)
            and Contest.objects.managed_by(request.user).filter(pk=contest.pk).exists(),
            "now": now,
        },
    )


def _round_form_page(request, contest, round=None):
    def number_taken(number):
        return contest.rounds.filter(number=number).exclude(pk=getattr(round, "pk", None)).exists()

    next_number = (contest.rounds.aggregate(m=Max("number"))["m"] or 0) + 1
    form = RoundForm(
        request.POST or None,
        initial=RoundForm.initial_for(round, next_number),
        number_taken=number_taken,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_round(
                contest=contest, acting_user=request.user, values=form.values(), round=round
            )
        except services.ContestError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu %(round)s.") % {"round": saved.label})
            if round is None:
                return redirect("contests_admin:round_questions", pk=saved.pk)
            return redirect("contests_admin:contest", pk=contest.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "contests/admin/round_form.html",
        {"form": form, "contest": contest, "round": round},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request, pk):
    return _round_form_page(request, access.contest_managed(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    round = access.round_for(request.user, pk)
    return _round_form_page(request, round.contest, round)


@login_required
@require_http_methods(["GET", "POST"])
def round_questions(request, pk):
    round = access.round_for(request.user, pk)
    _filter, questions = _filtered_questions(request)
    questions = questions.filter(Q(is_active=True) | Q(rounds=round)).distinct()
    form = RoundQuestionsForm(
        request.POST or None,
        initial={"questions": list(round.questions.all())},
        questions=questions,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["questions"]
        if request.POST.get("mode") == "add":
            chosen = list(round.questions.all()) + list(chosen)
        try:
            count = services.set_round_questions(
                round=round, acting_user=request.user, questions=set(chosen)
            )
        except services.ContestError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Vòng thi có %(n)d câu hỏi để rút đề.") % {"n": count})
            return redirect("contests_admin:contest", pk=round.contest_id)
    selected = set(round.questions.values_list("pk", flat=True))
    areas = defaultdict(int)
    for area in round.questions.values_list("area", flat=True):
        areas[area or "—"] += 1
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "contests/admin/round_questions.html",
        {
            "round": round,
            "contest": round.contest,
            "form": form,
            "filter": _filter,
            "questions": questions,
            "selected": selected,
            "areas": sorted(areas.items()),
        },
        status=status,
    )


@login_required
@require_POST
def round_compute(request, pk):
    round = access.round_for(request.user, pk)
    try:
        services.compute_round_results(round, acting_user=request.user)
    except services.ContestError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã tính kết quả %(round)s.") % {"round": round.label})
    return redirect("contests_admin:round_results", pk=round.pk)


@login_required
@require_GET
def round_results(request, pk):
    round = access.round_for(request.user, pk, manage=False)
    results = RoundResult.objects.filter(round=round).select_related("entrant__unit")
    if not has_role(request.user, Role.ADMIN, Role.REFORM_OFFICER, Role.LEADERSHIP):
        # Unit heads see the people of their own units.
        results = results.filter(entrant__unit__in=Unit.objects.visible_to(request.user))
    page = Paginator(results.order_by("rank"), 100).get_page(request.GET.get("p"))
    for row in page:
        row.duration = _duration(row.duration_ms)
    units = UnitResult.objects.filter(round=round, unit__in=Unit.objects.visible_to(request.user))
    units = units.select_related("unit")
    for u in units:
        u.rate = (
            format_percent(u.participation_rate * 100, places=1)
            if u.participation_rate is not None
            else "—"
        )
        u.average = (
            format_decimal(u.average_correct, places=1) if u.average_correct is not None else "—"
        )
    return render(
        request,
        "contests/admin/round_results.html",
        {
            "round": round,
            "contest": round.contest,
            "page": page,
            "units": units,
            "can_manage": Contest.objects.managed_by(request.user)
            .filter(pk=round.contest_id)
            .exists(),
            "closed": timezone.now() >= round.closes_at,
        },
    )


@login_required
@require_GET
def unit_participants(request, pk, unit_pk):
    """One unit's staff in a staff contest: who took part, their best counted score."""
    contest = access.contest_for(request.user, pk)
    unit = unit_for(request.user, unit_pk)
    if (
        unit.organisation_id != contest.organisation_id
        and not contest.audience_organisations.filter(pk=unit.organisation_id).exists()
    ):
        return HttpResponse(status=404)
    staff = list(Staff.objects.filter(unit=unit, is_active=True).select_related("unit"))
    entries = defaultdict(lambda: {"attempts": 0, "best": None})
    for staff_id, correct in Attempt.objects.filter(
        round__contest=contest, status=Attempt.Status.SUBMITTED, entrant__staff__unit=unit
    ).values_list("entrant__staff_id", "correct_count"):
        e = entries[staff_id]
        e["attempts"] += 1
        e["best"] = correct if e["best"] is None else max(e["best"], correct)
    rows = [{"person": s, **entries.get(s.pk, {"attempts": 0, "best": None})} for s in staff]
    took_part = sum(1 for r in rows if r["attempts"])
    return render(
        request,
        "contests/admin/unit_participants.html",
        {
            "contest": contest,
            "unit": unit,
            "rows": rows,
            "took_part": took_part,
            "rate": format_percent(100 * took_part / len(rows), places=1) if rows else "—",
        },
    )


@login_required
@require_GET
def entrant_certificate(request, pk, entrant_pk):
    contest = access.contest_managed(request.user, pk)
    entrant = get_object_or_404(
        Entrant.objects.select_related("unit"), pk=entrant_pk, contest=contest
    )
    pdf = certificate_for(entrant, contest)
    if pdf is None:
        messages.error(request, _("Người này chưa có lượt dự thi nào trong vòng đã kết thúc."))
        return redirect("contests_admin:contest", pk=contest.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-chung-nhan-{entrant.pk}.pdf"'
    return response


# ------------------------------------------------------------------ awareness


@login_required
@require_GET
def study_list(request):
    access.require_role(request.user, *access.STATS_ROLES)
    studies = AwarenessStudy.objects.visible_to(request.user).select_related(
        "pre_round__contest", "post_round__contest"
    )
    return render(
        request,
        "contests/admin/study_list.html",
        {"studies": studies, "can_manage": has_role(request.user, *access.MANAGE_ROLES)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def study_create(request):
    access.require_role(request.user, *access.MANAGE_ROLES)
    organisation = organisation_of(request.user)
    rounds = Round.objects.filter(contest__organisation=organisation).select_related("contest")
    form = AwarenessStudyForm(request.POST or None, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            study = services.create_awareness_study(
                organisation=organisation, acting_user=request.user, **d
            )
        except services.ContestError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("contests_admin:study", pk=study.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "contests/admin/study_form.html", {"form": form}, status=status)


def study_answers(study: AwarenessStudy, user):
    """Answer rows of each person's first submitted attempt in the pre and post rounds."""
    visible_units = set(Unit.objects.visible_to(user).values_list("pk", flat=True))
    answers = []
    for phase, round in ((awareness.PRE, study.pre_round), (awareness.POST, study.post_round)):
        first = (
            Attempt.objects.filter(round=round, status=Attempt.Status.SUBMITTED)
            .values("entrant_id")
            .annotate(first=Min("pk"))
            .values_list("first", flat=True)
        )
        rows = AttemptQuestion.objects.filter(attempt_id__in=list(first)).values_list(
            "attempt__entrant__unit_id", "question__area", "is_correct"
        )
        for unit_id, area, correct in rows:
            if unit_id in visible_units:
                answers.append(
                    awareness.Answer(
                        phase=phase, unit=unit_id, area=area or "", correct=bool(correct)
                    )
                )
    return answers


@login_required
@require_GET
def study_report(request, pk):
    study = access.study_for(request.user, pk)
    report = awareness.change_report(study_answers(study, request.user))
    units = {u.pk: u.name for u in Unit.objects.filter(pk__in={r.unit for r in report if r.unit})}
    areas = {
        t.label: t.title
        for t in Topic.objects.filter(plan__organisation=study.organisation).order_by("-plan__year")
    }

    def pct(value):
        return format_percent(value * 100, places=1) if value is not None else "—"

    rows = []
    for r in report:
        change = r.change
        rows.append(
            {
                "area": r.area,
                "area_title": areas.get(r.area, "") if r.area is not None else "",
                "unit": units.get(r.unit, "") if r.unit is not None else None,
                "before": pct(r.before),
                "after": pct(r.after),
                "change": (
                    ("+" if change > 0 else "") + format_decimal(change * 100, places=1) + " điểm %"
                )
                if change is not None
                else "—",
                "direction": "up"
                if change and change > 0
                else "down"
                if change and change < 0
                else "",
                "n_before": r.answers_before,
                "n_after": r.answers_after,
            }
        )
    return render(request, "contests/admin/study_report.html", {"study": study, "rows": rows})
