"""Building blocks for the public-site tests: the Wagtail page tree (home → one news section
per organisation), the reference plan's topics and documents, and published articles."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone

from parcomms.content.models import ArticlePage, HomePage, NewsIndexPage
from parcomms.content.public import ARCHIVE_CACHE_KEY
from parcomms.content.services import ensure_home_page, ensure_news_index
from parcomms.plans.parsing import parse_plan
from parcomms.plans.services import save_parsed_plan

REFERENCE = (
    Path(__file__).resolve().parents[3]
    / "examples"
    / "ninh-thuan-vpub-2023-ke-hoach-tuyen-truyen-cchc.txt"
)


@dataclass
class NewsTree:
    home: HomePage
    index: NewsIndexPage  # cast.org
    other_index: NewsIndexPage  # cast.other_org


def build_news_tree(cast) -> NewsTree:
    """The tree the content services keep (home as the default site's root, one section per
    organisation), fetched fresh. Forgets the archive counts another test left cached."""
    cache.delete(ARCHIVE_CACHE_KEY)
    home = ensure_home_page()
    return NewsTree(
        home=home,
        index=ensure_news_index(cast.org),
        other_index=ensure_news_index(cast.other_org),
    )


def import_reference_plan(cast, organisation=None):
    parsed = parse_plan(REFERENCE.read_bytes(), REFERENCE.name)
    return save_parsed_plan(parsed, organisation=organisation or cast.org, acting_user=cast.officer)


_counter = iter(range(1, 10**9))


def make_article(
    index,
    *,
    title,
    unit,
    summary="Tóm tắt tin bài về cải cách hành chính.",
    body="<p>Nội dung tin bài.</p>",
    authors=(),
    topics=(),
    documents=(),
    published_at=None,
    live=True,
    kind="tin",
    **fields,
) -> ArticlePage:
    """A published article (live=False: a draft that was never published)."""
    published_at = published_at or timezone.now() - dt.timedelta(hours=1)
    article = ArticlePage(
        title=title,
        slug=f"bai-{next(_counter)}",
        unit=unit,
        summary=summary,
        body=body,
        kind=kind,
        live=live,
        first_published_at=published_at if live else None,
        last_published_at=published_at if live else None,
        **fields,
    )
    article.authors = list(authors)
    article.topics = list(topics)
    article.documents = list(documents)
    index.add_child(instance=article)
    return article


def make_image(title="Ảnh minh họa", colour=(30, 90, 150), description="", size=(1200, 675)):
    from io import BytesIO

    import PIL.Image
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    data = BytesIO()
    PIL.Image.new("RGB", size, colour).save(data, "JPEG")
    return get_image_model().objects.create(
        title=title, description=description, file=ImageFile(data, name="anh.jpg")
    )


def local(year, month, day, hour=9, minute=0):
    """An aware datetime in the site's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))
