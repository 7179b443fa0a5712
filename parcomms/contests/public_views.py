"""The contest pages entrants use (mostly on phones, often inside Zalo's in-app browser).

Attempt pages carry only the question text and the shuffled options under opaque tokens;
the key, the explanations and the scores appear only once the round has closed.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, ratelimit, services
from .certificates import Certificate, render_certificate
from .forms import RegistrationForm, VerifyForm, read_answers, read_prediction
from .models import Attempt, Contest, Entrant, Option, OverallResult, RoundResult, UnitResult

PENDING_KEY = "contest_pending"
LEADERBOARD_SIZE = 100


def _refused(request, message: str, *, status: int = 409, contest: Contest | None = None):
    response = render(
        request,
        "contests/public/refused.html",
        {"message": message, "contest": contest},
        status=status,
    )
    return response


def _limited(request, verdict, contest=None):
    minutes = max(1, round(verdict.retry_after / 60))
    message = _(
        "Bạn thao tác quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau khoảng %(n)d phút."
    ) % {"n": minutes}
    response = _refused(request, message, status=429, contest=contest)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _check_limits(request, *pairs):
    """First limit exceeded among (policy, subject) pairs, or None (every pair is counted,
    in one database statement)."""
    for verdict in ratelimit.hit_many(pairs):
        if not verdict.allowed:
            return verdict
    return None


def _acting_user(request):
    return request.user if request.user.is_authenticated else None


def _staff_login_redirect(request):
    return redirect_to_login(request.get_full_path(), "/admin/login/")


def _entrant_for_action(request, contest: Contest):
    """(entrant, response): the entrant to act as, or the response that sends the person to
    sign in / register first."""
    if contest.audience == Contest.Audience.STAFF:
        if not request.user.is_authenticated:
            return None, _staff_login_redirect(request)
        try:
            return services.staff_entrant(contest, request.user), None
        except services.ContestError as exc:
            return None, _refused(request, exc.message, status=403, contest=contest)
    entrant = access.entrant_of_request(request, contest)
    if entrant is None:
        return None, redirect("contests:register", slug=contest.slug)
    return entrant, None


@require_GET
def contest_list(request):
    contests = Contest.objects.published().select_related("organisation")
    staff = getattr(request.user, "staff", None) if request.user.is_authenticated else None
    visible = [
        c
        for c in contests.prefetch_related("audience_organisations", "audience_units")
        if c.is_public or services.staff_is_eligible(c, staff)
    ]
    return render(request, "contests/public/contest_list.html", {"contests": visible})


@require_GET
def contest_detail(request, slug):
    contest = access.public_contest(slug)
    entrant = access.entrant_of_request(request, contest)
    now = timezone.now()
    rounds = list(contest.rounds.all())
    for r in rounds:
        r.state_now = r.state(now)
        if r.state_now == "closed":
            services.request_results(r, now=now)
    used, open_attempt, submitted = {}, None, []
    if entrant is not None:
        used = dict(
            Attempt.objects.filter(entrant=entrant)
            .values("round_id")
            .annotate(n=Count("pk"))
            .values_list("round_id", "n")
        )
        open_attempt = (
            Attempt.objects.filter(entrant=entrant, status=Attempt.Status.OPEN, deadline__gt=now)
            .select_related("round")
            .first()
        )
        submitted = list(
            Attempt.objects.filter(entrant=entrant)
            .exclude(status=Attempt.Status.OPEN)
            .select_related("round")
            .order_by("-started_at")
        )
    for r in rounds:
        r.used = used.get(r.pk, 0)
        r.left = max(0, r.max_attempts - r.used)
    staff = getattr(request.user, "staff", None) if request.user.is_authenticated else None
    eligible = contest.is_public or services.staff_is_eligible(contest, staff)
    pending = request.session.get(PENDING_KEY, {}).get(str(contest.pk))
    return render(
        request,
        "contests/public/contest_detail.html",
        {
            "contest": contest,
            "rounds": rounds,
            "entrant": entrant,
            "eligible": eligible,
            "open_attempt": open_attempt,
            "attempts": submitted,
            "pending": pending and entrant is None,
            "has_results": any(r.results_computed_at for r in rounds),
        },
    )


@require_http_methods(["GET", "POST"])
def register(request, slug):
    contest = access.public_contest(slug)
    if not contest.is_public:
        raise Http404
    units = services.registration_units(contest)
    form = RegistrationForm(request.POST or None, units=units)
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        limited = _check_limits(request, ("register:ip", ip))
        if limited:
            return _limited(request, limited, contest)
        if form.is_valid():
            d = form.cleaned_data
            if contest.require_verification:  # no code is sent otherwise
                limited = _check_limits(request, ("code:person", d["phone"]), ("code:ip", ip))
                if limited:
                    return _limited(request, limited, contest)
            try:
                registration = services.register_public(
                    contest,
                    full_name=d["full_name"],
                    phone=d["phone"],
                    email=d["email"],
                    unit=d["unit"],
                    ip=ip,
                )
            except services.ContestError as exc:
                form.add_error(None, exc.message)
            else:
                if contest.require_verification:
                    pending = dict(request.session.get(PENDING_KEY, {}))
                    pending[str(contest.pk)] = registration.entrant.pk
                    request.session[PENDING_KEY] = pending
                    return redirect("contests:verify", slug=contest.slug)
                access.remember_entrant(request, registration.entrant)
                messages.success(request, _("Đăng ký thành công. Chúc bạn thi tốt!"))
                return redirect("contests:detail", slug=contest.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "contests/public/register.html", {"contest": contest, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def verify(request, slug):
    contest = access.public_contest(slug)
    entrant_id = request.session.get(PENDING_KEY, {}).get(str(contest.pk))
    entrant = (
        Entrant.objects.filter(pk=entrant_id, contest=contest, kind=Entrant.Kind.PUBLIC).first()
        if entrant_id
        else None
    )
    if entrant is None:
        return redirect("contests:register", slug=contest.slug)
    form = VerifyForm(request.POST or None)
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        if request.POST.get("action") == "resend":
            limited = _check_limits(request, ("code:person", entrant.phone), ("code:ip", ip))
            if limited:
                return _limited(request, limited, contest)
            with transaction.atomic():
                services.send_code(entrant)
            messages.info(
                request, _("Đã gửi lại mã xác minh tới %(email)s.") % {"email": entrant.email}
            )
            return redirect("contests:verify", slug=contest.slug)
        limited = _check_limits(request, ("verify:person", str(entrant.pk)))
        if limited:
            return _limited(request, limited, contest)
        if form.is_valid():
            try:
                verified = services.verify_entrant(entrant, form.cleaned_data["code"])
            except services.ContestError as exc:
                form.add_error("code", exc.message)
            else:
                if verified is None:
                    form.add_error("code", _("Mã xác minh không đúng."))
                else:
                    pending = dict(request.session.get(PENDING_KEY, {}))
                    pending.pop(str(contest.pk), None)
                    request.session[PENDING_KEY] = pending
                    access.remember_entrant(request, verified)
                    messages.success(request, _("Xác minh thành công. Chúc bạn thi tốt!"))
                    return redirect("contests:detail", slug=contest.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "contests/public/verify.html",
        {"contest": contest, "form": form, "email": _mask_email(entrant.email)},
        status=status,
    )


def _mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return (name[:2] + "•" * max(1, len(name) - 2)) + "@" + domain


@require_POST
def start(request, slug, number):
    round = access.public_round(slug, number)
    contest = round.contest
    entrant, response = _entrant_for_action(request, contest)
    if response is not None:
        return response
    ip = ratelimit.client_ip(request)
    limited = _check_limits(request, ("start:person", str(entrant.pk)), ("start:ip", ip))
    if limited:
        return _limited(request, limited, contest)
    try:
        attempt = services.start_attempt(round, entrant, acting_user=_acting_user(request), ip=ip)
    except services.OpenAttemptExists as exc:
        messages.info(request, exc.message)
        return redirect("contests:attempt", token=exc.attempt.token)
    except services.ContestError as exc:
        return _refused(request, exc.message, contest=contest)
    return redirect("contests:attempt", token=attempt.token)


def _shown_items(attempt: Attempt):
    """Question text and option texts in the attempt's order, under their tokens only
    (whether a question has several right answers decides radio buttons or checkboxes)."""
    items = list(
        attempt.items.order_by("position").values_list(
            "position", "question_id", "question__text", "options"
        )
    )
    option_ids = [oid for *_, options in items for _, oid in options]
    texts, right = {}, defaultdict(int)
    for pk, text, question_id, is_correct in Option.objects.filter(pk__in=option_ids).values_list(
        "pk", "text", "question_id", "is_correct"
    ):
        texts[pk] = text
        right[question_id] += is_correct
    return [
        {
            "position": position,
            "text": text,
            "multiple": right.get(question_id, 0) > 1,
            "options": [{"token": token, "text": texts.get(oid, "")} for token, oid in options],
        }
        for position, question_id, text, options in items
    ]


@never_cache
@require_GET
def attempt_page(request, token):
    attempt = access.attempt_of_request(request, token)
    if not attempt.is_open:
        return redirect("contests:result", token=attempt.token)
    now = timezone.now()
    remaining = (attempt.deadline - now).total_seconds()
    if remaining <= -services.submit_grace().total_seconds():
        return redirect("contests:result", token=attempt.token)
    return render(
        request,
        "contests/public/attempt.html",
        {
            "attempt": attempt,
            "contest": attempt.round.contest,
            "round": attempt.round,
            "items": _shown_items(attempt),
            "remaining": max(0, int(remaining)),
            "remaining_text": "{:02d}:{:02d}".format(*divmod(max(0, int(remaining)), 60)),
            "deadline_local": timezone.localtime(attempt.deadline),
        },
    )


@never_cache
@require_GET
def attempt_remaining(request, token):
    attempt = access.attempt_of_request(request, token)
    remaining = (attempt.deadline - timezone.now()).total_seconds()
    return JsonResponse({"status": attempt.status, "remaining": max(0, int(remaining))})


@require_POST
def submit(request, token):
    attempt = access.attempt_of_request(request, token)
    contest = attempt.round.contest
    ip = ratelimit.client_ip(request)
    limited = _check_limits(request, ("submit:person", str(attempt.entrant_id)), ("submit:ip", ip))
    if limited:
        return _limited(request, limited, contest)
    prediction, problem = read_prediction(request.POST)
    if problem:
        return _refused(request, problem, status=400, contest=contest)
    answers = read_answers(request.POST, attempt.question_count)
    try:
        outcome = services.submit_attempt(
            attempt, answers, prediction, acting_user=_acting_user(request), ip=ip
        )
    except services.ContestError as exc:
        return _refused(request, exc.message, status=400, contest=contest)
    if outcome.refused:
        return _refused(request, outcome.refused, contest=contest)
    if outcome.repeated:
        messages.info(
            request, _("Bài làm này đã được nộp trước đó; lần nộp lại không thay đổi gì.")
        )
    else:
        messages.success(request, _("Đã nộp bài. Cảm ơn bạn đã tham gia!"))
    return redirect("contests:result", token=attempt.token)


@never_cache
@require_GET
def result(request, token):
    attempt = access.attempt_of_request(request, token)
    round = attempt.round
    now = timezone.now()
    closed = now >= round.closes_at
    review = []
    if closed and attempt.status == Attempt.Status.SUBMITTED:
        services.request_results(round, now=now)
        items = list(attempt.items.select_related("question").prefetch_related("question__options"))
        for item in items:
            order = {oid: i for i, (_, oid) in enumerate(item.options)}
            options = sorted(item.question.options.all(), key=lambda o: order.get(o.pk, 99))
            review.append(
                {
                    "position": item.position,
                    "text": item.question.text,
                    "explanation": item.question.explanation,
                    "source": item.question.source,
                    "is_correct": item.is_correct,
                    "options": [
                        {"text": o.text, "correct": o.is_correct, "chosen": o.pk in item.chosen}
                        for o in options
                    ],
                }
            )
    my_result = None
    if closed and round.results_computed_at:
        my_result = RoundResult.objects.filter(round=round, entrant_id=attempt.entrant_id).first()
    overdue = attempt.is_open and now > attempt.deadline + services.submit_grace()
    return render(
        request,
        "contests/public/result.html",
        {
            "attempt": attempt,
            "contest": round.contest,
            "round": round,
            "closed": closed,
            "review": review,
            "my_result": my_result,
            "overdue": overdue,
            "duration": _duration(attempt.duration_ms),
        },
    )


def _duration(ms) -> str:
    if ms is None:
        return ""
    seconds = ms / 1000
    minutes, secs = divmod(seconds, 60)
    text = f"{secs:.1f}".replace(".", ",")
    return f"{int(minutes)} phút {text} giây" if minutes >= 1 else f"{text} giây"


def _leaderboard_allowed(request, contest: Contest) -> bool:
    if contest.is_public:
        return True
    staff = getattr(request.user, "staff", None) if request.user.is_authenticated else None
    return services.staff_is_eligible(contest, staff) or (
        staff is not None and staff.organisation_id == contest.organisation_id
    )


@require_GET
def leaderboard(request, slug, number):
    contest = access.public_contest(slug)
    if not _leaderboard_allowed(request, contest):
        if not request.user.is_authenticated:
            return _staff_login_redirect(request)
        raise Http404
    round = get_object_or_404(contest.rounds, number=number)
    now = timezone.now()
    if now >= round.closes_at:
        services.request_results(round, now=now)
        round.refresh_from_db()
    rows, units, mine = [], [], None
    if round.results_computed_at:
        rows = list(
            RoundResult.objects.filter(round=round)
            .select_related("entrant__unit")
            .order_by("rank")[:LEADERBOARD_SIZE]
        )
        units = list(
            UnitResult.objects.filter(round=round).select_related("unit").order_by("-participants")
        )
        entrant = access.entrant_of_request(request, contest)
        if entrant is not None:
            mine = RoundResult.objects.filter(round=round, entrant=entrant).first()
    for row in rows:
        row.duration = _duration(row.duration_ms)
    return render(
        request,
        "contests/public/leaderboard.html",
        {
            "contest": contest,
            "round": round,
            "rows": rows,
            "units": units,
            "mine": mine,
            "closed": now >= round.closes_at,
        },
    )


@require_GET
def overall(request, slug):
    contest = access.public_contest(slug)
    if not _leaderboard_allowed(request, contest):
        if not request.user.is_authenticated:
            return _staff_login_redirect(request)
        raise Http404
    rows = list(
        OverallResult.objects.filter(contest=contest)
        .select_related("entrant__unit")
        .order_by("rank")[:LEADERBOARD_SIZE]
    )
    for row in rows:
        row.duration = _duration(row.total_duration_ms)
    units = list(
        UnitResult.objects.filter(contest=contest, round__isnull=True)
        .select_related("unit")
        .order_by("-participants")
    )
    return render(
        request,
        "contests/public/overall.html",
        {"contest": contest, "rows": rows, "units": units},
    )


def certificate_for(entrant: Entrant, contest: Contest) -> bytes | None:
    """The participation certificate, once the person has a counted entry in a closed round."""
    now = timezone.now()
    rounds = list(
        contest.rounds.filter(
            Q(attempts__entrant=entrant) & Q(attempts__status=Attempt.Status.SUBMITTED),
            closes_at__lte=now,
        )
        .distinct()
        .order_by("number")
    )
    if not rounds:
        return None
    org = contest.organisation
    return render_certificate(
        Certificate(
            organisation=org.name,
            parent_authority=org.parent_authority,
            contest_title=contest.title,
            full_name=entrant.full_name,
            unit=entrant.unit.name if entrant.unit else "",
            rounds=[f"Vòng {r.number}" for r in rounds],
            place=org.place,
            issued_on=timezone.localdate(),
            number=f"{entrant.pk:06d}/GCN-{contest.pk}",
        )
    )


@require_GET
def certificate(request, slug):
    contest = access.public_contest(slug)
    entrant = access.entrant_of_request(request, contest)
    if entrant is None:
        if contest.audience == Contest.Audience.STAFF and not request.user.is_authenticated:
            return _staff_login_redirect(request)
        raise Http404
    pdf = certificate_for(entrant, contest)
    if pdf is None:
        return _refused(
            request,
            _("Giấy chứng nhận có sau khi vòng thi bạn đã nộp bài kết thúc."),
            status=404,
            contest=contest,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-chung-nhan-{contest.slug}.pdf"'
    return response
