"""What counts towards an obligation: one provider per `ObligationRule.counts` code.

A provider turns the database into `rules.Record`s for a set of units and a date range, with
a bounded number of queries whatever the number of units. Other apps plug in their own, e.g.
the contests app registers the provider for "contest_participation":

    from parcomms.activities.providers import Provider, register_provider

    class ContestParticipation(Provider):
        code = "contest_participation"
        noun = "cán bộ tham gia cuộc thi"
        per_person = True

        def records(self, *, organisation, unit_ids, first, last):
            ...  # {unit_id: [Record(day=attempt day, who=staff_id), ...]}

    register_provider(ContestParticipation())

A per-person rule's percentage is distinct people in the period over the unit's active staff
(`population`, shared by every per-person provider).
"""

import datetime as dt
from collections import defaultdict

from django.db.models import CharField, Count, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from .rules import Record


class Provider:
    code: str = ""
    noun: str = "hoạt động"
    per_person: bool = False

    def records(self, *, organisation, unit_ids, first: dt.date, last: dt.date):
        """{unit_id: [Record, ...]} for records dated between `first` and `last`."""
        raise NotImplementedError

    def population(self, *, organisation, unit_ids) -> dict[int, int]:
        from parcomms.org.models import Staff

        rows = (
            Staff.objects.filter(unit_id__in=unit_ids, is_active=True)
            .values("unit_id")
            .annotate(n=Count("pk"))
        )
        return {row["unit_id"]: row["n"] for row in rows}


PROVIDERS: dict[str, Provider] = {}


def register_provider(provider: Provider) -> Provider:
    PROVIDERS[provider.code] = provider
    return provider


def get_provider(code: str) -> Provider | None:
    return PROVIDERS.get(code)


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[first 00:00, the day after last 00:00) in local time, as aware datetimes."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


class _ActivityProvider(Provider):
    """Held activities with CCHC content count for the organising unit and every invited
    unit (a unit whose staff sat in a joint session had its session)."""

    sessions = True

    def records(self, *, organisation, unit_ids, first, last):
        from .models import Activity

        start, end = day_bounds(first, last)
        activities = Activity.objects.filter(
            organisation=organisation,
            starts_at__gte=start,
            starts_at__lt=end,
            reform_content=True,
        ).held()
        activities = activities.sessions() if self.sessions else activities.other_communication()
        wanted = set(unit_ids)
        days = {}
        by_unit: dict[int, set[int]] = defaultdict(set)
        for pk, unit_id, starts_at in activities.values_list("pk", "unit_id", "starts_at"):
            days[pk] = local_day(starts_at)
            if unit_id in wanted:
                by_unit[unit_id].add(pk)
        invited = Activity.invited_units.through.objects.filter(
            activity__in=activities, unit_id__in=wanted
        ).values_list("activity_id", "unit_id")
        for activity_id, unit_id in invited:
            if activity_id in days:
                by_unit[unit_id].add(activity_id)
        return {
            unit_id: [Record(day=days[pk]) for pk in sorted(pks)]
            for unit_id, pks in by_unit.items()
        }


class SessionProvider(_ActivityProvider):
    code = "session"
    noun = "buổi sinh hoạt có nội dung CCHC"


class OtherCommunicationProvider(_ActivityProvider):
    code = "other_communication"
    noun = "hoạt động tuyên truyền khác"
    sessions = False


def article_submission_dates(organisation, unit_ids, start: dt.datetime, end: dt.datetime):
    """(unit_id, submitted_at) of the articles submitted in [start, end).

    The one place that knows how an article's submission is stored: an article counts as
    submitted when its first Wagtail workflow started (WorkflowState.created_at); an article
    an editor published without a workflow counts from its first publication.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, WorkflowState

    from parcomms.content.models import ArticlePage

    first_workflow = (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
        .order_by("created_at")
        .values("created_at")[:1]
    )
    rows = (
        ArticlePage.objects.filter(organisation=organisation, unit_id__in=unit_ids)
        .annotate(submitted_at=Subquery(first_workflow))
        .filter(
            Q(submitted_at__gte=start, submitted_at__lt=end)
            | Q(first_published_at__gte=start, first_published_at__lt=end)
        )
        .values_list("unit_id", "submitted_at", "first_published_at")
    )
    for unit_id, submitted_at, published_at in rows:
        moments = [m for m in (submitted_at, published_at) if m is not None]
        when = min(moments)
        if start <= when < end:
            yield unit_id, when


class ArticleSubmittedProvider(Provider):
    code = "article_submitted"
    noun = "tin, bài gửi duyệt"

    def records(self, *, organisation, unit_ids, first, last):
        start, end = day_bounds(first, last)
        by_unit = defaultdict(list)
        for unit_id, when in article_submission_dates(organisation, unit_ids, start, end):
            by_unit[unit_id].append(Record(day=local_day(when)))
        return dict(by_unit)


class ArticlePublishedProvider(Provider):
    code = "article_published"
    noun = "tin, bài được đăng"

    def records(self, *, organisation, unit_ids, first, last):
        from parcomms.content.models import ArticlePage

        start, end = day_bounds(first, last)
        rows = (
            ArticlePage.objects.live()
            .filter(
                organisation=organisation,
                unit_id__in=unit_ids,
                first_published_at__gte=start,
                first_published_at__lt=end,
            )
            .values_list("unit_id", "first_published_at")
        )
        by_unit = defaultdict(list)
        for unit_id, when in rows:
            by_unit[unit_id].append(Record(day=local_day(when)))
        return dict(by_unit)


for _provider in (
    SessionProvider(),
    OtherCommunicationProvider(),
    ArticleSubmittedProvider(),
    ArticlePublishedProvider(),
):
    register_provider(_provider)
