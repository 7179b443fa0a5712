"""Access to the content admin pages: anonymous, wrong organisation, wrong unit, wrong role,
wrong method; and what the reviewers' queue shows to whom."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from parcomms.content.admin_views import waiting_days, waiting_label
from parcomms.content.services import ensure_news_index
from parcomms.content.testing import act, current_task_state, make_article, make_topics, submit
from parcomms.org.testing import is_refused

pytestmark = pytest.mark.django_db
QUEUE = reverse("content_admin:queue")
SUGGEST = reverse("content_admin:suggest")
ARTICLES = reverse("content_admin:articles")


def test_anonymous_goes_to_login(client):
    for url, method in ((QUEUE, "get"), (SUGGEST, "post"), (ARTICLES, "get")):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_wrong_methods(cast, client):
    client.force_login(cast.head)
    assert client.post(QUEUE).status_code == 405
    assert client.get(SUGGEST).status_code == 405
    assert client.post(ARTICLES).status_code == 405


def test_queue_refuses_plain_staff_and_users_without_staff_record(cast, client, django_user_model):
    client.force_login(cast.staff)
    assert is_refused(client.get(QUEUE))
    # Without a staff record (and so without admin access) Wagtail sends them to the login page.
    client.force_login(django_user_model.objects.create_user("lac", password="x"))
    for response in (client.get(ARTICLES), client.get(QUEUE), client.post(SUGGEST, {"title": "x"})):
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/login/" in response["Location"]


def test_queue_shows_each_reviewer_their_own_items(cast, client):
    article = make_article(cast.staff, title="Tin chờ duyệt")
    submit(article, cast.staff)
    state = current_task_state(article)
    TaskState.objects.filter(pk=state.pk).update(started_at=timezone.now() - timedelta(days=5))
    expected = {
        cast.head: True,  # own unit head
        cast.other_head: False,  # wrong unit
        cast.editor: False,  # not yet at the editor step
        cast.leader: False,
        cast.other_org_head: False,  # wrong organisation
    }
    for user, sees in expected.items():
        client.force_login(user)
        html = client.get(QUEUE).content.decode()
        assert ("Tin chờ duyệt" in html) is sees, user.username
    client.force_login(cast.head)
    html = client.get(QUEUE).content.decode()
    assert "chờ 5 ngày" in html and "Quá hạn" in html and "data-overdue" in html
    act(article, cast.head)
    client.force_login(cast.editor)
    html = client.get(QUEUE).content.decode()
    assert "Tin chờ duyệt" in html and "chờ dưới 1 ngày" in html and "data-overdue" not in html
    client.force_login(cast.head)
    assert "Tin chờ duyệt" not in client.get(QUEUE).content.decode()


def test_flag_threshold_is_a_setting(cast, client, settings):
    settings.ARTICLE_REVIEW_FLAG_DAYS = 10
    article = make_article(cast.staff)
    submit(article, cast.staff)
    TaskState.objects.filter(pk=current_task_state(article).pk).update(
        started_at=timezone.now() - timedelta(days=5)
    )
    client.force_login(cast.head)
    html = client.get(QUEUE).content.decode()
    assert "chờ 5 ngày" in html and "data-overdue" not in html


def test_queue_is_not_n_plus_one(cast, client, django_assert_max_num_queries):
    for i in range(6):
        submit(make_article(cast.staff, title=f"Tin số {i}"), cast.staff)
    client.force_login(cast.head)
    client.get(QUEUE)
    with django_assert_max_num_queries(25):
        html = client.get(QUEUE).content.decode()
    assert html.count("Tin số") == 6


def test_waiting_labels():
    now = timezone.now()
    assert waiting_days(now - timedelta(hours=20), now) == 0
    assert waiting_days(now - timedelta(days=3, hours=1), now) == 3
    assert waiting_label(0) == "chờ dưới 1 ngày"
    assert waiting_label(3) == "chờ 3 ngày"


def test_suggest_uses_own_organisation_plan(cast, client):
    mine = make_topics(cast.org)
    theirs = make_topics(cast.other_org)
    client.force_login(cast.staff)
    response = client.post(
        SUGGEST,
        {
            "title": "Rút ngắn thời gian giải quyết TTHC",
            "summary": "",
            "body": "<p>thủ tục hành chính</p>",
        },
    )
    data = response.json()
    ids = [s["id"] for s in data["suggestions"]]
    assert ids and ids[0] == mine[1].pk
    assert not set(ids) & {t.pk for t in theirs}
    assert data["suggestions"][0]["terms"]
    client.force_login(cast.other_org_staff)
    data = client.post(SUGGEST, {"title": "Rút ngắn thời gian giải quyết TTHC"}).json()
    assert [s["id"] for s in data["suggestions"]][0] == theirs[1].pk


def test_suggest_bad_input(cast, client):
    client.force_login(cast.staff)
    data = client.post(SUGGEST, {"title": "x"}).json()
    assert data["suggestions"] == [] and "chưa có kế hoạch" in data["message"]
    make_topics(cast.org)
    data = client.post(SUGGEST, {}).json()
    assert data["suggestions"] == [] and "Hãy viết" in data["message"]


def test_articles_shortcut_goes_to_own_news_index(cast, client):
    for user, org in ((cast.staff, cast.org), (cast.other_org_staff, cast.other_org)):
        client.force_login(user)
        response = client.get(ARTICLES)
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "wagtailadmin_explore", args=[ensure_news_index(org).pk]
        )


def test_wagtail_dashboard_review_panel_is_scoped(cast, client):
    article = make_article(cast.staff, title="Tin trên bảng điều khiển")
    submit(article, cast.staff)
    client.force_login(cast.head)
    assert "Tin trên bảng điều khiển" in client.get("/admin/").content.decode()
    client.force_login(cast.other_head)
    assert "Tin trên bảng điều khiển" not in client.get("/admin/").content.decode()
