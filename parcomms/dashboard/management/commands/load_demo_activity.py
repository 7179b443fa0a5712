"""A year (2023) of clearly labelled demo activity for the demo organisation: obligation rules,
monthly sessions with attendance, conferences, bulletin and Zalo postings, leaflets, and
articles in every state (draft, returned, submitted, approved by the unit head, published).

Deterministic (seeded, `dashboard.demo`) and idempotent: what exists is kept, what is missing
is added, and content areas are linked again (importing the plan again replaces its content
areas). Everything goes through the services of the activities and content apps; afterwards
the dates are moved into 2023, since the services stamp "now".
"""

import datetime as dt
import logging
import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from parcomms.dashboard import demo
from parcomms.org.models import Notification, Organisation, Staff, Unit
from parcomms.plans.models import Plan

DEMO_SLUG = "demo-vpub-ninh-thuan"


def aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment, timezone.get_current_timezone())


class Command(BaseCommand):
    help = "Tạo một năm (2023) hoạt động minh họa cho cơ quan DEMO (chạy lại không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", default=DEMO_SLUG)
        parser.add_argument(
            "--articles-per-month", type=int, default=None, help="mặc định: 6 đến 10"
        )

    def handle(self, *args, organisation, articles_per_month=None, **options):
        try:
            org = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist:
            raise CommandError(f"Không có cơ quan mã «{organisation}».") from None
        if not org.is_demo:
            raise CommandError(f"«{org}» không phải cơ quan minh họa; không tạo dữ liệu giả.")
        plan = Plan.objects.filter(organisation=org).order_by("-year", "-pk").first()
        if plan is None:
            raise CommandError("Cơ quan chưa có kế hoạch; hãy chạy load_demo trước.")
        started = timezone.now()
        # No e-mail for demo data; the in-app notices are marked read afterwards. Wagtail logs
        # every page it creates: a hundred lines nobody reads.
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        wagtail_log.setLevel(logging.WARNING)
        try:
            with (
                override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
                transaction.atomic(),
            ):
                generator = Generator(org, plan, self.stdout)
                if articles_per_month is not None:
                    generator.articles_per_month = (articles_per_month, articles_per_month)
                counts = generator.run()
        finally:
            wagtail_log.setLevel(level)
        Notification.objects.filter(
            recipient__staff__organisation=org, created_at__gte=started, read_at__isnull=True
        ).update(read_at=timezone.now())
        self.stdout.write(
            "Hoạt động minh họa 2023: " + ", ".join(f"{label} {n}" for label, n in counts.items())
        )


