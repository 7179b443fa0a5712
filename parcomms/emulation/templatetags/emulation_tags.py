from django import template

from ..criteria import Group, points_text

register = template.Library()


@register.filter
def points(value) -> str:
    """Points as Vietnamese write them: "15", "2,5"."""
    if value is None or value == "":
        return ""
    return points_text(value)


@register.filter
def group_label(group: str) -> str:
    return Group.LABELS.get(group, group)
