"""RSS 2.0 and Atom 1.0 feeds of published articles, overall and per content area.

Links are absolute (the syndication framework adds the request's scheme and host); an item's
date is its first publication, its update date the last one. The provincial portal pulls the
Atom feed (issue 4, channel "portal").
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parcomms.org.models import Organisation

from . import public


class VietnameseRss(Rss201rev2Feed):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("language", "vi")
        super().__init__(*args, **kwargs)


class VietnameseAtom(Atom1Feed):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("language", "vi")
        super().__init__(*args, **kwargs)


class LatestArticlesFeed:
    """The items and their fields; the classes below add the format and Django's Feed."""

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return settings.WAGTAIL_SITE_NAME

    def description(self, obj):
        return _("Tin, bài về cải cách hành chính mới đăng.")

    subtitle = description

    def link(self, obj):
        return reverse("home")

    def feed_url(self, obj):
        return self.request.path

    def author_name(self, obj):
        return settings.WAGTAIL_SITE_NAME

    def items(self, obj):
        return public.latest_articles(public.FEED_SIZE)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return public.article_url(item, self.request)

    def item_guid(self, item):
        return self.request.build_absolute_uri(self.item_link(item))

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        return item.unit.name

    def item_categories(self, item):
        return [f"{t.label}) {t.title}" for t in item.topics.all()]


class AreaFeedMixin:
    def get_object(self, request, org_slug, label):
        organisation = get_object_or_404(Organisation, slug=org_slug)
        topics = public.area_topics(organisation, label)
        if not topics:
            raise Http404
        return organisation, topics

    def title(self, obj):
        organisation, topics = obj
        return f"{topics[0].label}) {topics[0].title} — {organisation.name}"

    def description(self, obj):
        organisation, topics = obj
        return _("Tin, bài thuộc nội dung tuyên truyền “%(title)s” của %(org)s.") % {
            "title": topics[0].title,
            "org": organisation.name,
        }

    subtitle = description

    def link(self, obj):
        organisation, topics = obj
        return reverse("news:topic", args=[organisation.slug, topics[0].label])

    def items(self, obj):
        organisation, topics = obj
        newest = public.articles_of_area(topics).newest()
        return public.load_listing(newest.values_list("pk", flat=True)[: public.FEED_SIZE])


class LatestRss(LatestArticlesFeed, Feed):
    feed_type = VietnameseRss


class LatestAtom(LatestArticlesFeed, Feed):
    feed_type = VietnameseAtom


class AreaRss(AreaFeedMixin, LatestArticlesFeed, Feed):
    feed_type = VietnameseRss


class AreaAtom(AreaFeedMixin, LatestArticlesFeed, Feed):
    feed_type = VietnameseAtom


# A feed object keeps the request it serves, so each request gets its own.
@require_safe
def latest_rss(request):
    return LatestRss()(request)


@require_safe
def latest_atom(request):
    return LatestAtom()(request)


@require_safe
def area_rss(request, org_slug, label):
    return AreaRss()(request, org_slug=org_slug, label=label)


@require_safe
def area_atom(request, org_slug, label):
    return AreaAtom()(request, org_slug=org_slug, label=label)
