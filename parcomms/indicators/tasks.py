"""Background work of the indicators app: recomputing the self-tracked indicators."""

from django_tasks import task


@task()
def record_unit_meetings_task(organisation_id: int, year: int) -> str:
    """Recompute UNIT_MEETINGS for one organisation and year (e.g. nightly, or after a
    session is recorded). Returns the stored value, or the reason it was not computed."""
    from parcomms.org.models import Organisation

    from .computed import ComputeError
    from .services import record_unit_meetings

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return "gone"
    try:
        result = record_unit_meetings(organisation, year, acting_user=None)
    except ComputeError as exc:
        return f"skipped: {exc}"
    return str(result.score)
