"""State changes of the contests app. Each is atomic, takes the acting user (None for a
member of the public, who has no account) and writes the audit log.

Fair play lives here, not in the views: the server's clock decides, late submissions are
refused, the key never leaves the server before submission, one open attempt per person
(also a database constraint), and submitting twice changes nothing.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Q
from django.utils import timezone

from parcomms.audit.log import record
from parcomms.legal.models import LegalDocument
from parcomms.org.models import Staff, Unit
from parcomms.plans.models import Plan, Topic
from parcomms.vn.citations import parse_citation
from parcomms.vn.text import fold, nfc

from . import ranking
from .draw import NotEnoughQuestions, balanced_draw, shuffled
from .models import (
    Attempt,
    AttemptQuestion,
    AwarenessStudy,
    Contest,
    Entrant,
    Option,
    OverallResult,
    Question,
    Round,
    RoundResult,
    UnitResult,
    VerificationCode,
)
from .question_file import ExportQuestion, question_key, read_question_file, validate
from .verification import CODE_MINUTES, get_sender, hash_code, new_code


class ContestError(Exception):
    """A refused action; `message` is Vietnamese, for the person."""

    def __init__(self, message: str, *, attempt: Attempt | None = None):
        super().__init__(message)
        self.message = message
        self.attempt = attempt


class OpenAttemptExists(ContestError):
    pass


def submit_grace() -> timedelta:
    """Network slack after the deadline (the page auto-submits at zero)."""
    return timedelta(seconds=getattr(settings, "CONTESTS_SUBMIT_GRACE_SECONDS", 3))


def when(moment) -> str:
    local = timezone.localtime(moment)
    return local.strftime("%H:%M:%S ngày %d/%m/%Y")


def _actor_details(entrant: Entrant) -> dict:
    return {"entrant": entrant.pk, "entrant_name": entrant.full_name}


# ------------------------------------------------------------------------- question bank


@dataclass
class OptionInput:
    text: str
    is_correct: bool


def _check_question(organisation, text: str, options: list[OptionInput], exclude_pk=None):
    text = nfc(text).strip()
    if not text:
        raise ContestError("Câu hỏi không được để trống.")
    options = [OptionInput(nfc(o.text).strip(), o.is_correct) for o in options if o.text.strip()]
    if len(options) < 2:
        raise ContestError("Cần ít nhất 2 phương án trả lời.")
    correct = sum(o.is_correct for o in options)
    if correct == 0:
        raise ContestError("Cần đánh dấu ít nhất một phương án đúng.")
    if correct == len(options):
        raise ContestError("Tất cả phương án đều đúng; cần ít nhất một phương án sai.")
    folded = [fold(o.text) for o in options]
    if len(set(folded)) != len(folded):
        raise ContestError("Có hai phương án trùng nhau.")
    key = question_key(text)
    duplicate = (
        Question.objects.filter(organisation=organisation, text_key=key)
        .exclude(pk=exclude_pk)
        .first()
    )
    if duplicate:
        raise ContestError(f"Câu hỏi trùng với câu đã có trong ngân hàng (mã {duplicate.pk}).")
    return text, key, options


def _area_of(topics) -> str:
    ordered = sorted(topics, key=lambda t: (t.order, t.pk))
    return ordered[0].label if ordered else ""


@transaction.atomic
def save_question(
    *,
    organisation,
    acting_user,
    text: str,
    options: list[OptionInput],
    topics=(),
    documents=(),
    difficulty: int = Question.Difficulty.MEDIUM,
    explanation: str = "",
    source: str = "",
    is_active: bool = True,
    question: Question | None = None,
) -> Question:
    text, key, options = _check_question(
        organisation, text, options, exclude_pk=question.pk if question else None
    )
    topics = list(topics)
    if any(t.plan.organisation_id != organisation.pk for t in topics):
        raise ContestError("Lĩnh vực phải thuộc kế hoạch của cơ quan.")
    creating = question is None
    if creating:
        question = Question(organisation=organisation, created_by=acting_user)
    question.text = text
    question.text_key = key
    question.difficulty = difficulty
    question.explanation = nfc(explanation).strip()
    question.source = nfc(source).strip()
    question.is_active = is_active
    question.area = _area_of(topics)
    question.save()
    question.topics.set(topics)
    question.documents.set(list(documents))
    question.options.all().delete()
    Option.objects.bulk_create(
        Option(question=question, text=o.text, is_correct=o.is_correct, order=i)
        for i, o in enumerate(options)
    )
    record(
        "contest.question_create" if creating else "contest.question_update",
        actor=acting_user,
        obj=question,
        organisation=organisation,
    )
    return question


@dataclass
class QuestionImportResult:
    errors: list = field(default_factory=list)
    created: int = 0
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def resolve_document(reference: str) -> LegalDocument | None:
    """'1894/QĐ-UBND' or 'Quyết định số 1894/QĐ-UBND ngày …' -> the registry's record."""
    text = nfc(reference).strip()
    candidates = [text]
    if text.lower().startswith("số "):
        candidates.append(text[3:].strip())
    citation = parse_citation(text)
    if citation is not None and citation.key:
        candidates.append(citation.key)
    for key in candidates:
        document = LegalDocument.objects.filter(key__iexact=key).first()
        if document is not None:
            return document
    return None


