"""The approval chain for articles as Wagtail workflow tasks.

Staff submit → the head of the article's unit approves or returns it with a comment → an editor
of the same organisation approves it for publication (the workflow then publishes it, or
schedules it when it has a go-live time). Nobody acts on an article they wrote or submitted.

Who reviews (`ReviewerDirectory.reviewers`):
- unit step: the active heads (Staff.is_unit_head) of the article's unit; if every head of that
  unit is an author, the heads of the parent unit, and so on up; at the top, the organisation's
  leadership. A head of another unit never sees the article.
- editor step: the organisation's editors who are not authors; if none is left, its leadership.

The tasks decide; `services.review_article` performs the action with the audit record and the
notifications, so the admin buttons and the code paths share one implementation.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from parcomms.org.roles import Role


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến (bắt buộc khi trả lại)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
        error_messages={"required": _("Hãy ghi rõ cần sửa gì trước khi trả lại.")},
    )


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


@dataclass
class ReviewerDirectory:
    """Everything needed to route an organisation's articles, loaded in a few queries."""

    heads_by_unit: dict[int, set[int]]
    parent_of: dict[int, int | None]
    editors: set[int]
    leaders: set[int]

    @classmethod
    def for_organisation(cls, organisation_id: int) -> "ReviewerDirectory":
        from django.contrib.auth.models import Group

        from parcomms.org.models import Staff, Unit

        heads: dict[int, set[int]] = {}
        for unit_id, user_id in Staff.objects.filter(
            organisation_id=organisation_id, is_unit_head=True, is_active=True, user__is_active=True
        ).values_list("unit_id", "user_id"):
            heads.setdefault(unit_id, set()).add(user_id)
        parents = dict(
            Unit.objects.filter(organisation_id=organisation_id).values_list("pk", "parent_id")
        )
        members = {
            role: set(
                get_user_model()
                .objects.filter(
                    is_active=True,
                    staff__organisation_id=organisation_id,
                    staff__is_active=True,
                    groups__in=Group.objects.filter(name=role.group_name),
                )
                .values_list("pk", flat=True)
            )
            for role in (Role.EDITOR, Role.LEADERSHIP)
        }
        return cls(heads, parents, members[Role.EDITOR], members[Role.LEADERSHIP])

    def reviewers(self, step: str, unit_id: int, excluded: set[int]) -> set[int]:
        if step == UnitHeadApprovalTask.step:
            unit, seen = unit_id, set()
            while unit is not None and unit not in seen:
                seen.add(unit)
                heads = self.heads_by_unit.get(unit, set()) - excluded
                if heads:
                    return heads
                unit = self.parent_of.get(unit)
            return self.leaders - excluded
        editors = self.editors - excluded
        return editors or (self.leaders - excluded)


def author_staff_ids(article, revision_content=None) -> set[int]:
    """Staff ids of the authors in the saved page and in its latest draft (a co-author added in
    a draft is an author before anything is published)."""
    ids = {a.pk for a in article.authors.all()}  # works on a page and on a revision's object
    if revision_content is None and article.latest_revision_id:
        from wagtail.models import Revision

        revision_content = (
            Revision.objects.filter(pk=article.latest_revision_id)
            .values_list("content", flat=True)
            .first()
        )
    ids.update((revision_content or {}).get("authors") or [])
    return ids


def own_user_ids(article, workflow_state=None, revision_content=None) -> set[int]:
    """The people who may not approve this article: its authors, its creator, its submitter."""
    from parcomms.org.models import Staff

    staff_ids = author_staff_ids(article, revision_content)
    ids = set(Staff.objects.filter(pk__in=staff_ids).values_list("user_id", flat=True))
    if article.owner_id:
        ids.add(article.owner_id)
    if workflow_state is not None and workflow_state.requested_by_id:
        ids.add(workflow_state.requested_by_id)
    return ids


def reviewer_ids(article, step: str, workflow_state=None, directory=None) -> set[int]:
    directory = directory or ReviewerDirectory.for_organisation(article.organisation_id)
    return directory.reviewers(step, article.unit_id, own_user_ids(article, workflow_state))


