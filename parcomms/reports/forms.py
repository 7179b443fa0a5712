"""The "new report" form: a kind, a year and a kỳ (Quý I–IV, 6 tháng đầu/cuối năm, cả năm).
It builds the same period key ("2023-Q2", "2023-H1", "2023") that stored reports and the
`build_report` command use, so nobody types a key."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import registry
from .periods import COUNT, HALF_YEAR, QUARTER, ROMAN, YEAR, Period, PeriodError, parse_period

WHOLE_YEAR = "Y"  # the kỳ value for a whole-year report (its key is the bare year)


def part_choices() -> list:
    """The kỳ a report may cover, grouped by kind, as (suffix of the key, name) pairs."""
    names = {
        QUARTER: [(f"Q{n}", _("Quý %s") % ROMAN[n]) for n in range(1, COUNT[QUARTER] + 1)],
        HALF_YEAR: [("H1", _("6 tháng đầu năm")), ("H2", _("6 tháng cuối năm"))],
        YEAR: [(WHOLE_YEAR, _("Cả năm"))],
    }
    groups = {QUARTER: _("Quý"), HALF_YEAR: _("6 tháng"), YEAR: _("Năm")}
    return [(groups[kind], names[kind]) for kind in Period.kinds]


def part_of(period: Period) -> str:
    return WHOLE_YEAR if period.kind == YEAR else period.key.split("-")[1]


def last_finished_quarter(today: dt.date) -> Period:
    return Period.containing(QUARTER, today).previous()


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại báo cáo"),
        choices=registry.kinds,
        error_messages={
            "required": gettext_lazy("Hãy chọn loại báo cáo."),
            "invalid_choice": gettext_lazy("Hãy chọn một loại báo cáo trong danh sách."),
        },
    )
    year = forms.IntegerField(
        label=gettext_lazy("Năm"),
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "step": 1}),
        error_messages={
            "required": gettext_lazy("Hãy nhập năm của kỳ báo cáo."),
            "invalid": gettext_lazy("Năm phải là một số, ví dụ 2023."),
        },
    )
    part = forms.ChoiceField(
        label=gettext_lazy("Kỳ báo cáo"),
        choices=part_choices,
        error_messages={
            "required": gettext_lazy("Hãy chọn kỳ báo cáo."),
            "invalid_choice": gettext_lazy(
                "Hãy chọn kỳ báo cáo trong danh sách (quý, 6 tháng hoặc cả năm)."
            ),
        },
    )

    def __init__(self, *args, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        default = last_finished_quarter(self.today)
        self.fields["year"].initial = default.year
        self.fields["part"].initial = part_of(default)

    def clean(self):
        data = super().clean()
        year, part = data.get("year"), data.get("part")
        if year is None or not part:
            return data  # the field errors already say what is missing
        key = str(year) if part == WHOLE_YEAR else f"{year}-{part}"
        try:
            period = parse_period(key)
        except PeriodError as exc:
            self.add_error("year", str(exc))
            return data
        if period.start > self.today:
            raise forms.ValidationError(
                _("Kỳ báo cáo %(period)s chưa bắt đầu; hãy chọn một kỳ đã qua hoặc đang diễn ra.")
                % {"period": period.phrase},
                code="future",
            )
        data["period"] = period.key
        return data
