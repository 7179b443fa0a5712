"""Building published articles for channel tests (the content app's page tree in short)."""

from __future__ import annotations

import itertools

from django.utils.text import slugify
from wagtail.models import Page, Site

from parcomms.content.models import ArticlePage, HomePage, NewsIndexPage

# Sibling pages need distinct slugs: a counter, not random hex (which could repeat).
_numbers = itertools.count(1)


def news_index(organisation) -> NewsIndexPage:
    existing = NewsIndexPage.objects.filter(organisation=organisation).first()
    if existing:
        return existing
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Tin cải cách hành chính", slug="tin-cchc"))
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        else:
            site.root_page = home
            site.save()
    index = NewsIndexPage(
        title=f"Tin của {organisation.name}",
        slug=slugify(organisation.slug),
        organisation=organisation,
    )
    home.add_child(instance=index)
    return index


def make_article(
    author,
    *,
    title="Đẩy mạnh cải cách thủ tục hành chính năm 2023",
    channels=("zalo",),
    publish=True,
    body="<p>Nội dung <b>tuyên truyền</b> cải cách hành chính.</p><h2>Mục tiêu</h2><ul><li>Một</li></ul>",
) -> ArticlePage:
    """An article by `author` (a user with a staff record), published unless told otherwise."""
    staff = author.staff
    index = news_index(staff.organisation)
    article = ArticlePage(
        title=title,
        slug=f"{slugify(title)[:40] or 'bai'}-{next(_numbers)}",
        unit=staff.unit,
        summary="Văn phòng UBND tỉnh triển khai kế hoạch tuyên truyền cải cách hành chính.",
        body=body,
        channels=list(channels),
        live=False,
    )
    index.add_child(instance=article)
    article.authors.add(staff)
    article.save()
    revision = article.save_revision(user=author)
    if publish:
        revision.publish(user=author, skip_permission_checks=True)
    return ArticlePage.objects.get(pk=article.pk)
