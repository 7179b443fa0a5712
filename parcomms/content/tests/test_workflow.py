"""The approval chain: staff → own unit head → editor → published; routing, refusals,
notifications and the audit log."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from parcomms.audit.models import AuditEntry
from parcomms.content.models import ArticlePage
from parcomms.content.testing import act, current_task_state, make_article, submit
from parcomms.org.models import Notification
from parcomms.org.testing import is_refused

pytestmark = pytest.mark.django_db(transaction=False)


def fresh(article):
    return ArticlePage.objects.get(pk=article.pk)


def notes_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def test_full_chain_publishes_and_notifies(cast, django_capture_on_commit_callbacks):
    article = make_article(cast.staff)
    with django_capture_on_commit_callbacks(execute=True):
        submit(article, cast.staff)
    state = current_task_state(fresh(article))
    assert state.task.specific.step == "unit"
    assert any("chờ trưởng đơn vị duyệt" in t for t in notes_for(cast.head))
    assert notes_for(cast.other_head) == []
    assert notes_for(cast.editor) == []

    with django_capture_on_commit_callbacks(execute=True):
        act(article, cast.head, "approve", "Được")
    state = current_task_state(fresh(article))
    assert state.task.specific.step == "editor"
    assert any("chờ biên tập viên duyệt" in t for t in notes_for(cast.editor))
    assert any("trưởng đơn vị duyệt" in t for t in notes_for(cast.staff))
    assert not fresh(article).live

    with django_capture_on_commit_callbacks(execute=True):
        act(article, cast.editor, "approve")
    article = fresh(article)
    assert article.live and article.first_published_at is not None
    assert article.current_workflow_state is None
    assert any("đã được duyệt và đăng" in t for t in notes_for(cast.staff))
    # e-mail too
    assert any(
        cast.staff.email in m.to and "đã được duyệt và đăng" in m.subject for m in mail.outbox
    )
    actions = list(
        AuditEntry.objects.filter(object_id=str(article.pk)).values_list("action", flat=True)
    )
    for expected in (
        "article.submit",
        "article.review_requested",
        "article.approve",
        "article.publish",
    ):
        assert expected in actions
    approvals = AuditEntry.objects.filter(object_id=str(article.pk), action="article.approve")
    assert {e.actor for e in approvals} == {cast.head, cast.editor}
    assert all(e.organisation == cast.org for e in approvals)


def test_other_unit_head_cannot_approve(cast):
    article = make_article(cast.staff)
    submit(article, cast.staff)
    with pytest.raises(PermissionDenied):
        act(article, cast.other_head)
    with pytest.raises(PermissionDenied):
        act(article, cast.other_org_head)
    assert current_task_state(fresh(article)).status == TaskState.STATUS_IN_PROGRESS
    task = current_task_state(fresh(article)).task.specific
    assert task.get_actions(fresh(article), cast.other_head) == []
    assert [a[0] for a in task.get_actions(fresh(article), cast.head)] == [
        "reject",
        "approve",
        "approve",
    ]


def test_editor_cannot_act_at_unit_step_and_head_not_at_editor_step(cast):
    article = make_article(cast.staff)
    submit(article, cast.staff)
    with pytest.raises(PermissionDenied):
        act(article, cast.editor)
    act(article, cast.head)
    with pytest.raises(PermissionDenied):
        act(article, cast.head)
    with pytest.raises(PermissionDenied):
        act(article, cast.leader)  # leadership is only the fallback when no editor can act


def test_nobody_approves_their_own_article(cast):
    # The unit head writes: they cannot approve; with no other head in the unit (or above),
    # the organisation's leadership approves the unit step.
    article = make_article(cast.head)
    submit(article, cast.head)
    with pytest.raises(PermissionDenied):
        act(article, cast.head)
    with pytest.raises(PermissionDenied):
        act(article, cast.other_head)
    act(article, cast.leader)
    # An editor who co-authored cannot approve at the editor step either.
    article2 = make_article(
        cast.staff, title="Bài viết chung", authors=[cast.staff.staff, cast.editor.staff]
    )
    submit(article2, cast.staff)
    act(article2, cast.head)
    with pytest.raises(PermissionDenied):
        act(article2, cast.editor)
    act(article2, cast.leader)  # the only editor is an author: leadership decides
    assert fresh(article2).live


def test_editor_article_needs_unit_head_and_another_reviewer(cast):
    article = make_article(cast.editor)
    submit(article, cast.editor)
    act(article, cast.head)
    with pytest.raises(PermissionDenied):
        act(article, cast.editor)


def test_return_with_comment_then_resubmit(cast, django_capture_on_commit_callbacks):
    article = make_article(cast.staff)
    submit(article, cast.staff)
    with pytest.raises(PermissionDenied):
        act(article, cast.head, "reject", "   ")  # a return needs a comment
    with django_capture_on_commit_callbacks(execute=True):
        act(article, cast.head, "reject", "Bổ sung số liệu quý I.")
    state = fresh(article).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert any("trả lại để sửa: Bổ sung số liệu quý I." in t for t in notes_for(cast.staff))
    entry = AuditEntry.objects.get(object_id=str(article.pk), action="article.reject")
    assert entry.details["comment"] == "Bổ sung số liệu quý I."
    # The author edits and resubmits: the unit head reviews again.
    article = fresh(article)
    article.summary = "Tóm tắt đã bổ sung số liệu."
    article.save_revision(user=cast.staff)
    state.resume(user=cast.staff)
    assert current_task_state(fresh(article)).task.specific.step == "unit"
    act(article, cast.head)
    act(article, cast.editor)
    assert fresh(article).live
    assert fresh(article).summary == "Tóm tắt đã bổ sung số liệu."


def test_submit_refused_for_other_people(cast):
    article = make_article(cast.staff)
    for user in (cast.other_staff, cast.other_org_staff, cast.head):
        with pytest.raises(PermissionDenied):
            submit(article, user)
    assert fresh(article).current_workflow_state is None


def test_waiting_article_is_locked_for_author_but_open_to_its_reviewer(cast):
    article = make_article(cast.staff)
    submit(article, cast.staff)
    article = fresh(article)
    assert article.permissions_for_user(cast.head).can_edit()  # reviewer opens the editor
    assert not article.permissions_for_user(cast.other_head).can_edit()
    lock = article.get_lock()
    assert lock is not None and lock.for_user(cast.staff)
    assert not lock.for_user(cast.head)


# -- the same through Wagtail's HTTP endpoints ------------------------------------------------


def action_url(article, action):
    state = current_task_state(fresh(article))
    return reverse("wagtailadmin_pages:workflow_action", args=(article.pk, action, state.pk))


def test_workflow_action_endpoint_refuses_wrong_people(cast, client):
    article = make_article(cast.staff)
    submit(article, cast.staff)
    url = action_url(article, "approve")
    assert client.post(url).status_code == 302 and "login" in client.post(url)["Location"]
    for user in (cast.other_head, cast.other_org_head, cast.staff, cast.editor, cast.other_staff):
        client.force_login(user)
        assert is_refused(client.post(url, {"comment": ""})), user.username
    assert current_task_state(fresh(article)).status == TaskState.STATUS_IN_PROGRESS
    client.force_login(cast.head)
    response = client.post(url, {"comment": "Đồng ý"})
    assert response.status_code == 302 and response["Location"] != "/admin/"
    assert current_task_state(fresh(article)).task.specific.step == "editor"
    client.force_login(cast.editor)
    client.post(action_url(article, "approve"), {"comment": ""})
    assert fresh(article).live


def test_reject_endpoint_needs_comment(cast, client):
    article = make_article(cast.staff)
    submit(article, cast.staff)
    client.force_login(cast.head)
    url = action_url(article, "reject")
    client.post(url, {"comment": ""}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert current_task_state(fresh(article)).status == TaskState.STATUS_IN_PROGRESS
    client.post(url, {"comment": "Sửa tiêu đề."})
    assert fresh(article).current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_submit_from_the_editor(cast, client):
    article = make_article(cast.staff)
    client.force_login(cast.staff)
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        title=article.title,
        slug=article.slug,
        summary=article.summary,
        body='{"blocks":[{"key":"a","type":"unstyled","text":"Nội dung","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        unit=cast.unit.pk,
        authors=[cast.staff.staff.pk],
        kind="tin",
        channels=["portal"],
        **{"action-submit": "1"},
    )
    data = {
        k: v
        for k, v in data.items()
        if k not in ("topics", "documents", "cover_image", "go_live_at", "expire_at")
    }
    data.setdefault("comments-TOTAL_FORMS", 0)
    data.setdefault("comments-INITIAL_FORMS", 0)
    data.setdefault("comments-MIN_NUM_FORMS", 0)
    data.setdefault("comments-MAX_NUM_FORMS", 1000)
    response = client.post(edit, data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    state = current_task_state(fresh(article))
    assert state is not None and state.task.specific.step == "unit"
    assert AuditEntry.objects.filter(
        object_id=str(article.pk), action="article.submit", actor=cast.staff
    ).exists()