class Generator:
    articles_per_month = (6, 10)

    def __init__(self, org, plan, stdout):
        self.org, self.plan, self.stdout = org, plan, stdout
        self.topics = {t.label: t for t in plan.topics.all()}
        self.documents = [pd.document for pd in plan.plan_documents.select_related("document")]
        staff = list(
            Staff.objects.filter(organisation=org, is_active=True)
            .select_related("user", "unit")
            .order_by("pk")
        )
        self.staff_by_unit: dict[int, list[Staff]] = {}
        for person in staff:
            self.staff_by_unit.setdefault(person.unit_id, []).append(person)
        self.units = [
            u for u in Unit.objects.filter(organisation=org) if u.pk in self.staff_by_unit
        ]
        self.unit_by_name = {u.name: u for u in self.units}
        users = {u.username: u for u in get_user_model().objects.filter(staff__organisation=org)}
        self.officer = users.get("chuyenvien") or next(iter(users.values()))
        head = Staff.objects.filter(organisation=org, user__username="truongphong").first()
        officer_unit = getattr(getattr(self.officer, "staff", None), "unit", None)
        ordered = sorted(self.units, key=lambda u: (u != officer_unit, u.sort_key))
        self.unit_names = [u.name for u in ordered]
        behind = [head.unit.name] if head else []
        behind += [n for n in self.unit_names[::-1] if n not in behind][:1]
        self.behind = behind
        self.counts = {
            "nghĩa vụ": 0,
            "buổi sinh hoạt": 0,
            "hình thức khác": 0,
            "tin, bài": 0,
            "lượt dự thi": 0,
            "liên kết nội dung sửa lại": 0,
            "kỳ thi đua chốt điểm": 0,
            "kết quả chỉ số tự theo dõi": 0,
            "báo cáo định kỳ": 0,
        }

    def head_of(self, unit) -> Staff | None:
        return next((s for s in self.staff_by_unit.get(unit.pk, []) if s.is_unit_head), None)

    def run(self) -> dict:
        spec = demo.plan_year(
            self.unit_names,
            [(t.label, t.title) for t in self.topics.values()],
            len(self.documents),
            behind=self.behind,
            articles_per_month=self.articles_per_month,
        )
        self.rules()
        self.activities(spec)
        self.contest()
        self.articles(spec.articles, historic=True)
        waiting = demo.waiting_articles(
            self.unit_names,
            [(t.label, t.title) for t in self.topics.values()],
            timezone.localdate(),
        )
        self.articles(waiting, historic=False)
        self.emulation()
        self.unit_meetings()
        self.report()
        return self.counts

    # --- emulation: the year's criteria and periods, the first half closed ------------------

    def emulation(self):
        from parcomms.emulation.demo import ensure_demo_emulation
        from parcomms.org.roles import Role, has_role

        if not has_role(self.officer, Role.REFORM_OFFICER):
            return  # no reform officer login to act as: no emulation demo
        result = ensure_demo_emulation(
            self.org, self.plan.year, acting_user=self.officer, close=True
        )
        self.counts["kỳ thi đua chốt điểm"] = len(result.closed_now)

    # --- the year's self-tracked indicator and a quarterly report ---------------------------

    def unit_meetings(self):
        """UNIT_MEETINGS for the demo year, computed from its sessions as on 10/1 of the next
        year (the refresh job only computes the current year). Kept once stored."""
        from parcomms.indicators import computed
        from parcomms.indicators.models import Result
        from parcomms.indicators.services import record_unit_meetings

        if Result.objects.filter(
            organisation=self.org, indicator__code=computed.UNIT_MEETINGS, year=demo.YEAR
        ).exists():
            return
        try:
            record_unit_meetings(
                self.org,
                demo.YEAR,
                acting_user=self.officer,
                today=dt.date(demo.YEAR + 1, 1, 10),
            )
        except computed.ComputeError:
            return  # no unit with staff: nothing to compute
        self.counts["kết quả chỉ số tự theo dõi"] += 1

    def report(self):
        """A draft communication report for the second quarter, created by the reform officer
        (the figures and files are computed when it is opened, so no LibreOffice here)."""
        from parcomms.org.roles import has_role
        from parcomms.reports import services as reports
        from parcomms.reports.models import Report

        period = f"{demo.YEAR}-Q2"
        if not has_role(self.officer, *reports.WRITE_ROLES):
            return  # no reform officer login to act as
        if Report.objects.filter(
            organisation=self.org, kind="communication", period=period
        ).exists():
            return
        reports.create_report(
            organisation=self.org, kind="communication", period=period, acting_user=self.officer
        )
        self.counts["báo cáo định kỳ"] += 1

    # --- obligation rules ------------------------------------------------------------------

    def rules(self):
        from parcomms.activities.models import ObligationRule
        from parcomms.activities.providers import get_provider
        from parcomms.activities.services import save_rule

        wanted = [
            ("Mỗi đơn vị, mỗi tháng: ít nhất 01 buổi sinh hoạt có nội dung CCHC", "session",
             "month", 1),
            ("Mỗi đơn vị, mỗi quý: ít nhất 01 tin, bài gửi duyệt", "article_submitted",
             "quarter", 1),
        ]  # fmt: skip
        if get_provider("contest_participation") is not None:
            wanted.append(
                (
                    "Mỗi năm: ít nhất 70% cán bộ tham gia cuộc thi tìm hiểu CCHC",
                    "contest_participation",
                    "year",
                    70,
                )  # fmt: skip
            )
        existing = set(
            ObligationRule.objects.filter(organisation=self.org).values_list("title", flat=True)
        )
        for title, counts, period, required in wanted:
            title = f"{demo.DEMO_MARK} {title}"
            if title in existing:
                continue
            save_rule(
                {
                    "plan": self.plan,
                    "duty": None,
                    "title": title,
                    "counts": counts,
                    "all_units": True,
                    "period": period,
                    "required": required,
                    "active_from": dt.date(demo.YEAR, 1, 1),
                    "active_until": dt.date(demo.YEAR, 12, 31),
                },
                acting_user=self.officer,
                organisation=self.org,
            )
            self.counts["nghĩa vụ"] += 1

    # --- sessions and other communication ---------------------------------------------------

    def _topics(self, labels):
        return [self.topics[label] for label in labels if label in self.topics]

    def _relink(self, obj, labels, relation="topics"):
        wanted = {t.pk for t in self._topics(labels)}
        manager = getattr(obj, relation)
        if {t.pk for t in manager.all()} != wanted:
            manager.set(list(wanted))
            self.counts["liên kết nội dung sửa lại"] += 1

    def activities(self, spec: demo.DemoYear):
        from parcomms.activities.models import Activity, Attendance
        from parcomms.activities.services import record_activity, record_attendance

        existing = {
            a.title: a
            for a in Activity.objects.filter(
                organisation=self.org, title__startswith=demo.DEMO_MARK
            ).prefetch_related("topics")
        }
        for s in spec.sessions:
            if s.key in existing:
                self._relink(existing[s.key], s.topics)
                continue
            unit = self.unit_by_name[s.unit]
            head = self.head_of(unit)
            actor = head.user if head else self.officer
            starts = aware(s.starts_at)
            activity = record_activity(
                {
                    "unit": unit,
                    "kind": s.kind,
                    "title": s.key,
                    "starts_at": starts,
                    "ends_at": starts + dt.timedelta(hours=2),
                    "place": s.place,
                    "channel": "meeting",
                    "presenter": head,
                    "reform_content": True,
                    "minutes": demo.MINUTES,
                },
                acting_user=actor,
                organisation=self.org,
                topics=self._topics(s.topics),
                documents=[self.documents[i] for i in s.documents if i < len(self.documents)],
                invited_units=self.units if s.invite_all else (),
            )
            statuses = {}
            for row in activity.attendance.select_related("staff"):
                draw = random.Random(f"{s.key}|{row.staff.email}").random()
                statuses[row.staff_id] = (
                    Attendance.Status.PRESENT
                    if draw < s.present_share
                    else Attendance.Status.EXCUSED
                    if draw < s.present_share + (1 - s.present_share) / 2
                    else Attendance.Status.ABSENT
                )
            if statuses:
                record_attendance(activity, statuses, acting_user=actor)
            self.counts["buổi sinh hoạt"] += 1
        for o in spec.other:
            if o.key in existing:
                self._relink(existing[o.key], o.topics)
                continue
            starts = aware(o.starts_at)
            record_activity(
                {
                    "unit": self.unit_by_name[o.unit],
                    "kind": o.kind,
                    "title": o.key,
                    "starts_at": starts,
                    "ends_at": None,
                    "channel": "zalo"
                    if o.kind == "zalo"
                    else "bulletin"
                    if o.kind == "bang_tin"
                    else "other",
                    "reform_content": True,
                    "count": o.count,
                },
                acting_user=self.officer,
                organisation=self.org,
                topics=self._topics(o.topics),
            )
            self.counts["hình thức khác"] += 1

    # --- contest participation --------------------------------------------------------------

    def contest(self):
        """A staff contest in September with about 85% of the staff taking part, through the
        contests app's services (skipped when that app is not installed)."""
        from django.apps import apps

        if not apps.is_installed("parcomms.contests"):
            return
        from parcomms.contests import services as contests
        from parcomms.contests.models import AttemptQuestion, Contest

        slug = f"demo-cuoc-thi-cchc-{demo.YEAR}"
        if Contest.objects.filter(slug=slug).exists():
            return
        questions = []
        for i, (label, topic) in enumerate(self.topics.items(), start=1):
            area = topic.title.removeprefix("Tuyên truyền ").strip()
            questions.append(
                contests.save_question(
                    organisation=self.org,
                    acting_user=self.officer,
                    text=f"{demo.DEMO_MARK} Câu {i}: nội dung «{area}» thuộc mục nào của kế hoạch?",
                    options=[
                        contests.OptionInput(f"Mục {label})", True),
                        contests.OptionInput("Không thuộc kế hoạch", False),
                        contests.OptionInput("Chưa xác định", False),
                    ],
                    topics=[topic],
                )
            )
        contest = contests.save_contest(
            organisation=self.org,
            acting_user=self.officer,
            values={
                "title": f"{demo.DEMO_MARK} Cuộc thi tìm hiểu cải cách hành chính năm {demo.YEAR}",
                "slug": slug,
                "kind": Contest.Kind.CONTEST,
                "audience": Contest.Audience.STAFF,
                "has_prediction": False,
                "require_verification": False,
                "is_published": True,
            },
        )
        opens = aware(dt.datetime(demo.YEAR, 9, 1, 7, 0))
        round_ = contests.save_round(
            contest=contest,
            acting_user=self.officer,
            values={
                "number": 1,
                "title": "Vòng 1",
                "opens_at": opens,
                "closes_at": aware(dt.datetime(demo.YEAR, 9, 30, 22, 0)),
                "question_count": min(5, len(questions)),
                "time_limit_seconds": 900,
                "max_attempts": 1,
            },
        )
        contests.set_round_questions(round=round_, acting_user=self.officer, questions=questions)
        people = [p for members in self.staff_by_unit.values() for p in members]
        for person in people:
            draw = random.Random(f"contest|{person.email}")
            if draw.random() > 0.85:
                continue
            moment = opens + dt.timedelta(days=draw.randint(0, 27), hours=draw.randint(1, 12))
            entrant = contests.staff_entrant(contest, person.user)
            attempt = contests.start_attempt(round_, entrant, acting_user=person.user, now=moment)
            answers = {
                q.position: [q.options[draw.randrange(len(q.options))][0]]
                for q in AttemptQuestion.objects.filter(attempt=attempt)
            }
            contests.submit_attempt(
                attempt,
                answers,
                None,
                acting_user=person.user,
                now=moment + dt.timedelta(minutes=draw.randint(3, 12)),
            )
            self.counts["lượt dự thi"] += 1

    # --- articles ----------------------------------------------------------------------------

    def articles(self, specs, *, historic: bool):
        from wagtail.models import Revision, TaskState, WorkflowState

        from parcomms.content.models import ArticlePage
        from parcomms.content.services import ensure_news_index, review_article, submit_article
        from parcomms.content.workflows import reviewer_ids

        index = ensure_news_index(self.org)
        existing = {
            a.slug: a
            for a in ArticlePage.objects.filter(
                organisation=self.org, slug__startswith="demo-"
            ).prefetch_related("topics")
        }
        for s in specs:
            if s.slug in existing:
                self._relink(existing[s.slug], s.topics)
                continue
            unit = self.unit_by_name[s.unit]
            writers = [p for p in self.staff_by_unit[unit.pk] if not p.is_unit_head] or (
                self.staff_by_unit[unit.pk]
            )
            author = writers[s.author_index % len(writers)]
            body = "".join(f"<p>{p}</p>" for p in s.paragraphs)
            article = ArticlePage(
                title=s.title,
                slug=s.slug,
                unit=unit,
                kind=s.kind,
                summary=s.summary,
                body=body,
                owner=author.user,
                live=False,
                channels=["portal"],
            )
            article.authors = [author]
            article.topics = self._topics(s.topics)
            article.documents = [self.documents[i] for i in s.documents if i < len(self.documents)]
            index.add_child(instance=article)
            article.save_revision(user=author.user)
            if s.state != "draft":
                state = submit_article(article, acting_user=author.user)
                steps = {"submitted": 0, "returned": 0, "approved": 1, "published": 2}[s.state]
                for _ in range(steps):
                    self._review(state, article, "approve", review_article, reviewer_ids)
                if s.state == "returned":
                    self._review(
                        state,
                        article,
                        "reject",
                        review_article,
                        reviewer_ids,
                        comment="Đề nghị bổ sung số liệu của đơn vị.",
                    )
            self._move_dates(article, s, historic, Revision, TaskState, WorkflowState)
            self.counts["tin, bài"] += 1

    def _review(self, state, article, action, review_article, reviewer_ids, comment=""):
        from wagtail.models import WorkflowState

        state = WorkflowState.objects.get(pk=state.pk)
        task_state = state.current_task_state
        step = task_state.task.specific.step
        reviewer_id = min(reviewer_ids(article, step, state))
        reviewer = get_user_model().objects.get(pk=reviewer_id)
        review_article(task_state, action, acting_user=reviewer, comment=comment)

    def _move_dates(self, article, s, historic, Revision, TaskState, WorkflowState):
        """The services stamped "now"; put the article where the demo year has it."""
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Page

        when = aware(dt.datetime.combine(s.day, dt.time(9, 0)))
        submitted = when - dt.timedelta(days=2) if s.state == "published" else when
        page_type = ContentType.objects.get_for_model(Page)
        states = WorkflowState.objects.filter(
            base_content_type=page_type, object_id=str(article.pk)
        )
        Revision.objects.filter(base_content_type=page_type, object_id=str(article.pk)).update(
            created_at=submitted
        )
        states.update(created_at=submitted)
        TaskState.objects.filter(workflow_state__in=states).update(
            started_at=submitted, finished_at=None if not historic else submitted
        )
        if not historic:
            # Still waiting: only the task in progress keeps an open end.
            TaskState.objects.filter(workflow_state__in=states).exclude(
                status=TaskState.STATUS_IN_PROGRESS
            ).update(finished_at=submitted)
        fields = {"latest_revision_created_at": submitted}
        if s.state == "published":
            fields.update(first_published_at=when, last_published_at=when)
        Page.objects.filter(pk=article.pk).update(**fields)
