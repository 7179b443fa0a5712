"""The "contest_participation" source for the obligations engine (parcomms.activities):
staff who submitted an attempt in any of the organisation's contests or quizzes, per unit
and day. Registered by ContestsConfig.ready()."""

from collections import defaultdict

from parcomms.activities.providers import Provider, day_bounds, local_day
from parcomms.activities.rules import Record


class ContestParticipation(Provider):
    code = "contest_participation"
    noun = "cán bộ tham gia cuộc thi"
    per_person = True

    def records(self, *, organisation, unit_ids, first, last):
        from .models import Attempt

        start, end = day_bounds(first, last)
        rows = Attempt.objects.filter(
            round__contest__organisation=organisation,
            status=Attempt.Status.SUBMITTED,
            submitted_at__gte=start,
            submitted_at__lt=end,
            entrant__staff__unit_id__in=list(unit_ids),
        ).values_list("entrant__staff__unit_id", "entrant__staff_id", "submitted_at")
        by_unit = defaultdict(list)
        for unit_id, staff_id, submitted_at in rows:
            by_unit[unit_id].append(Record(day=local_day(submitted_at), who=staff_id))
        return dict(by_unit)
