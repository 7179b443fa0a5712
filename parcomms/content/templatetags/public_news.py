"""Template tags of the public news site.

The Wagtail-served pages (home, an organisation's news index, an article) get their lists
through these tags, so the same template renders when Wagtail serves the page, in the
admin's preview, and from the plain views in `public.py`.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from parcomms.vn.dates import format_date_long, format_date_short

from .. import public

register = template.Library()


def _local_date(value):
    if value is None:
        return None
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.date() if hasattr(value, "date") and callable(value.date) else value


@register.filter
def vn_date_long(value):
    """ "ngày 05 tháng 02 năm 2023" """
    date = _local_date(value)
    return format_date_long(date) if date else ""


@register.filter
def vn_date_short(value):
    """ "05/02/2023" """
    date = _local_date(value)
    return format_date_short(date) if date else ""


@register.simple_tag
def latest_articles(limit=public.HOME_SIZE):
    return public.latest_articles(limit)


@register.simple_tag
def content_areas():
    return public.content_areas()


@register.simple_tag
def news_sections():
    return public.news_sections()


@register.simple_tag(takes_context=True)
def index_articles(context, index_page):
    """One page of an organisation's news index."""
    articles = public.visible_articles().filter(organisation_id=index_page.organisation_id)
    return public.paginate(context["request"], public.newest_first(articles))


@register.simple_tag
def article_details(article):
    return public.article_details(article)


@register.simple_tag
def topic_url(topic):
    return reverse("news:topic", args=[topic.plan.organisation.slug, topic.label])


@register.simple_tag(takes_context=True)
def absolute_url(context, url=None):
    request = context.get("request")
    if request is None:
        return url or ""
    return request.build_absolute_uri(url if url is not None else request.get_full_path())


@register.simple_tag(takes_context=True)
def page_link(context, number):
    """The current URL with another page number (keeps the search query)."""
    query = context["request"].GET.copy()
    query[public.PAGE_PARAM] = number
    return "?" + query.urlencode()


@register.filter
def highlighted(spans):
    """Join (text, is_match) pieces, the matches in <mark>."""
    return format_html_join(
        "",
        "{}",
        ((format_html("<mark>{}</mark>", text) if hit else text,) for text, hit in spans),
    )


@register.simple_tag(takes_context=True)
def article_url(context, article):
    return public.article_url(article, context.get("request"))
