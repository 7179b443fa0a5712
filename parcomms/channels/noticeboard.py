"""The bulletin board channel on the Django side: articles → the printable poster
(`bulletin.py` does the layout), and recording that a poster went up on the notice board."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from parcomms.audit.log import record
from parcomms.vn.dates import format_date_short

from .bulletin import BulletinHeader, BulletinItem, render_bulletin
from .portal import article_url, base_url
from .registry import Publisher, PublishResult, register

CHANNEL = "bulletin"


def bulletin_header(organisation, day: dt.date) -> BulletinHeader:
    return BulletinHeader(
        office=organisation.name,
        parent=organisation.parent_authority,
        place=organisation.place,
        issued=day,
        footer=base_url().removeprefix("https://").removeprefix("http://").rstrip("/"),
    )


def bulletin_item(article) -> BulletinItem:
    published = article.first_published_at
    meta = [article.get_kind_display(), article.unit.name]
    if published:
        meta.append(format_date_short(timezone.localtime(published).date()))
    return BulletinItem(
        title=article.title,
        summary=article.summary,
        url=article_url(article),
        meta=" · ".join(meta),
    )


def bulletin_pdf(organisation, articles, *, size: str, day: dt.date | None = None) -> bytes:
    day = day or timezone.localdate()
    return render_bulletin(
        bulletin_header(organisation, day), [bulletin_item(a) for a in articles], size=size
    )


@transaction.atomic
def record_posting(articles, *, organisation, size: str, acting_user) -> list:
    """The editor put the printed bulletin on the notice board: each article gets its
    "bulletin" delivery (once: posting an article again does not count twice)."""
    from .services import queue_delivery

    record(
        "bulletin.post",
        actor=acting_user,
        organisation=organisation,
        articles=[a.pk for a in articles],
        size=size,
    )
    return [queue_delivery(a, CHANNEL, acting_user=acting_user) for a in articles]


class BulletinPublisher(Publisher):
    """Nothing to send: the poster is printed and pinned by a person, who records it."""

    code = CHANNEL
    label = "Bảng tin"
    queue_on_publish = False

    def publish(self, attempt) -> PublishResult:
        day = timezone.localtime(attempt.now).date().isoformat()
        return PublishResult(external_id=f"bulletin:{day}", url=article_url(attempt.article))


register(BulletinPublisher())
