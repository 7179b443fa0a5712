"""Template tags for the admin's branding: the office the signed-in user works for, and the
banner that tells users of a demo organisation that what they see is sample data."""

from django import template
from django.conf import settings
from django.utils.html import format_html

register = template.Library()

DEMO_BANNER_TEXT = "DỮ LIỆU MINH HỌA — chỉ dùng để dùng thử"


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


@register.simple_tag(takes_context=True)
def demo_banner(context):
    request = context.get("request")
    organisation = staff_organisation(getattr(request, "user", None))
    if organisation is None or not organisation.is_demo:
        return ""
    return format_html(
        '<div class="parcomms-demo-banner" role="note" data-demo-banner>'
        "<strong>{}</strong> <span>· {}</span></div>",
        DEMO_BANNER_TEXT,
        organisation.name,
    )
