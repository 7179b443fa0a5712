"""The public news site: home, content areas, archive, search, print view, legal documents.

URL layout (Vietnamese paths; see parcomms/content/urls.py):
    /                                 home: latest articles of every organisation
    /chu-de/<org>/<label>/            a content area (one topic label of the organisation's plans)
    /luu-tru/  /luu-tru/<yyyy>/<mm>/  archive by month
    /tim-kiem/?q=                     search (diacritics ignored, exact matches first)
    /in/<id>/                         print view (A4)
    /van-ban/<id>/                    a legal document and the articles citing it
    /rss/ /atom/ and /chu-de/<org>/<label>/rss|atom/   feeds (feeds.py)
    /<org news index slug>/<article slug>/             served by Wagtail (templates in
                                                       content/templates/content/)

Content area. A topic (plans.Topic) belongs to one plan; each year's plan repeats the areas
a)–g) of the national reform programme under the same labels. The public page of an area is
therefore keyed by (organisation, label): it shows the title from the organisation's newest
plan that has that label and lists the articles tagged with that label in any of the
organisation's plans, so last year's articles stay findable when a new plan is imported.

Only published, public, unexpired articles appear anywhere here (`visible_articles`).
"""

import calendar
import datetime as dt

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from parcomms.legal.models import LegalDocument
from parcomms.org.models import Organisation
from parcomms.plans.models import Plan, Topic

from .models import ArticlePage, HomePage, NewsIndexPage
from .search import SearchQuery, highlight_spans, search_articles

PAGE_SIZE = 20
HOME_SIZE = 13
FEED_SIZE = 30
RELATED_SIZE = 4
THUMBNAIL = "fill-640x360"
COVER = "width-1200"
PAGE_PARAM = "trang"
HEAVY_PLAN_FIELDS = ("source_text", "parsed", "legal_basis_text", "warnings", "objectives",
                     "requirements", "audiences", "funding", "recipients")  # fmt: skip


# --- read rules -------------------------------------------------------------------------


def topic_links():
    """Topics with what a link to their area needs. A plan row carries the whole imported
    document (source text, parsed JSON): never load it for a link."""
    return Topic.objects.select_related("plan__organisation").only(
        "label", "title", "order", "plan__year", "plan__title", "plan__organisation__slug",
        "plan__organisation__name", "plan__organisation__short_name",
    )  # fmt: skip


def restricted_paths() -> list[str]:
    """Tree paths of the pages with a view restriction (their subtrees are private).

    Wagtail's `public()` asks for the same with a join that SQLite, once ANALYZE has run,
    answers by scanning every page; two plain lookups stay instant."""
    ids = list(PageViewRestriction.objects.values_list("page_id", flat=True))
    if not ids:
        return []
    return list(Page.objects.filter(pk__in=ids).values_list("path", flat=True))


def visible_articles():
    """Articles the public may read: live, outside private sections, not past their expiry
    (the expiry job may not have run yet)."""
    now = timezone.now()
    articles = ArticlePage.objects.filter(live=True, expired=False).filter(
        Q(expire_at__isnull=True) | Q(expire_at__gt=now)
    )
    return public_pages(articles)


def public_pages(queryset):
    """`queryset` without the pages in private sections."""
    for path in restricted_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def for_listing(articles):
    """What a list of articles shows, fetched in a fixed number of queries."""
    return (
        articles.select_related("organisation", "unit")
        .prefetch_related(
            Prefetch(
                "cover_image", queryset=get_image_model().objects.prefetch_renditions(THUMBNAIL)
            ),
            Prefetch("topics", queryset=topic_links()),
        )
        .defer("body", "search_text")
    )


def load_listing(rows):
    """Articles for `rows` of (pk, *extras) in that order, with `extras` set on each.

    Lists are chosen and ordered by a query on the page and article tables alone, then
    loaded with their joins by primary key: joined to units and organisations, SQLite stops
    walking the date index and sorts every article (seconds at 100,000)."""
    rows = [row if isinstance(row, tuple) else (row,) for row in rows]
    loaded = {a.pk: a for a in for_listing(ArticlePage.objects.filter(pk__in=[r[0] for r in rows]))}
    articles = []
    for pk, *extras in rows:
        if pk in loaded:
            article = loaded[pk]
            article.extras = extras
            # What the list template may ask for: a missing attribute costs Django's
            # template engine a dir() of the whole page object.
            article.is_exact = article.title_spans = article.summary_spans = None
            articles.append(article)
    return articles


