"""Template tags for the admin's branding: the office the signed-in user works for (the
demo banner in wagtailadmin/base.html shows when that office is a demo organisation)."""

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def staff_organisation(user):
    """The organisation of the user's staff record, or None (anonymous, no staff record)."""
    if not getattr(user, "is_authenticated", False):
        return None
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    staff = getattr(user, "staff", None)
    return staff.organisation if staff is not None else None


@register.simple_tag
def site_name():
    return settings.WAGTAIL_SITE_NAME
