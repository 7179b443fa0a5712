"""Writing articles in the Wagtail admin as our roles: create under one's own organisation,
defaults, edit only one's own, drafts, revisions with diff, preview, locking, choosers."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from parcomms.content.models import ArticlePage, NewsIndexPage
from parcomms.content.services import ensure_news_index
from parcomms.content.testing import make_article, make_topics
from parcomms.org.testing import is_refused

pytestmark = pytest.mark.django_db


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("content", "articlepage", index.pk))


def edit_url(article):
    return reverse("wagtailadmin_pages:edit", args=[article.pk])


def form_data(response, **changes):
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key, value in changes.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = value
    return data


def test_every_organisation_has_a_news_index(cast):
    assert (
        NewsIndexPage.objects.get(organisation=cast.org).get_parent().specific_class.__name__
        == "HomePage"
    )
    assert ensure_news_index(cast.org) == NewsIndexPage.objects.get(organisation=cast.org)
    assert NewsIndexPage.objects.filter(organisation=cast.org).count() == 1


def test_staff_creates_a_draft_with_defaults(cast, client):
    topics = make_topics(cast.org)
    other_topics = make_topics(cast.other_org)
    index = ensure_news_index(cast.org)
    client.force_login(cast.staff)
    response = client.get(add_url(index))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["authors"] == [cast.staff.staff.pk]
    assert form.initial["unit"] == cast.unit.pk
    assert set(form.fields["topics"].queryset) == set(topics)
    assert not set(form.fields["topics"].queryset) & set(other_topics)
    assert cast.other_org_unit not in form.fields["unit"].queryset
    assert cast.other_org_staff.staff not in form.fields["authors"].queryset
    assert "Gợi ý nội dung tuyên truyền" in response.content.decode()
    data = form_data(
        response,
        title="Một cửa điện tử rút ngắn thời gian giải quyết hồ sơ",
        slug="mot-cua-dien-tu",
        summary="Tóm tắt tin.",
        body=rich_text("<p>Nội dung <b>tin</b>.</p>"),
        topics=[topics[1].pk],
    )
    response = client.post(add_url(index), data)
    assert response.status_code == 302, response.context["form"].errors
    article = ArticlePage.objects.get(slug="mot-cua-dien-tu")
    assert not article.live and article.has_unpublished_changes
    assert article.owner == cast.staff and article.organisation == cast.org
    assert list(article.authors.all()) == [cast.staff.staff]
    assert article.unit == cast.unit
    assert list(article.topics.all()) == [topics[1]]
    assert article.channels == ["portal"]


def test_create_refused_under_another_organisation(cast, client):
    other_index = ensure_news_index(cast.other_org)
    client.force_login(cast.staff)
    assert is_refused(client.get(add_url(other_index)))
    assert is_refused(client.post(add_url(other_index), {"title": "x"}))
    assert not ArticlePage.objects.exists()


def test_bad_author_and_unit_are_explained(cast, client):
    index = ensure_news_index(cast.org)
    client.force_login(cast.staff)
    response = client.get(add_url(index))
    data = form_data(
        response,
        title="Bài của người khác",
        slug="bai-cua-nguoi-khac",
        summary="Tóm tắt.",
        body=rich_text("<p>Nội dung.</p>"),
        authors=[cast.other_staff.staff.pk],
        unit=cast.unit.pk,
    )
    response = client.post(add_url(index), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Bạn phải là một trong các tác giả của tin, bài này." in errors["authors"]
    assert "Đơn vị tác giả phải là đơn vị của một trong các tác giả." in errors["unit"]
    assert not ArticlePage.objects.exists()


def test_only_authors_and_editors_edit(cast, client):
    article = make_article(cast.staff)
    expected = {
        cast.staff: True,
        cast.editor: True,
        cast.other_staff: False,  # same organisation, another unit
        cast.head: False,  # not reviewing anything yet
        cast.other_head: False,
        cast.officer: False,
        cast.other_org_officer: False,
        cast.other_org_staff: False,
    }
    for user, allowed in expected.items():
        client.force_login(user)
        response = client.get(edit_url(article))
        assert (response.status_code == 200) is allowed, user.username
        if not allowed:
            assert is_refused(response), user.username
            assert is_refused(client.post(edit_url(article), {"title": "Đổi"})), user.username
    assert ArticlePage.objects.get(pk=article.pk).title == article.title


def test_co_author_edits(cast, client):
    article = make_article(cast.staff, authors=[cast.staff.staff, cast.other_staff.staff])
    client.force_login(cast.other_staff)
    assert client.get(edit_url(article)).status_code == 200


def test_other_organisation_sees_nothing_in_lists(cast, client):
    article = make_article(cast.staff, title="Tin riêng của Văn phòng")
    index = ensure_news_index(cast.org)
    for user in (cast.other_org_officer, cast.other_org_staff):
        client.force_login(user)
        explore = client.get(reverse("wagtailadmin_explore", args=[index.pk]))
        assert "Tin riêng của Văn phòng" not in explore.content.decode()
        search = client.get(reverse("wagtailadmin_pages:search"), {"q": "Tin riêng"})
        assert "Tin riêng của Văn phòng" not in search.content.decode()
        chooser = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Tin riêng"})
        assert "Tin riêng của Văn phòng" not in chooser.content.decode()
        for name in ("history", "preview_on_edit", "workflow_history", "usage"):
            assert is_refused(
                client.get(reverse(f"wagtailadmin_pages:{name}", args=[article.pk]))
            ), name
    # ... while the editor of the same organisation finds it
    client.force_login(cast.editor)
    explore = client.get(reverse("wagtailadmin_explore", args=[index.pk]))
    assert "Tin riêng của Văn phòng" in explore.content.decode()
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "Tin riêng"})
    assert "Tin riêng của Văn phòng" in search.content.decode()
    chooser = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Tin riêng"})
    assert "Tin riêng của Văn phòng" in chooser.content.decode()


def test_staff_sees_only_own_articles_in_explorer(cast, client):
    make_article(cast.staff, title="Tin của Hà")
    make_article(cast.other_staff, title="Tin của Khoa")
    client.force_login(cast.staff)
    html = client.get(
        reverse("wagtailadmin_explore", args=[ensure_news_index(cast.org).pk])
    ).content.decode()
    assert "Tin của Hà" in html and "Tin của Khoa" not in html


def test_revisions_diff_preview_and_draft(cast, client):
    article = make_article(cast.staff, title="Bản đầu")
    first = article.get_latest_revision()
    client.force_login(cast.staff)
    response = client.get(edit_url(article))
    response = client.post(
        edit_url(article),
        form_data(response, title="Bản sửa lần hai", body=rich_text("<p>Nội dung mới hẳn.</p>")),
    )
    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.get_latest_revision().as_object().title == "Bản sửa lần hai"
    assert not article.live  # still a draft
    second = article.get_latest_revision()
    compare = client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, first.pk, second.pk])
    )
    html = compare.content.decode()
    assert compare.status_code == 200
    assert '<span class="deletion">đầu</span><span class="addition">sửa lần hai</span>' in html
    assert '<span class="addition">mới hẳn.</span>' in html
    preview = client.post(
        reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk]),
        form_data(client.get(edit_url(article)), title="Xem trước"),
    )
    assert preview.status_code == 200 and preview.json()["is_valid"]
    client.force_login(cast.other_staff)
    assert is_refused(
        client.get(
            reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, first.pk, second.pk])
        )
    )


def test_lock_keeps_others_out(cast, client):
    article = make_article(cast.staff)
    client.force_login(cast.staff)
    assert client.post(reverse("wagtailadmin_pages:lock", args=[article.pk])).status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.locked and article.locked_by == cast.staff
    # The editor may open it but not save over the author's lock.
    client.force_login(cast.editor)
    response = client.get(edit_url(article))
    response = client.post(edit_url(article), form_data(response, title="Biên tập sửa"))
    assert (
        ArticlePage.objects.get(pk=article.pk).get_latest_revision().as_object().title
        != "Biên tập sửa"
    )
    # Another staff member may not lock or unlock it.
    client.force_login(cast.other_staff)
    assert is_refused(client.post(reverse("wagtailadmin_pages:unlock", args=[article.pk])))
    assert ArticlePage.objects.get(pk=article.pk).locked
    client.force_login(cast.staff)
    client.post(reverse("wagtailadmin_pages:unlock", args=[article.pk]))
    assert not ArticlePage.objects.get(pk=article.pk).locked


def test_delete_own_draft_only(cast, client):
    article = make_article(cast.staff)
    client.force_login(cast.other_staff)
    assert is_refused(client.post(reverse("wagtailadmin_pages:delete", args=[article.pk])))
    assert ArticlePage.objects.filter(pk=article.pk).exists()
    client.force_login(cast.staff)
    client.post(reverse("wagtailadmin_pages:delete", args=[article.pk]))
    assert not ArticlePage.objects.filter(pk=article.pk).exists()


def test_nobody_publishes_directly(cast, client):
    article = make_article(cast.staff)
    for user in (cast.staff, cast.editor, cast.head):
        assert not article.permissions_for_user(user).can_publish()
        client.force_login(user)
        response = client.get(edit_url(article))
        if response.status_code == 200:
            client.post(edit_url(article), form_data(response, **{"action-publish": "1"}))
    assert not ArticlePage.objects.get(pk=article.pk).live


def test_body_is_sanitised_on_save(cast):
    article = make_article(
        cast.staff,
        body='<p onclick="x()">Tin<script>alert(1)</script> <a href="javascript:alert(1)">đây</a></p>',
    )
    article = ArticlePage.objects.get(pk=article.pk)
    assert "script" not in article.body and "onclick" not in article.body
    assert "javascript" not in article.body
    revision = article.get_latest_revision().as_object()
    assert "script" not in revision.body


def test_image_chooser_shows_own_organisation_only(cast, client):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    mine = Image.objects.create(
        title="Ảnh VPUB", file=get_test_image_file(), uploaded_by_user=cast.staff
    )
    theirs = Image.objects.create(
        title="Ảnh SNV", file=get_test_image_file(), uploaded_by_user=cast.other_org_staff
    )
    client.force_login(cast.staff)
    html = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert mine.title in html and theirs.title not in html