def newest_first(articles):
    return articles.order_by("-first_published_at", "-pk")


def latest_articles(limit=HOME_SIZE):
    return load_listing(newest_first(visible_articles()).values_list("pk", flat=True)[:limit])


def current_plans():
    """The newest plan of each organisation (the few plans there are, in one query)."""
    newest = {}
    plans = Plan.objects.select_related("organisation").only(
        "year", "imported_at", "title", "organisation__name", "organisation__slug",
        "organisation__short_name",
    )  # fmt: skip
    for plan in plans.order_by("organisation_id", "-year", "-imported_at"):
        newest.setdefault(plan.organisation_id, plan)
    return list(newest.values())


def content_areas():
    """[(organisation, [topics of its newest plan])], organisations in name order."""
    plans = current_plans()
    topics = {}
    for topic in Topic.objects.filter(plan__in=plans).defer("items").order_by("order"):
        topics.setdefault(topic.plan_id, []).append(topic)
    areas = [(p.organisation, topics.get(p.pk, [])) for p in plans if topics.get(p.pk)]
    return sorted(areas, key=lambda area: area[0].name)


def news_sections():
    """The organisations' news index pages that the public may open."""
    return list(
        public_pages(NewsIndexPage.objects.live()).select_related("organisation").order_by("title")
    )


def area_topics(organisation, label):
    """Every topic with this label in the organisation's plans, newest plan first."""
    return list(
        Topic.objects.filter(plan__organisation=organisation, label=label)
        .select_related("plan")
        .defer(*(f"plan__{name}" for name in HEAVY_PLAN_FIELDS))
        .order_by("-plan__year", "-plan__imported_at")
    )


class Tagged:
    """Visible articles linked to some rows (topics, documents) through an M2M table, in the
    two shapes the databases answer fast: to list the newest, walk the date index and check
    each article's links (EXISTS); to count, start from the links (IN). The organisation
    needs no filter: an article's topics come from its own organisation's plans."""

    def __init__(self, links):
        self.links = links  # a through-model queryset

    def newest(self):
        mine = self.links.filter(articlepage_id=OuterRef("pk"))
        return newest_first(visible_articles().filter(Exists(mine)))

    def count(self):
        return visible_articles().filter(pk__in=self.links.values("articlepage_id")).count()


def articles_of_area(topics) -> Tagged:
    return Tagged(ArticlePage.topics.through.objects.filter(topic__in=topics))


def articles_citing(document) -> Tagged:
    return Tagged(ArticlePage.documents.through.objects.filter(legaldocument=document))


def article_details(article):
    """Authors, topics, documents and related articles of one article (bounded queries);
    kept on the article, since a page template asks for them in more than one block."""
    cached = getattr(article, "_public_details", None)
    if cached is not None:
        return cached
    authors = list(article.authors.select_related("unit").order_by("sort_key"))
    topics = list(topic_links().filter(articles=article).order_by("order"))
    documents = list(article.documents.order_by("-issued_on", "key"))
    related = []
    if topics:
        # The article itself is dropped here, not in SQL: "NOT pk = …" turns SQLite away
        # from the date index.
        ids = articles_of_area(topics).newest().values_list("pk", flat=True)[: RELATED_SIZE + 1]
        related = load_listing([pk for pk in ids if pk != article.pk][:RELATED_SIZE])
    cover = None
    if article.cover_image_id:
        cover = article.cover_image.get_rendition(COVER)
    article._public_details = {
        "authors": authors,
        "topics": topics,
        "documents": documents,
        "related": related,
        "cover": cover,
    }
    return article._public_details


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of the month and of the next, in the site's time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=tz)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


ARCHIVE_CACHE_KEY = "news:archive-months"
ARCHIVE_CACHE_SECONDS = 300


def archive_months():
    """[(year, [(month, count), ...] newest first)] over all visible articles.

    Counting reads every article (0.7 s at 100,000 on SQLite), so the result is cached for
    five minutes: a month's count may lag a publication by that much."""
    cached = cache.get(ARCHIVE_CACHE_KEY)
    if cached is None:
        cached = count_by_month()
        cache.set(ARCHIVE_CACHE_KEY, cached, ARCHIVE_CACHE_SECONDS)
    return cached


