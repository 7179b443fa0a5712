"""Object access for the contests app: one helper per model, scoped to the user's
organisation and role (admin pages), or to the entrant of this browser (public pages)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from parcomms.org.access import require_role

from .models import (
    MANAGE_ROLES,
    STATS_ROLES,
    Attempt,
    AwarenessStudy,
    Contest,
    Entrant,
    Question,
    Round,
)

SESSION_KEY = "contest_entrants"

__all__ = [
    "MANAGE_ROLES",
    "STATS_ROLES",
    "require_role",
    "question_for",
    "contest_for",
    "contest_managed",
    "round_for",
    "study_for",
    "public_contest",
    "public_round",
    "entrant_of_request",
    "remember_entrant",
    "attempt_of_request",
]


def question_for(user, pk: int) -> Question:
    require_role(user, *MANAGE_ROLES)
    return get_object_or_404(
        Question.objects.visible_to(user).prefetch_related("options", "topics", "documents"),
        pk=pk,
    )


def contest_for(user, pk: int) -> Contest:
    """Read access (statistics, results): managers, leaders and unit heads of the office."""
    require_role(user, *STATS_ROLES)
    return get_object_or_404(Contest.objects.visible_to(user).select_related("organisation"), pk=pk)


def contest_managed(user, pk: int) -> Contest:
    require_role(user, *MANAGE_ROLES)
    return get_object_or_404(Contest.objects.managed_by(user).select_related("organisation"), pk=pk)


def round_for(user, pk: int, *, manage: bool = True) -> Round:
    require_role(user, *(MANAGE_ROLES if manage else STATS_ROLES))
    contests = Contest.objects.managed_by(user) if manage else Contest.objects.visible_to(user)
    return get_object_or_404(
        Round.objects.filter(contest__in=contests).select_related("contest__organisation"), pk=pk
    )


def study_for(user, pk: int) -> AwarenessStudy:
    require_role(user, *STATS_ROLES)
    return get_object_or_404(
        AwarenessStudy.objects.visible_to(user).select_related(
            "pre_round__contest", "post_round__contest"
        ),
        pk=pk,
    )


# ------------------------------------------------------------------ public pages


def public_contest(slug: str) -> Contest:
    return get_object_or_404(Contest.objects.published().select_related("organisation"), slug=slug)


def public_round(slug: str, number: int) -> Round:
    """A round of a published contest, with its contest and organisation (one query)."""
    return get_object_or_404(
        Round.objects.select_related("contest__organisation").filter(
            contest__slug=slug, contest__is_published=True
        ),
        number=number,
    )


def entrant_of_request(request, contest: Contest) -> Entrant | None:
    """The entrant this browser acts as: a signed-in staff member's entry, or the public
    registration remembered in the session."""
    if contest.audience == Contest.Audience.STAFF:
        staff = getattr(request.user, "staff", None) if request.user.is_authenticated else None
        if staff is None:
            return None
        return Entrant.objects.filter(contest=contest, staff=staff).select_related("unit").first()
    entrant_id = request.session.get(SESSION_KEY, {}).get(str(contest.pk))
    if entrant_id is None:
        return None
    return Entrant.objects.filter(pk=entrant_id, contest=contest).select_related("unit").first()


def remember_entrant(request, entrant: Entrant) -> None:
    remembered = dict(request.session.get(SESSION_KEY, {}))
    # A new identity gets a new session id. A session without a stored key (none sent, or
    # an unknown one) gets a fresh random key when it is first saved, so only an existing
    # session needs cycling; that saves writing the session twice on registration.
    if remembered.get(str(entrant.contest_id)) != entrant.pk and request.session.session_key:
        request.session.cycle_key()
    remembered[str(entrant.contest_id)] = entrant.pk
    request.session[SESSION_KEY] = remembered


def attempt_of_request(request, token: str) -> Attempt:
    """An attempt opened only by its own entrant (404 for anyone else, even with the link)."""
    attempt = get_object_or_404(
        Attempt.objects.select_related("round__contest__organisation", "entrant__unit"),
        token=token,
    )
    contest = attempt.round.contest
    if contest.audience == Contest.Audience.STAFF:
        staff = getattr(request.user, "staff", None) if request.user.is_authenticated else None
        mine = staff is not None and attempt.entrant.staff_id == staff.pk
    else:
        mine = request.session.get(SESSION_KEY, {}).get(str(contest.pk)) == attempt.entrant_id
    if not mine:
        raise Http404
    if not attempt.round.contest.is_published:
        raise PermissionDenied
    return attempt
