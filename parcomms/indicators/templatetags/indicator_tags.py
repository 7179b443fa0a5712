"""Indicator values as Vietnamese write them, with the [D] mark on derived figures."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from parcomms.vn.numbers import format_decimal

register = template.Library()

_MARK = '<abbr class="pc-derived" title="Số suy ra từ mức thay đổi đã công bố">[D]</abbr>'


def _number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return format_decimal(value.quantize(Decimal(1)))
    return format_decimal(value.normalize())


@register.filter
def vn_number(value):
    if value is None or value == "":
        return ""
    return _number(Decimal(str(value)))


@register.filter
def result_score(result):
    """ "85,78", "81,83%", "0,305 [D]"."""
    if result is None or result.score is None:
        return ""
    text = _number(result.score) + ("%" if result.indicator.unit == "%" else "")
    if result.score_derived:
        return format_html("{} " + _MARK, text)
    return text


@register.filter
def result_rank(result):
    """ "hạng 29/63", "hạng 35/63 [D]"."""
    if result is None or result.rank is None:
        return ""
    text = f"hạng {result.rank}" + (f"/{result.rank_of}" if result.rank_of else "")
    if result.rank_derived:
        return format_html("{} " + _MARK, text)
    return text


@register.filter
def status_class(status):
    return {
        "achieved": "pc-verdict--ok",
        "not_achieved": "pc-verdict--miss",
        "no_data": "pc-verdict--none",
        "done": "pc-verdict--ok",
        "overdue": "pc-verdict--miss",
        "due": "pc-verdict--due",
    }.get(str(status), "pc-verdict--none")


@register.filter
def status_symbol(status):
    """A shape as well as a colour, for print: ✔ đạt, ✘ không đạt, ? chưa có số liệu."""
    return {
        "achieved": "✔",
        "not_achieved": "✘",
        "no_data": "?",
        "done": "✔",
        "overdue": "✘",
        "due": "…",
    }.get(str(status), "?")