def plan_topics(organisation, plan: Plan | None = None) -> dict[str, Topic]:
    """Content areas by label: of the given plan, or of the organisation's latest plan."""
    if plan is None:
        plan = Plan.objects.filter(organisation=organisation).order_by("-year", "-pk").first()
    if plan is None:
        return {}
    return {t.label.lower(): t for t in plan.topics.all()}


@transaction.atomic
def import_questions(
    data: bytes,
    filename: str,
    *,
    organisation,
    acting_user,
    plan: Plan | None = None,
    skip_existing: bool = False,
) -> QuestionImportResult:
    """Validate the whole file, then import every row in one transaction or none.

    Raises QuestionFileError for a file that cannot be read at all.
    """
    qfile = read_question_file(data, filename)
    topics = plan_topics(organisation, plan)
    documents: dict[str, LegalDocument | None] = {}

    def resolve(ref: str):
        if ref not in documents:
            documents[ref] = resolve_document(ref)
        return documents[ref]

    existing = dict(
        Question.objects.filter(organisation=organisation).values_list("text_key", "pk")
    )
    errors, rows, skipped = validate(
        qfile,
        known_areas=topics.keys(),
        resolve_document=resolve,
        existing=existing,
        skip_existing=skip_existing,
    )
    if errors:
        return QuestionImportResult(errors=errors)
    for row in rows:
        options = {letter: text for letter, text in row.options}
        question = Question.objects.create(
            organisation=organisation,
            text=row.text,
            text_key=row.key,
            difficulty=row.difficulty,
            explanation=row.explanation,
            source=row.source,
            area=row.areas[0] if row.areas else "",
            created_by=acting_user,
        )
        Option.objects.bulk_create(
            Option(question=question, text=text, is_correct=letter in row.correct, order=i)
            for i, (letter, text) in enumerate(options.items())
        )
        if row.areas:
            question.topics.set([topics[a] for a in row.areas])
        if row.documents:
            question.documents.set([resolve(ref) for ref in row.documents])
    record(
        "contest.question_import",
        actor=acting_user,
        organisation=organisation,
        filename=filename,
        created=len(rows),
        skipped=len(skipped),
    )
    return QuestionImportResult(created=len(rows), skipped=len(skipped))


def export_rows(questions) -> list[ExportQuestion]:
    """Questions (with options, topics, documents prefetched) as rows for the XLSX file."""
    return [
        ExportQuestion(
            text=q.text,
            options=[(o.text, o.is_correct) for o in q.options.all()],
            areas=[t.label for t in sorted(q.topics.all(), key=lambda t: (t.order, t.pk))],
            documents=[d.key for d in q.documents.all()],
            difficulty=q.difficulty,
            explanation=q.explanation,
            source=q.source,
        )
        for q in questions
    ]


# ------------------------------------------------------------------------- contests