class ArticleApprovalTask(Task):
    """Common behaviour; the concrete steps differ only in who reviews."""

    step = ""

    class Meta:
        abstract = True

    def _article(self, obj):
        from .models import ArticlePage

        obj = obj.specific if hasattr(obj, "specific") else obj
        return obj if isinstance(obj, ArticlePage) else None

    def user_can_review(self, obj, user) -> bool:
        article = self._article(obj)
        if article is None or not user.is_authenticated or not user.is_active:
            return False
        staff = getattr(user, "staff", None)
        if staff is None or staff.organisation_id != article.organisation_id:
            return False
        state = article.current_workflow_state
        return user.pk in reviewer_ids(article, self.step, state)

    # Wagtail's hooks into the editor and the action menu
    def user_can_access_editor(self, obj, user):
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user):
        # While an article waits for review only its reviewer may change it.
        return not (user.is_superuser or self.user_can_review(obj, user))

    def user_can_lock(self, obj, user):
        return self.user_can_review(obj, user)

    def get_actions(self, obj, user):
        if not self.user_can_review(obj, user):
            return []
        return [
            ("reject", _("Trả lại, yêu cầu sửa"), True),
            ("approve", _("Duyệt"), False),
            ("approve", _("Duyệt kèm ý kiến"), True),
        ]

    def get_form_for_action(self, action):
        return ReturnForm if action == "reject" else ApproveForm

    def on_action(self, task_state, user, action_name, **kwargs):
        from .services import review_article

        review_article(task_state, action_name, acting_user=user, comment=kwargs.get("comment", ""))

    def start(self, workflow_state, user=None):
        from .services import request_review

        task_state = super().start(workflow_state, user=user)
        request_review(task_state, acting_user=user)
        return task_state

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return TaskState.objects.filter(pk__in=reviewable_state_ids(self, user))

    def __str__(self):
        return self.name


class UnitHeadApprovalTask(ArticleApprovalTask):
    step = "unit"

    class Meta:
        verbose_name = _("bước trưởng đơn vị duyệt")
        verbose_name_plural = _("bước trưởng đơn vị duyệt")

    @classmethod
    def get_description(cls):
        return _("Trưởng đơn vị của tác giả duyệt hoặc trả lại (không duyệt bài của chính mình).")


class EditorApprovalTask(ArticleApprovalTask):
    step = "editor"

    class Meta:
        verbose_name = _("bước biên tập viên duyệt đăng")
        verbose_name_plural = _("bước biên tập viên duyệt đăng")

    @classmethod
    def get_description(cls):
        return _("Biên tập viên cùng cơ quan duyệt đăng (không duyệt bài của chính mình).")


def waiting_states(user, tasks=None):
    """In-progress task states of the approval chain, with their articles, that `user` reviews.

    Returns [(task_state, article)] oldest first. Routing is decided in Python from one
    `ReviewerDirectory` (a handful of queries whatever the number of articles).
    """
    from .models import ArticlePage

    staff = getattr(user, "staff", None)
    if staff is None or not user.is_active:
        return []
    states = list(
        TaskState.objects.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__status="in_progress",
            task__content_type__app_label="content",
        )
        .filter(**({"task__in": tasks} if tasks is not None else {}))
        .select_related("task__content_type", "workflow_state", "workflow_state__requested_by")
        .order_by("started_at", "pk")
    )
    if not states:
        return []
    articles = {
        str(a.pk): a
        for a in ArticlePage.objects.filter(
            organisation_id=staff.organisation_id,
            pk__in=[int(s.workflow_state.object_id) for s in states],
        )
        .select_related("unit", "owner")
        .prefetch_related("authors")
    }
    from wagtail.models import Revision

    from parcomms.org.models import Staff

    directory = ReviewerDirectory.for_organisation(staff.organisation_id)
    drafts = dict(
        Revision.objects.filter(
            pk__in=[a.latest_revision_id for a in articles.values() if a.latest_revision_id]
        ).values_list("pk", "content")
    )
    user_of_staff = dict(
        Staff.objects.filter(organisation_id=staff.organisation_id).values_list("pk", "user_id")
    )
    out = []
    for state in states:
        article = articles.get(state.workflow_state.object_id)
        if article is None:
            continue
        step = state.task.specific_class.step if state.task.specific_class else ""
        draft = drafts.get(article.latest_revision_id) or {}
        excluded = {user_of_staff.get(pk) for pk in author_staff_ids(article, draft)} | {
            article.owner_id,
            state.workflow_state.requested_by_id,
        }
        if user.pk in directory.reviewers(step, article.unit_id, excluded):
            out.append((state, article))
    return out


def reviewable_state_ids(task, user) -> list[int]:
    return [state.pk for state, _ in waiting_states(user, tasks=[task.pk])]
