"""Test helpers for articles: topics for an organisation, a draft article written by a user,
and the approval steps, all through the same code the admin uses."""

import re

from wagtail.models import TaskState

from parcomms.plans.models import Plan, Topic

from .models import ArticlePage
from .services import ensure_news_index, review_article, submit_article

TOPICS = [
    ("a", "Tuyên truyền công tác chỉ đạo điều hành", ["Vai trò, trách nhiệm của người đứng đầu."]),
    ("c", "Tuyên truyền về cải cách thủ tục hành chính", ["Rút ngắn thời gian giải quyết TTHC."]),
    ("g", "Tuyên truyền xây dựng Chính phủ điện tử, Chính phủ số", ["Dịch vụ công trực tuyến."]),
]


def make_topics(organisation, year=2023) -> list[Topic]:
    plan = Plan.objects.create(
        organisation=organisation, title=f"Tuyên truyền CCHC năm {year}", year=year, symbol="KH"
    )
    return [
        Topic.objects.create(plan=plan, label=label, title=title, items=items, order=i)
        for i, (label, title, items) in enumerate(TOPICS)
    ]


def make_article(user, title="Rút ngắn thời gian giải quyết thủ tục hành chính", **fields):
    staff = user.staff
    index = ensure_news_index(staff.organisation)
    authors = fields.pop("authors", [staff])
    topics = fields.pop("topics", [])
    article = ArticlePage(
        title=title,
        summary=fields.pop("summary", "Tóm tắt tin."),
        body=fields.pop("body", "<p>Nội dung tin về cải cách thủ tục hành chính.</p>"),
        unit=fields.pop("unit", staff.unit),
        owner=user,
        live=False,
        **fields,
    )
    article.authors.set(authors)
    article.topics.set(topics)
    index.add_child(instance=article)
    article.save_revision(user=user)
    return ArticlePage.objects.get(pk=article.pk)


def current_task_state(article) -> TaskState:
    return article.current_workflow_task_state


def submit(article, user):
    return submit_article(article, acting_user=user)


def act(article, user, action="approve", comment=""):
    article = ArticlePage.objects.get(pk=article.pk)
    return review_article(current_task_state(article), action, acting_user=user, comment=comment)


# In a browser (Playwright): the footer action menu of the page editor and the approve button.


def open_action_menu(page):
    page.locator("footer .w-dropdown__toggle").first.click()
    page.wait_for_timeout(400)  # the menu fades in


def approve(page):
    # "Duyệt" at the unit step; Wagtail says "Duyệt và xuất bản" at the last step.
    page.get_by_role("button", name=re.compile(r"^Duyệt( và xuất bản)?$")).click()
    page.wait_for_load_state()
