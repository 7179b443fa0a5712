from django import template

from parcomms.vn.numbers import format_decimal

register = template.Library()


@register.filter
def percent(value):
    """45.0 → "45%", 66.666 → "66,7%"; None → "—"."""
    if value is None or value == "":
        return "—"
    text = format_decimal(round(float(value), 1), 1)
    return (text[:-2] if text.endswith(",0") else text) + "%"


@register.filter
def status_class(verdict):
    return f"pc-status pc-status--{verdict.status.value}"
