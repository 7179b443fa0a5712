"""Issue 4, "Done when", end to end in headless Chromium: a staff member writes an article
for the portal, Zalo and the e-mail digest; the head of another unit cannot approve it; their
own unit head approves; the editor publishes. It is then on the public site (desktop and
phone), in the RSS and Atom feeds (overall and its content area), broadcast once on the local
fake Zalo server, and in the next e-mail digest received by a local SMTP server.

Time of day: the `fake_zalo` fixture moves Zalo's quiet hours to a one-minute window twelve
hours away from the real clock (as the other Zalo tests do), so the broadcast goes out at
publication whenever the test runs; the test checks that the window is not now.
"""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from parcomms.channels.digest import create_subscription, send_scheduled_digest
from parcomms.channels.models import Delivery, DigestRun
from parcomms.channels.quiet_hours import QuietHours
from parcomms.channels.services import deliver_due
from parcomms.channels.testing.fixtures import fake_zalo_fixture, zalo_account_fixture  # noqa: F401
from parcomms.channels.testing.mail import parts, smtp_fixture  # noqa: F401
from parcomms.content.models import ArticlePage
from parcomms.content.services import ensure_news_index
from parcomms.content.testing import approve, make_topics, open_action_menu
from parcomms.org.models import Staff
from parcomms.org.testing import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Bộ phận một cửa rút ngắn một nửa thời gian giải quyết hồ sơ đất đai"
SUMMARY = "Từ tháng 3, hồ sơ đất đai tại Bộ phận một cửa được giải quyết trong 5 ngày làm việc."
BODY = "Người dân nộp hồ sơ trực tuyến và nhận kết quả qua dịch vụ bưu chính công ích."
PHONE = {"width": 390, "height": 844}
ATOM = "{http://www.w3.org/2005/Atom}"
ZALO_CREATE, ZALO_MESSAGE = "/v2.0/article/create", "/v2.0/oa/message"


def csrf_headers(page, base):
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return {"X-CSRFToken": token, "Referer": f"{base}/admin/"}


def current_step(article):
    article = ArticlePage.objects.get(pk=article.pk)
    return article.current_workflow_task_state.task.specific.step


def rss_entries(response):
    assert response.ok and response.headers["content-type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.body()).find("channel")
    return {i.findtext("title"): i.findtext("link") for i in channel.findall("item")}


def atom_entries(response):
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.body())
    return {
        e.findtext(f"{ATOM}title"): e.find(f"{ATOM}link").get("href")
        for e in feed.findall(f"{ATOM}entry")
    }