def count_by_month():
    articles = visible_articles().exclude(first_published_at=None)
    if connection.vendor == "sqlite":
        # Django's TruncMonth calls a Python function per row on SQLite (seconds at 100,000
        # articles). Asia/Ho_Chi_Minh keeps one offset all year, so SQLite's own strftime
        # with that offset gives the local month.
        offset = int(timezone.localtime().utcoffset().total_seconds() // 60)
        month = RawSQL(
            "strftime('%%Y-%%m', wagtailcore_page.first_published_at, %s)",
            [f"{offset:+d} minutes"],
            output_field=CharField(),
        )
    else:
        month = TruncMonth("first_published_at")
    rows = articles.annotate(month=month).values("month").annotate(n=Count("pk")).order_by("-month")
    years = {}
    for row in rows:
        value = row["month"]
        if isinstance(value, str):
            year, month_number = (int(part) for part in value.split("-"))
        else:
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            year, month_number = local.year, local.month
        years.setdefault(year, []).append((month_number, row["n"]))
    return sorted(years.items(), reverse=True)


def article_url(article, request=None) -> str:
    """The article's page; its print view when it sits outside every site's page tree."""
    return article.get_url(request) or reverse("news:print", args=[article.pk])


class CountedPaginator(Paginator):
    """A paginator whose total comes from another (faster) query for the same rows."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count()


def paginate(request, articles, size=PAGE_SIZE, extras=(), count=None):
    """One page of `articles` (ordered), loaded for listing; `extras` are annotations to
    copy onto each article (e.g. the search's is_exact); `count` counts them faster."""
    rows = articles.values_list("pk", *extras)
    paginator = CountedPaginator(rows, size, count=count) if count else Paginator(rows, size)
    page = paginator.get_page(request.GET.get(PAGE_PARAM))
    page.object_list = load_listing(list(page.object_list))
    for article in page.object_list:
        for name, value in zip(extras, article.extras, strict=True):
            setattr(article, name, value)
    return page


def default_home():
    """The site's HomePage when there is one (a fresh database has none)."""
    return HomePage.objects.live().first()


# --- views ------------------------------------------------------------------------------


@require_safe
def home(request):
    return render(request, "content/home_page.html", {"page": default_home()})


@require_safe
def topic(request, org_slug, label):
    organisation = get_object_or_404(Organisation, slug=org_slug)
    topics = area_topics(organisation, label)
    if not topics:
        raise Http404
    articles = articles_of_area(topics)
    return render(
        request,
        "content/topic.html",
        {
            "organisation": organisation,
            "area": topics[0],
            "page_obj": paginate(request, articles.newest(), count=articles.count),
        },
    )


@require_safe
def archive(request):
    return render(request, "content/archive.html", {"years": archive_months()})


@require_safe
def archive_month(request, year, month):
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        raise Http404
    start, end = month_bounds(year, month)
    articles = visible_articles().filter(first_published_at__gte=start, first_published_at__lt=end)
    return render(
        request,
        "content/archive.html",
        {
            "year": year,
            "month": month,
            "month_start": start,
            "days": calendar.monthrange(year, month)[1],
            "page_obj": paginate(request, newest_first(articles)),
        },
    )


@require_safe
def search(request):
    query = SearchQuery.parse(request.GET.get("q"))
    page_obj = None
    if query:
        page_obj = paginate(
            request, search_articles(visible_articles(), query), extras=("is_exact",)
        )
        for article in page_obj:
            article.title_spans = highlight_spans(article.title, query)
            article.summary_spans = highlight_spans(article.summary, query)
    return render(
        request,
        "content/search.html",
        {"query": query, "page_obj": page_obj, "typed": bool(request.GET.get("q", "").strip())},
    )


@require_safe
def print_article(request, pk):
    article = get_object_or_404(
        visible_articles().select_related("organisation", "unit", "cover_image"), pk=pk
    )
    return render(
        request,
        "content/print.html",
        {"page": article, **article_details(article)},
    )


@require_safe
def legal_document(request, pk):
    document = get_object_or_404(LegalDocument, pk=pk)
    cited = articles_citing(document)
    return render(
        request,
        "content/legal_document.html",
        {"document": document, "page_obj": paginate(request, cited.newest(), count=cited.count)},
    )


# Wagtail serves the page tree; its pages are read-only for the public like the views above.
SERVED_PAGE_TYPES = (HomePage, NewsIndexPage, ArticlePage)


@hooks.register("before_serve_page")
def public_pages_are_read_only(page, request, serve_args, serve_kwargs):
    if not isinstance(page, SERVED_PAGE_TYPES):
        return None
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if isinstance(page, ArticlePage) and page.expire_at and page.expire_at <= timezone.now():
        raise Http404
    return None
