"""Province-scale data for the dashboard benchmark and the query-count tests, bulk-inserted.

`generate(organisation, plan, scale)` adds units, staff (with logins), sessions with
attendance, other communication, obligation rules and articles (Wagtail pages, with their
tree paths computed here instead of one `add_child` per page) spread over `scale.years` years
ending with `scale.last_year`, plus a share of articles waiting in the approval workflow.
Deterministic for a seed. Not for real organisations: it writes without the services, to
reach 100,000 articles and 3 million attendance rows in minutes.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page, Revision, Task, TaskState, Workflow, WorkflowState

from parcomms.activities.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Activity,
    Attendance,
    ObligationRule,
)
from parcomms.content.models import ArticlePage
from parcomms.content.services import ensure_news_index
from parcomms.org.models import Staff, Unit
from parcomms.vn.collation import collation_string
from parcomms.vn.text import fold

BATCH = 5000
_STEP_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard MP_Node, steplen 4


@dataclass(frozen=True)
class Scale:
    units: int
    staff: int
    years: int
    articles: int
    sessions: int
    other: int = 0
    waiting: int = 0  # articles waiting in the approval workflow
    last_year: int = 2023
    seed: int = 1


def _code(n: int) -> str:
    base = len(CODE_ALPHABET)
    out = []
    for _ in range(CODE_LENGTH):
        n, r = divmod(n, base)
        out.append(CODE_ALPHABET[r])
    return "".join(reversed(out))


def _step(n: int) -> str:
    out = []
    for _ in range(4):
        n, r = divmod(n, 36)
        out.append(_STEP_ALPHABET[r])
    return "".join(reversed(out))


def _moment(rng: random.Random, first_year: int, years: int) -> dt.datetime:
    year = first_year + rng.randrange(years)
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8 + rng.randrange(9), 0)))


def _insert_rows(model, rows: list[dict]) -> None:
    """Raw INSERT of one table's own columns (for multi-table children bulk_create refuses)."""
    if not rows:
        return
    fields = [f for f in model._meta.local_concrete_fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    [f.get_db_prep_save(row.get(f.attname), connection) for f in fields]
                    for row in rows[i : i + BATCH]
                ],
            )


