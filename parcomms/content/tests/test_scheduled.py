"""Scheduled publishing and expiry from the task worker: due articles go live, expired ones go
offline, two runs never do anything twice, and the chain re-queues itself."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from parcomms.audit.models import AuditEntry
from parcomms.content import tasks
from parcomms.content.models import ArticlePage
from parcomms.content.testing import act, make_article, submit

pytestmark = pytest.mark.django_db


def at(moment):
    """Run as if it were `moment` (Wagtail decides "due" with timezone.now())."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def soon(**delta):
    return (timezone.now() + timedelta(**delta)).replace(microsecond=0)


def fresh(article):
    return ArticlePage.objects.get(pk=article.pk)


def approved_with_go_live(cast, go_live_at, expire_at=None):
    article = make_article(cast.staff)
    article.go_live_at = go_live_at
    article.expire_at = expire_at
    article.save_revision(user=cast.staff)
    submit(article, cast.staff)
    act(article, cast.head)
    act(article, cast.editor)
    return fresh(article)


def test_scheduled_article_goes_live_when_the_task_runs(cast):
    go_live = soon(hours=2)
    article = approved_with_go_live(cast, go_live)
    assert not article.live  # approved, waiting for its time
    revision = article.get_latest_revision()
    assert revision.approved_go_live_at == go_live
    tasks.publish_scheduled_articles.enqueue()  # too early: nothing happens
    assert not fresh(article).live
    with at(go_live + timedelta(minutes=1)):
        result = tasks.publish_scheduled_articles.enqueue()
    assert result.return_value == {"published": 1, "unpublished": 0}
    article = fresh(article)
    assert article.live and article.live_revision_id == revision.pk
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is None
    assert (
        AuditEntry.objects.filter(action="article.publish", object_id=str(article.pk)).count() == 1
    )


def test_expired_article_goes_offline(cast):
    article = approved_with_go_live(cast, None, expire_at=timezone.now() + timedelta(days=1))
    assert article.live
    later = timezone.now() + timedelta(days=2)
    assert tasks.publish_due(later) == {"published": 0, "unpublished": 1}
    article = fresh(article)
    assert not article.live and article.expired
    assert AuditEntry.objects.filter(action="article.unpublish", object_id=str(article.pk)).exists()


def test_second_run_does_nothing_twice(cast):
    go_live = soon(minutes=5)
    article = approved_with_go_live(cast, go_live, expire_at=go_live + timedelta(hours=1))
    with at(go_live + timedelta(minutes=1)):
        assert tasks.publish_due() == {"published": 1, "unpublished": 0}
        assert tasks.publish_due() == {"published": 0, "unpublished": 0}
    assert fresh(article).live
    with at(go_live + timedelta(hours=2)):
        assert tasks.publish_due() == {"published": 0, "unpublished": 1}
        assert tasks.publish_due() == {"published": 0, "unpublished": 0}
    assert not fresh(article).live
    assert (
        AuditEntry.objects.filter(action="article.publish", object_id=str(article.pk)).count() == 1
    )


def test_a_run_that_lost_the_claim_skips(cast):
    # Simulates two workers: the other one claimed the revision between our read and our
    # claim, so our conditional UPDATE matches nothing.
    go_live = soon(minutes=5)
    article = approved_with_go_live(cast, go_live)
    revision = article.get_latest_revision()
    real_filter = Revision.objects.filter

    def racing_filter(*args, **kwargs):
        qs = real_filter(*args, **kwargs)
        if "approved_go_live_at" in kwargs and kwargs.get("pk") == revision.pk:
            real_filter(pk=revision.pk).update(approved_go_live_at=None)  # the other worker
        return qs

    with (
        mock.patch.object(Revision.objects, "filter", side_effect=racing_filter),
        at(go_live + timedelta(minutes=1)),
    ):
        counts = tasks.publish_due()
    assert counts["published"] == 0
    assert not fresh(article).live


def test_chain_requeues_itself_on_a_deferring_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    call_command("schedule_publishing")
    call_command("schedule_publishing")  # a second start does not double the chain
    waiting = DBTaskResult.objects.filter(task_path=tasks.TASK_PATH, status="READY")
    assert waiting.count() == 1
    # One run of the task re-queues the next a minute later (and only one).
    waiting.update(status="RUNNING")
    before = timezone.now()
    tasks.publish_scheduled_articles.func()
    nxt = DBTaskResult.objects.get(task_path=tasks.TASK_PATH, status="READY")
    assert timedelta(seconds=50) < nxt.run_after - before < timedelta(seconds=70)


def test_immediate_backend_does_not_loop():
    assert tasks.enqueue_next() is False