@transaction.atomic
def save_contest(
    *,
    organisation,
    acting_user,
    values: dict,
    audience_organisations=(),
    audience_units=(),
    registration_units=(),
    contest: Contest | None = None,
) -> Contest:
    creating = contest is None
    if creating:
        contest = Contest(organisation=organisation, created_by=acting_user)
    for name, value in values.items():
        setattr(contest, name, value)
    contest.save()
    contest.audience_organisations.set(list(audience_organisations))
    contest.audience_units.set(list(audience_units))
    contest.registration_units.set(list(registration_units))
    record(
        "contest.create" if creating else "contest.update",
        actor=acting_user,
        obj=contest,
        organisation=organisation,
    )
    return contest


@transaction.atomic
def save_round(*, contest: Contest, acting_user, values: dict, round: Round | None = None) -> Round:
    creating = round is None
    if creating:
        round = Round(contest=contest)
    for name, value in values.items():
        setattr(round, name, value)
    if round.closes_at <= round.opens_at:
        raise ContestError("Thời điểm đóng phải sau thời điểm mở.")
    if round.question_count < 1 or round.time_limit_seconds < 10 or round.max_attempts < 1:
        raise ContestError("Số câu, thời gian làm bài và số lượt phải lớn hơn 0.")
    if not creating and round.attempts.exists():
        # Changing the draw after people took part would make attempts incomparable.
        old = Round.objects.get(pk=round.pk)
        if (old.question_count, old.opens_at) != (round.question_count, round.opens_at):
            raise ContestError(
                "Vòng thi đã có lượt dự thi: không đổi được số câu hay thời điểm mở."
            )
    round.results_requested_at = None
    round.save()
    record(
        "contest.round_create" if creating else "contest.round_update",
        actor=acting_user,
        obj=round,
        organisation=contest.organisation,
        contest=contest.pk,
    )
    schedule_results(round)
    return round


@transaction.atomic
def set_round_questions(*, round: Round, acting_user, questions) -> int:
    questions = list(questions)
    if any(q.organisation_id != round.contest.organisation_id for q in questions):
        raise ContestError("Chỉ chọn được câu hỏi trong ngân hàng của cơ quan.")
    round.questions.set(questions)
    record(
        "contest.round_questions",
        actor=acting_user,
        obj=round,
        organisation=round.contest.organisation,
        count=len(questions),
    )
    return len(questions)


@transaction.atomic
def create_awareness_study(
    *, organisation, acting_user, title: str, campaign: str, pre_round: Round, post_round: Round
) -> AwarenessStudy:
    if pre_round.pk == post_round.pk:
        raise ContestError("Khảo sát trước và sau phải là hai vòng khác nhau.")
    for r in (pre_round, post_round):
        if r.contest.organisation_id != organisation.pk:
            raise ContestError("Chỉ chọn được vòng thi của cơ quan.")
    if pre_round.opens_at >= post_round.opens_at:
        raise ContestError("Khảo sát trước phải mở trước khảo sát sau.")
    study = AwarenessStudy.objects.create(
        organisation=organisation,
        title=nfc(title).strip(),
        campaign=nfc(campaign).strip(),
        pre_round=pre_round,
        post_round=post_round,
    )
    record("contest.awareness_create", actor=acting_user, obj=study, organisation=organisation)
    return study


# ------------------------------------------------------------------------- entrants


def staff_is_eligible(contest: Contest, staff: Staff | None) -> bool:
    if staff is None or not staff.is_active or contest.audience != Contest.Audience.STAFF:
        return False
    org_ids = {o.pk for o in contest.audience_organisations.all()} or {contest.organisation_id}
    if staff.organisation_id not in org_ids:
        return False
    units = list(contest.audience_units.all())
    if not units:
        return True
    allowed: set[int] = set()
    for unit in units:
        allowed.update(unit.subtree_ids())
    return staff.unit_id in allowed


