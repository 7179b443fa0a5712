"""Object access for the portal, digest and bulletin admin pages: one helper per model,
scoped to the user's organisation and role. Views call these, never the models directly."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from parcomms.org.access import organisation_of, require_role
from parcomms.org.models import Organisation
from parcomms.org.roles import Role

from .models import PORTAL_ADMIN_ROLES, ApiToken, DigestSubscription

# The editor publishes to the bulletin board (DESIGN.md §2); reform officers and
# administrators may print it too.
BULLETIN_ROLES = (Role.ADMIN, Role.REFORM_OFFICER, Role.EDITOR)
DIGEST_ROLES = PORTAL_ADMIN_ROLES


def portal_organisation(user) -> Organisation:
    require_role(user, *PORTAL_ADMIN_ROLES)
    return organisation_of(user)


def token_for(user, pk: int) -> ApiToken:
    portal_organisation(user)
    return get_object_or_404(
        ApiToken.objects.visible_to(user).select_related("organisation"), pk=pk
    )


def digest_organisation(user) -> Organisation:
    require_role(user, *DIGEST_ROLES)
    return organisation_of(user)


def subscription_for(user, pk: int) -> DigestSubscription:
    digest_organisation(user)
    return get_object_or_404(
        DigestSubscription.objects.visible_to(user).select_related("organisation"), pk=pk
    )


def bulletin_organisation(user) -> Organisation:
    require_role(user, *BULLETIN_ROLES)
    return organisation_of(user)


def bulletin_articles_for(user):
    """Published articles the user may put on the bulletin: their organisation's."""
    from parcomms.content.models import ArticlePage

    organisation = bulletin_organisation(user)
    return ArticlePage.objects.published().of_organisation(organisation)


def bulletin_selection(user, raw_ids: list[str]) -> list:
    """The chosen articles, in the order chosen. An id that is not a published article of the
    user's organisation is a 404, as if it did not exist."""
    articles = bulletin_articles_for(user)
    ids = []
    for raw in raw_ids:
        if not raw.isdigit():
            raise Http404
        if int(raw) not in ids:
            ids.append(int(raw))
    found = {a.pk: a for a in articles.filter(pk__in=ids).select_related("unit", "organisation")}
    if len(found) != len(ids):
        raise Http404
    return [found[pk] for pk in ids]
