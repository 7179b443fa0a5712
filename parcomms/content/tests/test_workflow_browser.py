"""In a browser: a staff member writes an article and submits it; the head of another unit
cannot approve it; their own unit head approves; the editor publishes (headless Chromium)."""

import pytest

from parcomms.content.models import ArticlePage
from parcomms.content.services import ensure_news_index
from parcomms.content.testing import approve, make_topics, open_action_menu
from parcomms.org.testing import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Một cửa điện tử rút ngắn thời gian giải quyết thủ tục hành chính"


def test_article_through_the_approval_chain(page, live_server, cast, output_dir):
    base = live_server.url
    topics = make_topics(cast.org)
    index = ensure_news_index(cast.org)

    # 1. congchuc writes the article and accepts a suggested content area.
    admin_login(page, base, "congchuc")
    page.goto(f"{base}/admin/pages/add/content/articlepage/{index.pk}/")
    page.fill("#id_title", TITLE)
    page.fill(
        "#id_summary", "Trung tâm Phục vụ hành chính công rút ngắn thời gian giải quyết hồ sơ."
    )
    page.locator(".Draftail-Editor .public-DraftEditor-content").first.click()
    page.keyboard.type(
        "Từ tháng 3, thủ tục hành chính được giải quyết nhanh hơn, giảm giấy tờ cho người dân."
    )
    page.click("[data-suggest-button]")
    first = page.locator("[data-suggest-list] li").first
    first.wait_for()
    assert "c) Tuyên truyền về cải cách thủ tục hành chính" in first.inner_text()
    first.locator("[data-accept]").click()
    assert page.locator(f'input[name="topics"][value="{topics[1].pk}"]').is_checked()
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "article-editor-suggestions.png"), full_page=True)
    open_action_menu(page)
    page.click('button[name="action-submit"]')
    page.wait_for_url("**/admin/pages/**")
    article = ArticlePage.objects.get(title=TITLE)
    assert article.current_workflow_task_state.task.specific.step == "unit"
    assert [t.pk for t in article.get_latest_revision().as_object().topics.all()] == [topics[1].pk]
    page.screenshot(path=str(output_dir / "article-submitted.png"), full_page=True)

    # 2. The head of another unit: not in their queue, and the editor refuses them.
    admin_login(page, base, "truongphong2")
    page.goto(f"{base}/admin/content/queue/")
    assert TITLE not in page.locator("#review-queue").inner_text()
    page.goto(f"{base}/admin/pages/{article.pk}/edit/")
    assert page.url.rstrip("/").endswith("/admin")  # refused, back to the dashboard
    article.refresh_from_db()
    assert article.current_workflow_task_state.task.specific.step == "unit"

    # 3. The own unit head approves from the queue.
    admin_login(page, base, "truongphong")
    page.goto(f"{base}/admin/content/queue/")
    assert TITLE in page.locator("#review-queue").inner_text()
    page.screenshot(path=str(output_dir / "review-queue-unit-head.png"), full_page=True)
    page.click(f"#review-queue a:has-text('{TITLE[:20]}')")
    page.wait_for_url(f"**/admin/pages/{article.pk}/edit/")
    open_action_menu(page)
    page.screenshot(path=str(output_dir / "approval-step-unit-head.png"), full_page=True)
    approve(page)
    page.wait_for_selector(".messages .success")
    article.refresh_from_db()
    assert article.current_workflow_task_state.task.specific.step == "editor"

    # 4. The editor approves for publication: the article is live.
    admin_login(page, base, "bientap")
    page.goto(f"{base}/admin/content/queue/")
    assert TITLE in page.locator("#review-queue").inner_text()
    page.screenshot(path=str(output_dir / "review-queue-editor.png"), full_page=True)
    page.goto(f"{base}/admin/pages/{article.pk}/edit/")
    open_action_menu(page)
    page.screenshot(path=str(output_dir / "approval-step-editor.png"), full_page=True)
    approve(page)
    page.wait_for_selector(".messages .success")
    article.refresh_from_db()
    assert article.live
    page.screenshot(path=str(output_dir / "article-published-editor.png"), full_page=True)