def registration_units(contest: Contest):
    """The units entrants choose from: the contest's list, or (when the list is empty) the
    organising office's units. One query, however it is used (listing or checking one)."""
    chosen = Contest.registration_units.through.objects.filter(contest_id=contest.pk)
    return Unit.objects.filter(
        Q(pk__in=chosen.values("unit_id"))
        | (Q(organisation_id=contest.organisation_id) & ~Exists(chosen))
    ).order_by("sort_key")


@transaction.atomic
def staff_entrant(contest: Contest, user) -> Entrant:
    staff = getattr(user, "staff", None)
    if not staff_is_eligible(contest, staff):
        raise ContestError("Cuộc thi này không dành cho tài khoản của bạn.")
    entrant, created = Entrant.objects.get_or_create(
        contest=contest,
        staff=staff,
        defaults={
            "kind": Entrant.Kind.STAFF,
            "full_name": staff.full_name,
            "email": staff.email,
            "phone": staff.phone,
            "unit": staff.unit,
        },
    )
    if not created and entrant.unit_id != staff.unit_id:
        entrant.unit = staff.unit
        entrant.save(update_fields=["unit"])
    return entrant


@dataclass
class Registration:
    entrant: Entrant
    created: bool
    code_sent: bool


def register_public(
    contest: Contest, *, full_name: str, phone: str, email: str, unit: Unit, ip: str | None
) -> Registration:
    """Register a member of the public (or find their earlier registration).

    Someone registering again with the same phone and e-mail gets a new code (that is how
    they continue on another device); a phone or e-mail already used with other details is
    refused without saying whose it is.
    """
    try:
        return _register_public(
            contest, full_name=full_name, phone=phone, email=email, unit=unit, ip=ip
        )
    except IntegrityError as exc:  # the same person registering twice at the same moment
        # Raised out of the atomic block, which rolled back: no savepoint needed around the
        # insert (a savepoint costs two more round trips on every registration).
        raise ContestError("Thông tin này vừa được đăng ký; hãy thử lại.") from exc


@transaction.atomic
def _register_public(
    contest: Contest, *, full_name: str, phone: str, email: str, unit: Unit, ip: str | None
) -> Registration:
    if not contest.is_public:
        raise ContestError("Cuộc thi này chỉ dành cho cán bộ, công chức, viên chức.")
    if not registration_units(contest).filter(pk=unit.pk).exists():
        raise ContestError("Hãy chọn đơn vị trong danh sách.")
    existing = Entrant.objects.filter(
        Q(phone=phone) | Q(email=email), contest=contest, kind=Entrant.Kind.PUBLIC
    ).first()
    if existing is not None:
        if existing.phone != phone or existing.email != email:
            raise ContestError(
                "Số điện thoại hoặc email này đã được dùng để đăng ký với thông tin khác."
            )
        code_sent = send_code(existing) if contest.require_verification else False
        return Registration(entrant=existing, created=False, code_sent=code_sent)
    entrant = Entrant.objects.create(
        contest=contest,
        kind=Entrant.Kind.PUBLIC,
        full_name=full_name,
        phone=phone,
        email=email,
        unit=unit,
        registered_ip=ip,
        verified_at=None if contest.require_verification else timezone.now(),
    )
    record(
        "contest.register",
        actor=None,
        obj=entrant,
        organisation=contest.organisation,
        **_actor_details(entrant),
    )
    code_sent = send_code(entrant) if contest.require_verification else False
    return Registration(entrant=entrant, created=True, code_sent=code_sent)


def send_code(entrant: Entrant) -> bool:
    """Create a fresh code (earlier ones stop working) and send it after commit."""
    code = new_code()
    entrant.codes.filter(used_at__isnull=True).update(used_at=timezone.now())
    VerificationCode.objects.create(
        entrant=entrant,
        code_hash=hash_code(entrant.pk, code),
        expires_at=timezone.now() + timedelta(minutes=CODE_MINUTES),
    )
    sender = get_sender()
    transaction.on_commit(lambda: sender.send(entrant, code))
    return True