def test_article_from_draft_to_site_feeds_zalo_and_digest(
    page, live_server, cast, zalo_account, fake_zalo, smtp, output_dir
):
    base = live_server.url
    topics = make_topics(cast.org)
    index = ensure_news_index(cast.org)
    # Sent three days from now, so the next issue is still ahead when the test reaches it
    # (a digest due at 07:00 today could pass while the test runs).
    subscription = create_subscription(
        organisation=cast.org,
        name="Bản tin CCHC tuần",
        units=[cast.unit],
        weekday=(timezone.localdate().weekday() + 3) % 7,
        acting_user=cast.officer,
    )
    # Whatever the real time, Zalo's quiet window is elsewhere (see the module docstring).
    assert not QuietHours.parse(settings.ZALO_QUIET_HOURS).is_quiet(timezone.now())

    # 1. congchuc writes the article, accepts the suggested content area, ticks Zalo and
    #    e-mail besides the portal, and submits it.
    admin_login(page, base, cast.staff.username)
    page.goto(f"{base}/admin/pages/add/content/articlepage/{index.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", SUMMARY)
    page.locator(".Draftail-Editor .public-DraftEditor-content").first.click()
    page.keyboard.type(f"{BODY} Thủ tục hành chính được cải cách, giảm giấy tờ cho người dân.")
    page.click("[data-suggest-button]")
    first = page.locator("[data-suggest-list] li").first
    first.wait_for()
    assert "c) Tuyên truyền về cải cách thủ tục hành chính" in first.inner_text()
    first.locator("[data-accept]").click()
    assert page.locator(f'input[name="topics"][value="{topics[1].pk}"]').is_checked()
    assert page.locator('input[name="channels"][value="portal"]').is_checked()  # the default
    page.locator('input[name="channels"][value="zalo"]').check()
    page.locator('input[name="channels"][value="email"]').check()
    page.screenshot(path=str(output_dir / "journey-1-staff-writes.png"), full_page=True)
    open_action_menu(page)
    page.click('button[name="action-submit"]')
    page.wait_for_url("**/admin/pages/**")
    article = ArticlePage.objects.get(title=TITLE)
    assert current_step(article) == "unit"
    draft = article.get_latest_revision().as_object()
    assert sorted(draft.channels) == ["email", "portal", "zalo"]
    assert [t.pk for t in draft.topics.all()] == [topics[1].pk]
    assert not article.live
    page.screenshot(path=str(output_dir / "journey-2-staff-submitted.png"), full_page=True)

    # 2. The head of another unit: not in their queue, no editor, and the approve action
    #    refused even when asked for directly (GET of the form and POST of the action).
    admin_login(page, base, cast.other_head.username)
    page.goto(f"{base}/admin/content/queue/")
    assert TITLE not in page.locator("#review-queue").inner_text()
    page.screenshot(path=str(output_dir / "journey-3-other-head-queue.png"), full_page=True)
    page.goto(f"{base}/admin/pages/{article.pk}/edit/")
    assert page.url.rstrip("/").endswith("/admin")  # refused, back to the dashboard
    assert "Bạn không có quyền truy cập" in page.locator(".messages").inner_text()
    assert page.get_by_role("button", name=re.compile(r"^Duyệt")).count() == 0
    page.screenshot(path=str(output_dir / "journey-4-other-head-refused.png"), full_page=True)
    task_state = ArticlePage.objects.get(pk=article.pk).current_workflow_task_state
    action_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[article.pk, "approve", task_state.pk]
    )
    # Wagtail's admin answers PermissionDenied with a redirect to the dashboard (a failed
    # CSRF check would be a 403 instead, so the POST below did reach the permission check).
    asked = page.request.get(f"{base}{action_url}", max_redirects=0)
    assert (asked.status, asked.headers.get("location")) == (302, "/admin/")
    forced = page.request.post(
        f"{base}{action_url}",
        form={"comment": "Đồng ý"},
        headers=csrf_headers(page, base),
        max_redirects=0,
    )
    assert (forced.status, forced.headers.get("location")) == (302, "/admin/")
    assert current_step(article) == "unit"
    task_state.refresh_from_db()
    assert task_state.status == "in_progress" and task_state.finished_by is None
    assert fake_zalo.calls == []

    # 3. The own unit head approves from the review queue.
    admin_login(page, base, cast.head.username)
    page.goto(f"{base}/admin/content/queue/")
    assert TITLE in page.locator("#review-queue").inner_text()
    page.screenshot(path=str(output_dir / "journey-5-unit-head-queue.png"), full_page=True)
    page.click(f"#review-queue a:has-text('{TITLE[:20]}')")
    page.wait_for_url(f"**/admin/pages/{article.pk}/edit/")
    open_action_menu(page)
    page.screenshot(path=str(output_dir / "journey-6-unit-head-approves.png"), full_page=True)
    approve(page)
    page.wait_for_selector(".messages .success")
    assert current_step(article) == "editor"
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert fake_zalo.calls == []  # nothing leaves before publication

    # 4. The editor approves for publication: live, and queued for its channels.
    admin_login(page, base, cast.editor.username)
    page.goto(f"{base}/admin/content/queue/")
    assert TITLE in page.locator("#review-queue").inner_text()
    page.goto(f"{base}/admin/pages/{article.pk}/edit/")
    open_action_menu(page)
    page.screenshot(path=str(output_dir / "journey-7-editor-publishes.png"), full_page=True)
    approve(page)
    page.wait_for_selector(".messages .success")
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and article.first_published_at is not None
    assert sorted(article.channels) == ["email", "portal", "zalo"]

    # 5. Zalo: the worker's tasks ran at publication (the tests' immediate task backend);
    #    running whatever is still due finds nothing and sends nothing twice.
    assert deliver_due() == {}
    zalo = Delivery.objects.get(article=article, channel="zalo")
    assert zalo.status == Delivery.Status.SENT and zalo.attempts == 1
    assert fake_zalo.count(ZALO_CREATE) == 1 and fake_zalo.count(ZALO_MESSAGE) == 1
    (created,) = fake_zalo.articles.values()
    assert created["title"] == TITLE and created["id"]
    (broadcast,) = fake_zalo.broadcasts
    assert broadcast["article_id"] == created["id"]
    assert broadcast["access_token"] == zalo_account.access_token
    assert zalo.external_id == created["id"]
    assert zalo.external_url == f"https://zalo.me/fake-article/{created['id']}"
    assert zalo.progress["message_id"] == broadcast["message_id"]
    portal = Delivery.objects.get(article=article, channel="portal")
    assert portal.status == Delivery.Status.SENT and portal.external_id == f"api:{article.pk}"
    assert not Delivery.objects.filter(article=article, channel="email").exists()  # by digest

    admin_login(page, base, cast.officer.username)
    page.goto(f"{base}{reverse('channels:delivery_list')}")
    sent_row = page.locator("#delivery-table tr[data-status=sent]", has_text=TITLE[:30])
    assert sent_row.count() == 2  # portal and Zalo
    page.screenshot(path=str(output_dir / "journey-8-deliveries.png"), full_page=True)

    # 6. The public site, anonymously: the article page (desktop and phone), the home page
    #    and its content area list it.
    page.context.clear_cookies()
    path = urlsplit(article.get_url()).path
    response = page.goto(f"{base}{path}")
    assert response.status == 200
    assert page.locator("h1").inner_text().strip() == TITLE
    assert SUMMARY in page.locator(".article-summary").inner_text()
    assert BODY in page.locator(".article-body").inner_text()
    page.screenshot(path=str(output_dir / "journey-9-public-article.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.locator("h1").inner_text().strip() == TITLE
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(output_dir / "journey-10-public-article-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/")
    assert page.locator(f'a[href$="{path}"]', has_text=TITLE).count() >= 1
    page.screenshot(path=str(output_dir / "journey-11-public-home.png"), full_page=True)
    area = reverse("news:topic", args=[cast.org.slug, "c"])
    assert page.goto(f"{base}{area}").status == 200
    assert page.locator(f'a[href$="{path}"]', has_text=TITLE).count() >= 1
    page.screenshot(path=str(output_dir / "journey-12-public-content-area.png"), full_page=True)
    other_area = reverse("news:topic", args=[cast.org.slug, "g"])
    page.goto(f"{base}{other_area}")
    assert TITLE not in page.locator("main").inner_text()

    # 7. Feeds: RSS and Atom, overall and of the content area, with the absolute link.
    feeds = {
        "rss": (reverse("news:rss"), rss_entries),
        "atom": (reverse("news:atom"), atom_entries),
        "area rss": (reverse("news:topic_rss", args=[cast.org.slug, "c"]), rss_entries),
        "area atom": (reverse("news:topic_atom", args=[cast.org.slug, "c"]), atom_entries),
    }
    for name, (url, entries) in feeds.items():
        found = entries(page.request.get(f"{base}{url}"))
        assert TITLE in found, name
        assert urlsplit(found[TITLE]).path == path, name
        assert found[TITLE].startswith("http"), name
    other_feed = rss_entries(
        page.request.get(f"{base}{reverse('news:topic_rss', args=[cast.org.slug, 'g'])}")
    )
    assert TITLE not in other_feed

    # 8. The next e-mail digest of the unit: every active member with an address gets it,
    #    with the article's title and link in both parts.
    subscription.refresh_from_db()
    due = subscription.next_send_at
    assert due > timezone.now()
    assert send_scheduled_digest.call(subscription.pk, due.isoformat()) == "sent"
    run = DigestRun.objects.get(subscription=subscription)
    assert run.status == DigestRun.Status.SENT
    assert list(run.items.values_list("article_id", flat=True)) == [article.pk]
    expected = set(
        Staff.objects.filter(unit=cast.unit, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    assert cast.staff.email in expected and cast.other_head.email not in expected
    assert sorted(r for rcpt, _m in smtp.messages for r in rcpt) == sorted(expected)
    (message,) = smtp.to(cast.staff.email)
    link = article.get_full_url()
    assert urlsplit(link).path == path
    text, html = parts(message)
    for part in (text, html):
        assert TITLE in part
        assert SUMMARY in part
        assert link in part
    assert f'href="{link}"' in html
    email_delivery = Delivery.objects.get(article=article, channel="email")
    assert email_delivery.status == Delivery.Status.SENT
    assert email_delivery.external_id == f"digest:{run.pk}"
    page.set_content(html)
    page.screenshot(path=str(output_dir / "journey-13-digest-email.png"), full_page=True)

    # Nothing went to Zalo a second time along the way.
    assert len(fake_zalo.broadcasts) == 1