@transaction.atomic
def generate(organisation, plan, scale: Scale, *, stdout=None) -> dict:
    rng = random.Random(scale.seed)
    say = stdout.write if stdout is not None else (lambda _text: None)
    first_year = scale.last_year - scale.years + 1
    topics = list(plan.topics.all())
    documents = [pd.document_id for pd in plan.plan_documents.all()]

    # Units and staff ----------------------------------------------------------------------
    prefix = f"Đơn vị {scale.seed}-"
    units = Unit.objects.bulk_create(
        [
            Unit(
                organisation=organisation,
                name=f"{prefix}{i:03d}",
                kind=Unit.Kind.PHONG,
                sort_key=collation_string(f"{prefix}{i:03d}"),
            )
            for i in range(1, scale.units + 1)
        ]
    )
    if units[0].pk is None:  # backends that do not return keys
        units = list(Unit.objects.filter(organisation=organisation, name__startswith=prefix))
    User = get_user_model()
    tag = f"g{scale.seed}"
    User.objects.bulk_create(
        [
            User(username=f"{tag}-{i:06d}", email=f"{tag}-{i:06d}@bench.invalid", password="!")
            for i in range(scale.staff)
        ],
        batch_size=BATCH,
    )
    users = dict(User.objects.filter(username__startswith=f"{tag}-").values_list("username", "pk"))
    staff_rows = []
    for i in range(scale.staff):
        name = f"Cán bộ {tag} {i:06d}"
        email = f"{tag}-{i:06d}@bench.invalid"
        staff_rows.append(
            Staff(
                user_id=users[f"{tag}-{i:06d}"],
                organisation=organisation,
                unit=units[i % len(units)],
                full_name=name,
                email=email,
                is_unit_head=i < len(units),
                sort_key=collation_string(name, person=True),
                search_text=fold(f"{name} {email}"),
            )
        )
    Staff.objects.bulk_create(staff_rows, batch_size=BATCH)
    staff_by_unit: dict[int, list[int]] = {}
    for pk, unit_id in Staff.objects.filter(unit__in=units).values_list("pk", "unit_id"):
        staff_by_unit.setdefault(unit_id, []).append(pk)
    say(f"  {len(units)} đơn vị, {scale.staff} cán bộ\n")

    # Obligation rules ----------------------------------------------------------------------
    if not ObligationRule.objects.filter(organisation=organisation).exists():
        ObligationRule.objects.bulk_create(
            [
                ObligationRule(
                    organisation=organisation,
                    plan=plan,
                    title="Mỗi tháng ít nhất 01 buổi sinh hoạt có nội dung CCHC",
                    counts="session",
                    period="month",
                    required=1,
                    active_from=dt.date(first_year, 1, 1),
                ),
                ObligationRule(
                    organisation=organisation,
                    plan=plan,
                    title="Mỗi quý ít nhất 02 tin, bài gửi duyệt",
                    counts="article_submitted",
                    period="quarter",
                    required=2,
                    active_from=dt.date(first_year, 1, 1),
                ),
            ]
        )

    # Sessions, attendance, other communication -----------------------------------------------
    start_code = Activity.objects.count() + 10_000
    kinds = list(Activity.SESSION_KINDS)
    activities = []
    for i in range(scale.sessions + scale.other):
        session = i < scale.sessions
        starts = _moment(rng, first_year, scale.years)
        activities.append(
            Activity(
                organisation=organisation,
                unit=units[rng.randrange(len(units))],
                kind=rng.choice(kinds) if session else rng.choice(("bang_tin", "zalo", "to_roi")),
                title=f"Hoạt động {tag} {i}",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2) if session else None,
                code=_code(start_code + i),
                count=1 if session else rng.randint(1, 20),
            )
        )
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    activities = list(
        Activity.objects.filter(title__startswith=f"Hoạt động {tag} ").values_list(
            "pk", "unit_id", "kind"
        )
    )
    topic_links, invited_links = [], []
    statuses = ("present",) * 17 + ("excused", "excused", "absent")
    now = timezone.now()
    stamp = Attendance._meta.get_field("updated_at").get_db_prep_save(now, connection)
    table = connection.ops.quote_name(Attendance._meta.db_table)
    insert = (
        f"INSERT INTO {table} (activity_id, staff_id, status, updated_at) VALUES (%s, %s, %s, %s)"
    )
    attendance_count, pending = 0, []
    with connection.cursor() as cursor:
        for pk, unit_id, kind in activities:
            if topics:
                for topic in rng.sample(topics, k=min(len(topics), rng.randint(1, 2))):
                    topic_links.append(Activity.topics.through(activity_id=pk, topic_id=topic.pk))
            invited_links.append(Activity.invited_units.through(activity_id=pk, unit_id=unit_id))
            if kind in Activity.SESSION_KINDS:
                for staff_id in staff_by_unit.get(unit_id, []):
                    pending.append((pk, staff_id, rng.choice(statuses), stamp))
            if len(pending) >= BATCH * 4:
                cursor.executemany(insert, pending)
                attendance_count += len(pending)
                pending = []
        if pending:
            cursor.executemany(insert, pending)
            attendance_count += len(pending)
    Activity.topics.through.objects.bulk_create(topic_links, batch_size=BATCH)
    Activity.invited_units.through.objects.bulk_create(invited_links, batch_size=BATCH)
    say(f"  {scale.sessions} buổi sinh hoạt, {attendance_count} lượt điểm danh\n")

    # Articles -----------------------------------------------------------------------------------
    index = ensure_news_index(organisation)
    index.refresh_from_db()
    article_type = ContentType.objects.get_for_model(ArticlePage)
    page_type = ContentType.objects.get_for_model(Page)
    last_child = index.get_children().order_by("-path").values_list("path", flat=True).first()
    next_step = int(last_child[-4:], 36) + 1 if last_child else 1
    staff_ids = [pk for ids in staff_by_unit.values() for pk in ids]
    staff_unit = {pk: unit_id for unit_id, ids in staff_by_unit.items() for pk in ids}
    pages, extra = [], []
    for i in range(scale.articles):
        author = staff_ids[rng.randrange(len(staff_ids))]
        published = i >= scale.waiting and rng.random() < 0.85
        when = _moment(rng, first_year, scale.years)
        slug = f"bai-{tag}-{i}"
        title = f"Bài {tag} số {i}"
        pages.append(
            Page(
                path=index.path + _step(next_step + i),
                depth=index.depth + 1,
                numchild=0,
                translation_key=uuid.uuid4(),
                locale_id=index.locale_id,
                title=title,
                draft_title=title,
                slug=slug,
                content_type=article_type,
                live=published,
                has_unpublished_changes=not published,
                url_path=f"{index.url_path}{slug}/",
                first_published_at=when if published else None,
                last_published_at=when if published else None,
                latest_revision_created_at=when,
            )
        )
        extra.append((author, when))
    for i in range(0, len(pages), BATCH):
        Page.objects.bulk_create(pages[i : i + BATCH])
    page_ids = list(
        Page.objects.filter(path__startswith=index.path, slug__startswith=f"bai-{tag}-")
        .order_by("path")
        .values_list("pk", flat=True)
    )
    Page.objects.filter(pk=index.pk).update(numchild=index.get_children().count())
    rows, topic_rows = [], []
    for pk, (author, _when) in zip(page_ids, extra, strict=True):
        rows.append(
            {
                "page_ptr_id": pk,
                "organisation_id": organisation.pk,
                "unit_id": staff_unit[author],
                "kind": "tin",
                "summary": "Tóm tắt",
                "body": "<p>Nội dung</p>",
                "cover_image_id": None,
                "channels": ["portal"],
                "search_text": "bai",
            }
        )
        if topics:
            topic_rows.append(
                ArticlePage.topics.through(
                    articlepage_id=pk, topic_id=topics[rng.randrange(len(topics))].pk
                )
            )
    _insert_rows(ArticlePage, rows)
    ArticlePage.topics.through.objects.bulk_create(topic_rows, batch_size=BATCH)
    ArticlePage.authors.through.objects.bulk_create(
        [
            ArticlePage.authors.through(articlepage_id=pk, staff_id=author)
            for pk, (author, _when) in zip(page_ids, extra, strict=True)
        ],
        batch_size=BATCH,
    )
    if documents:
        ArticlePage.documents.through.objects.bulk_create(
            [
                ArticlePage.documents.through(
                    articlepage_id=pk, legaldocument_id=documents[n % len(documents)]
                )
                for n, pk in enumerate(page_ids[:: max(1, len(page_ids) // 2000)])
            ],
            batch_size=BATCH,
        )

    # The approval queue: the first `waiting` articles wait at the first step ------------------
    workflow = Workflow.objects.filter(active=True).first()
    task = (
        Task.objects.filter(workflow_tasks__workflow=workflow)
        .order_by("workflow_tasks__sort_order")
        .first()
    )
    if workflow is not None and task is not None and scale.waiting:
        waiting_ids = page_ids[: scale.waiting]
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=article_type,
                    base_content_type=page_type,
                    object_id=str(pk),
                    object_str=f"Bài {pk}",
                    content={},
                    created_at=now,
                )
                for pk in waiting_ids
            ],
            batch_size=BATCH,
        )
        states = WorkflowState.objects.bulk_create(
            [
                WorkflowState(
                    content_type=article_type,
                    base_content_type=page_type,
                    object_id=str(pk),
                    workflow=workflow,
                    status=WorkflowState.STATUS_IN_PROGRESS,
                )
                for pk in waiting_ids
            ],
            batch_size=BATCH,
        )
        if states and states[0].pk is None or revisions and revisions[0].pk is None:
            raise RuntimeError("the database backend did not return primary keys")
        task_states = TaskState.objects.bulk_create(
            [
                TaskState(
                    workflow_state=state,
                    revision=revision,
                    task=task,
                    status=TaskState.STATUS_IN_PROGRESS,
                )
                for state, revision in zip(states, revisions, strict=True)
            ],
            batch_size=BATCH,
        )
        for n, ts in enumerate(task_states):
            ts.started_at = now - dt.timedelta(days=n % 20, hours=n % 7)
        TaskState.objects.bulk_update(task_states, ["started_at"], batch_size=BATCH)
        for state, ts in zip(states, task_states, strict=True):
            state.current_task_state = ts
        WorkflowState.objects.bulk_update(states, ["current_task_state"], batch_size=BATCH)
    say(f"  {scale.articles} tin, bài ({scale.waiting} đang chờ duyệt)\n")
    return {
        "units": len(units),
        "staff": scale.staff,
        "sessions": scale.sessions,
        "attendance": attendance_count,
        "articles": scale.articles,
    }