@transaction.atomic
def verify_entrant(entrant: Entrant, code: str, *, now=None) -> Entrant:
    now = now or timezone.now()
    current = (
        VerificationCode.objects.select_for_update()
        .filter(entrant=entrant, used_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if current is None or current.expires_at <= now or current.tries_left == 0:
        raise ContestError("Mã xác minh đã hết hạn. Hãy bấm «Gửi lại mã».")
    if hash_code(entrant.pk, code) != current.code_hash:
        current.tries_left -= 1
        current.save(update_fields=["tries_left"])
        # Returning instead of raising keeps the decrement (a raise would roll it back).
        return None
    current.used_at = now
    current.save(update_fields=["used_at"])
    if entrant.verified_at is None:
        entrant.verified_at = now
        entrant.save(update_fields=["verified_at"])
        record(
            "contest.verify",
            actor=None,
            obj=entrant,
            organisation=entrant.contest.organisation,
            **_actor_details(entrant),
        )
    return entrant


# ------------------------------------------------------------------------- attempts


def _refuse_closed(round: Round, now) -> None:
    if now < round.opens_at:
        raise ContestError(f"{round.label} chưa mở. Vòng thi mở lúc {when(round.opens_at)}.")
    if now >= round.closes_at:
        raise ContestError(f"{round.label} đã kết thúc lúc {when(round.closes_at)}.")


def start_attempt(round: Round, entrant: Entrant, *, acting_user=None, ip=None, now=None):
    try:
        return _start_attempt(round, entrant, acting_user=acting_user, ip=ip, now=now)
    except IntegrityError as exc:  # the one-open-attempt constraint
        # Raised out of the atomic block, which rolled back: no savepoint needed around the
        # insert (a savepoint costs two more round trips on every start).
        raise ContestError("Bạn đang có một lượt dự thi chưa nộp.") from exc


@transaction.atomic
def _start_attempt(round: Round, entrant: Entrant, *, acting_user, ip, now):
    now = now or timezone.now()
    if round.contest_id != entrant.contest_id:
        raise ContestError("Vòng thi không thuộc cuộc thi bạn đã đăng ký.")
    if not round.contest.is_published:
        raise ContestError("Cuộc thi chưa được công bố.")
    _refuse_closed(round, now)
    if not entrant.is_verified:
        raise ContestError("Bạn cần xác minh email trước khi dự thi.")
    # Lock the person: two "start" clicks at once must not both pass the checks below.
    Entrant.objects.select_for_update().filter(pk=entrant.pk).first()
    # The person's open attempt (any round) and their attempts in this round, in one query.
    mine = list(
        Attempt.objects.filter(Q(status=Attempt.Status.OPEN) | Q(round=round), entrant=entrant)
    )
    current = next((a for a in mine if a.status == Attempt.Status.OPEN), None)
    if current is not None:
        if now > current.deadline + submit_grace():
            _expire(current, now)
        else:
            raise OpenAttemptExists(
                "Bạn đang có một lượt dự thi chưa nộp; hãy hoàn thành lượt đó trước.",
                attempt=current,
            )
    used = sum(1 for a in mine if a.round_id == round.pk)
    if used >= round.max_attempts:
        raise ContestError(
            f"Bạn đã dùng hết {round.max_attempts} lượt dự thi của {round.label.lower()}."
        )
    pool: dict[str, list[int]] = defaultdict(list)
    for qid, area in round.questions.filter(is_active=True).values_list("pk", "area"):
        pool[area].append(qid)
    seed = secrets.randbits(62)
    rng = random.Random(seed)
    try:
        drawn = balanced_draw(pool, round.question_count, rng)
    except NotEnoughQuestions as exc:
        raise ContestError(
            "Vòng thi chưa đủ câu hỏi; xin lỗi vì sự bất tiện, hãy thử lại sau."
        ) from exc
    options: dict[int, list[int]] = defaultdict(list)
    for qid, oid in Option.objects.filter(question_id__in=drawn).values_list("question_id", "pk"):
        options[qid].append(oid)
    deadline = min(now + timedelta(seconds=round.time_limit_seconds), round.closes_at)
    attempt = Attempt.objects.create(
        round=round,
        entrant=entrant,
        token=secrets.token_urlsafe(18),
        seed=seed,
        started_at=now,
        deadline=deadline,
        question_count=len(drawn),
        started_ip=ip,
    )
    items = []
    for position, qid in enumerate(drawn, start=1):
        tokens: set[str] = set()
        shown = []
        for oid in shuffled(options[qid], rng):
            token = secrets.token_urlsafe(6)
            while token in tokens:
                token = secrets.token_urlsafe(6)
            tokens.add(token)
            shown.append([token, oid])
        items.append(
            AttemptQuestion(attempt=attempt, position=position, question_id=qid, options=shown)
        )
    AttemptQuestion.objects.bulk_create(items)
    record(
        "contest.attempt_start",
        actor=acting_user,
        obj=attempt,
        organisation=round.contest.organisation,
        round=round.pk,
        **_actor_details(entrant),
    )
    return attempt


def _expire(attempt: Attempt, now) -> None:
    attempt.status = Attempt.Status.EXPIRED
    attempt.refused_at = now
    attempt.save(update_fields=["status", "refused_at"])


@dataclass
class SubmitOutcome:
    attempt: Attempt
    repeated: bool = False  # it had been submitted before: nothing changed
    refused: str = ""  # Vietnamese reason when the submission was not counted

    @property
    def accepted(self) -> bool:
        return not self.refused


def late_message(attempt: Attempt) -> str:
    round = attempt.round
    if attempt.deadline >= round.closes_at:
        return (
            f"Bài làm nộp sau khi {round.label.lower()} kết thúc "
            f"({when(round.closes_at)}) nên không được tính."
        )
    return (
        f"Bài làm nộp quá thời gian làm bài (hết giờ lúc {when(attempt.deadline)}) "
        "nên không được tính."
    )


@transaction.atomic
def submit_attempt(
    attempt: Attempt,
    answers: dict[int, list[str]],
    prediction: int | None,
    *,
    acting_user=None,
    ip=None,
    now=None,
) -> SubmitOutcome:
    """Score an attempt. `answers` maps a question's position to the option tokens chosen.

    Submitting again returns the first outcome and changes nothing; a submission after
    the deadline (plus a few seconds of network slack) is refused and the attempt closed.
    """
    # Lock the attempt row only: a plain FOR UPDATE would also lock the joined round,
    # contest and organisation rows and so queue every submission of the round behind
    # one another.
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("round__contest__organisation", "entrant")
        .get(pk=attempt.pk)
    )
    if attempt.status == Attempt.Status.SUBMITTED:
        return SubmitOutcome(attempt=attempt, repeated=True)
    if attempt.status == Attempt.Status.EXPIRED:
        return SubmitOutcome(attempt=attempt, repeated=True, refused=late_message(attempt))
    now = now or timezone.now()
    if now > attempt.deadline + submit_grace():
        _expire(attempt, now)
        record(
            "contest.attempt_late",
            actor=acting_user,
            obj=attempt,
            organisation=attempt.round.contest.organisation,
            deadline=attempt.deadline.isoformat(),
            **_actor_details(attempt.entrant),
        )
        return SubmitOutcome(attempt=attempt, refused=late_message(attempt))
    items = list(attempt.items.all())
    positions = {item.position: item for item in items}
    unknown = set(answers) - set(positions)
    if unknown:
        raise ContestError("Bài làm có câu trả lời không hợp lệ; hãy tải lại trang.")
    correct_ids: dict[int, set[int]] = defaultdict(set)
    for qid, oid in Option.objects.filter(
        question_id__in=[i.question_id for i in items], is_correct=True
    ).values_list("question_id", "pk"):
        correct_ids[qid].add(oid)
    score = 0
    for item in items:
        by_token = dict((token, oid) for token, oid in item.options)
        chosen_tokens = answers.get(item.position, [])
        if any(t not in by_token for t in chosen_tokens):
            raise ContestError("Bài làm có câu trả lời không hợp lệ; hãy tải lại trang.")
        item.chosen = sorted({by_token[t] for t in chosen_tokens})
        item.is_correct = bool(item.chosen) and set(item.chosen) == correct_ids[item.question_id]
        score += item.is_correct
    AttemptQuestion.objects.bulk_update(items, ["chosen", "is_correct"])
    attempt.status = Attempt.Status.SUBMITTED
    attempt.submitted_at = now
    attempt.correct_count = score
    attempt.duration_ms = max(0, int((now - attempt.started_at).total_seconds() * 1000))
    attempt.prediction = prediction if attempt.round.contest.has_prediction else None
    attempt.submitted_ip = ip
    attempt.save(
        update_fields=[
            "status",
            "submitted_at",
            "correct_count",
            "duration_ms",
            "prediction",
            "submitted_ip",
        ]
    )
    record(
        "contest.attempt_submit",
        actor=acting_user,
        obj=attempt,
        organisation=attempt.round.contest.organisation,
        correct=score,
        **_actor_details(attempt.entrant),
    )
    return SubmitOutcome(attempt=attempt)


# ------------------------------------------------------------------------- results


def _staff_counts(contest: Contest) -> dict[int, int]:
    """Active staff per unit among the people the contest is for (staff contests only)."""
    if contest.audience != Contest.Audience.STAFF:
        return {}
    org_ids = [o.pk for o in contest.audience_organisations.all()] or [contest.organisation_id]
    staff = Staff.objects.filter(organisation_id__in=org_ids, is_active=True)
    units = list(contest.audience_units.all())
    if units:
        allowed: set[int] = set()
        for unit in units:
            allowed.update(unit.subtree_ids())
        staff = staff.filter(unit_id__in=allowed)
    return dict(staff.values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"))


def _entries(round: Round) -> list[ranking.Entry]:
    rows = (
        Attempt.objects.filter(round=round, status=Attempt.Status.SUBMITTED)
        .order_by("pk")
        .values_list(
            "pk",
            "entrant_id",
            "correct_count",
            "question_count",
            "prediction",
            "duration_ms",
            "submitted_at",
        )
    )
    return [
        ranking.Entry(
            attempt_id=pk,
            person=entrant_id,
            correct=correct,
            question_count=count,
            prediction=prediction,
            duration_ms=duration,
            submitted_at=submitted,
        )
        for pk, entrant_id, correct, count, prediction, duration, submitted in rows
    ]


@transaction.atomic
def compute_round_results(round: Round, *, now=None, acting_user=None) -> str:
    """Rank the round and refresh the contest's overall and per-unit results.

    Idempotent and reproducible: it replaces earlier results with ones computed only from
    the stored attempts, so running it again gives the same rows (and the same digest).
    """
    now = now or timezone.now()
    round = Round.objects.select_for_update().select_related("contest").get(pk=round.pk)
    if now < round.closes_at:
        raise ContestError(f"{round.label} chưa kết thúc (đóng lúc {when(round.closes_at)}).")
    contest = round.contest
    for attempt in Attempt.objects.filter(round=round, status=Attempt.Status.OPEN):
        _expire(attempt, now)
    entries = _entries(round)
    actual = ranking.perfect_count(entries)
    ranked = ranking.rank_round(entries, actual)
    RoundResult.objects.filter(round=round).delete()
    RoundResult.objects.bulk_create(
        RoundResult(
            round=round,
            entrant_id=r.person,
            attempt_id=r.entry.attempt_id,
            rank=r.rank,
            correct_count=r.entry.correct,
            question_count=r.entry.question_count,
            prediction=r.entry.prediction,
            prediction_gap=r.prediction_gap,
            duration_ms=r.entry.duration_ms,
            submitted_at=r.entry.submitted_at,
        )
        for r in ranked
    )
    unit_of = dict(
        Entrant.objects.filter(contest=contest, unit__isnull=False).values_list("pk", "unit_id")
    )
    staff_counts = _staff_counts(contest)
    UnitResult.objects.filter(contest=contest, round=round).delete()
    UnitResult.objects.bulk_create(
        UnitResult(
            contest=contest,
            round=round,
            unit_id=s.unit,
            participants=s.participants,
            staff_count=s.staff_count,
            average_correct=s.average_correct,
            question_count=round.question_count,
        )
        for s in ranking.unit_summaries(ranked, unit_of, staff_counts, round.question_count)
    )
    digest = ranking.digest(ranked)
    round.perfect_count = actual
    round.results_computed_at = now
    round.results_digest = digest
    round.save(update_fields=["perfect_count", "results_computed_at", "results_digest"])
    _refresh_overall(contest, unit_of, staff_counts)
    record(
        "contest.results",
        actor=acting_user,
        obj=round,
        organisation=contest.organisation,
        entries=len(entries),
        ranked=len(ranked),
        perfect=actual,
        digest=digest,
    )
    return digest


def _as_ranked(result: RoundResult) -> ranking.Ranked:
    return ranking.Ranked(
        rank=result.rank,
        entry=ranking.Entry(
            attempt_id=result.attempt_id,
            person=result.entrant_id,
            correct=result.correct_count,
            question_count=result.question_count,
            prediction=result.prediction,
            duration_ms=result.duration_ms,
            submitted_at=result.submitted_at,
        ),
        prediction_gap=result.prediction_gap,
    )


def _refresh_overall(contest: Contest, unit_of: dict, staff_counts: dict) -> None:
    by_round: dict[int, list[ranking.Ranked]] = defaultdict(list)
    for result in RoundResult.objects.filter(
        round__contest=contest, round__results_computed_at__isnull=False
    ).order_by("round_id", "rank"):
        by_round[result.round_id].append(_as_ranked(result))
    overall = ranking.rank_overall(by_round.values())
    OverallResult.objects.filter(contest=contest).delete()
    OverallResult.objects.bulk_create(
        OverallResult(
            contest=contest,
            entrant_id=o.person,
            rank=o.rank,
            total_correct=o.total_correct,
            total_gap=o.total_gap,
            total_duration_ms=o.total_duration_ms,
            rounds_taken=o.rounds_taken,
        )
        for o in overall
    )
    # Per unit over the contest: everyone who took part in any round; the average is over
    # every counted round result of the unit's people.
    people: dict[int, set] = defaultdict(set)
    scores: dict[int, list[int]] = defaultdict(list)
    counts: dict[int, list[int]] = defaultdict(list)
    for rows in by_round.values():
        for row in rows:
            unit = unit_of.get(row.person)
            if unit is None:
                continue
            people[unit].add(row.person)
            scores[unit].append(row.entry.correct)
            counts[unit].append(row.entry.question_count)
    UnitResult.objects.filter(contest=contest, round__isnull=True).delete()
    UnitResult.objects.bulk_create(
        UnitResult(
            contest=contest,
            round=None,
            unit_id=unit,
            participants=len(people.get(unit, ())),
            staff_count=staff_counts.get(unit),
            average_correct=(sum(scores[unit]) / len(scores[unit])) if scores.get(unit) else None,
            question_count=max(counts[unit]) if counts.get(unit) else 0,
        )
        for unit in set(staff_counts) | set(people)
    )


def schedule_results(round: Round) -> None:
    """Ask the task worker to rank the round when it closes (backends that can defer)."""
    from .tasks import compute_results_task

    def enqueue():
        task = compute_results_task
        if task.get_backend().supports_defer:
            task.using(run_after=round.closes_at + submit_grace()).enqueue(round.pk)

    transaction.on_commit(enqueue)


def request_results(round: Round, *, now=None) -> bool:
    """Make sure a closed round gets ranked: enqueue the task once (again after 10 minutes
    if the worker has not produced results by then). Returns True when it enqueued."""
    from .tasks import compute_results_task

    now = now or timezone.now()
    if round.results_computed_at is not None or now < round.closes_at + submit_grace():
        return False
    stale = now - timedelta(minutes=10)
    claimed = (
        Round.objects.filter(pk=round.pk, results_computed_at__isnull=True)
        .filter(Q(results_requested_at__isnull=True) | Q(results_requested_at__lt=stale))
        .update(results_requested_at=now)
    )
    if claimed:
        transaction.on_commit(lambda: compute_results_task.enqueue(round.pk))
    return bool(claimed)
