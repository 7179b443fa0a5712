from django import forms
from django.utils.translation import gettext_lazy as _

from parcomms.plans.targets import SCOPE_LABELS, TIER_SCALES

from .importing import MAX_BYTES, ResultRow, parse_values
from .models import Result


class ResultForm(forms.Form):
    """One yearly result. Checked by `importing.parse_values`, the same rules as a file row."""

    indicator = forms.ChoiceField(label=_("Chỉ số"))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    scope = forms.ChoiceField(
        label=_("Phạm vi"),
        required=False,
        choices=[("", _("Toàn tỉnh"))] + list(SCOPE_LABELS.items()),
        help_text=_("Chỉ dùng với DDCI (nhóm sở, ban, ngành hoặc nhóm địa phương)."),
    )
    territory = forms.CharField(label=_("Địa bàn"), max_length=150, required=False)
    score = forms.CharField(
        label=_("Điểm"), required=False, max_length=30, help_text=_("Ví dụ 85,78 hoặc 81,83%.")
    )
    score_derived = forms.BooleanField(label=_("Điểm là số suy ra [D]"), required=False)
    rank = forms.CharField(
        label=_("Thứ hạng"), required=False, max_length=10, help_text=_("Ví dụ 29 hoặc 29/63.")
    )
    rank_of = forms.IntegerField(label=_("Trên tổng số"), required=False, min_value=1)
    rank_derived = forms.BooleanField(label=_("Thứ hạng là số suy ra [D]"), required=False)
    tier = forms.ChoiceField(
        label=_("Nhóm xếp loại"),
        required=False,
        choices=[("", "—")] + [(t, t.capitalize()) for scale in TIER_SCALES for t in scale],
    )
    source_kind = forms.ChoiceField(
        label=_("Loại nguồn"), choices=Result.SourceKind.choices, initial="P"
    )
    source_url = forms.CharField(label=_("Đường dẫn nguồn"), max_length=500, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, definitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.definitions = definitions
        self.fields["indicator"].choices = [
            (code, f"{d.label} — {d.name}") for code, d in definitions.items()
        ]
        self.row: ResultRow | None = None

    @classmethod
    def initial_from(cls, result: Result) -> dict:
        from parcomms.vn.numbers import format_decimal

        return {
            "indicator": result.indicator.code,
            "year": result.year,
            "scope": result.scope,
            "territory": result.territory,
            "score": format_decimal(result.score.normalize()) if result.score is not None else "",
            "score_derived": result.score_derived,
            "rank": result.rank or "",
            "rank_of": result.rank_of,
            "rank_derived": result.rank_derived,
            "tier": result.tier,
            "source_kind": result.source_kind,
            "source_url": result.source_url,
            "note": result.note,
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        values = {
            name: "" if data.get(name) in (None, "") else str(data[name])
            for name in (
                "indicator",
                "year",
                "scope",
                "territory",
                "score",
                "rank",
                "rank_of",
                "tier",
                "source_kind",
                "source_url",
                "note",
            )
        }
        row, errors = parse_values(values, self.definitions)
        for error in errors:
            field = error.field if error.field in self.fields else None
            self.add_error(field, error.message[:1].upper() + error.message[1:])
        if row is not None and not errors:
            row.score_derived = row.score_derived or bool(data.get("score_derived"))
            row.rank_derived = row.rank_derived or bool(data.get("rank_derived"))
            self.row = row
        return data


class ResultImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp kết quả (XLSX)"),
        help_text=_(
            "Các cột: Chỉ số, Năm, Phạm vi, Địa bàn, Điểm, Thứ hạng, Trên tổng số, "
            "Nhóm xếp loại, Loại nguồn (P/S/D), Đường dẫn nguồn, Ghi chú."
        ),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return f


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    achieved = forms.TypedChoiceField(
        label=_("Kết quả"),
        choices=[("1", _("Đạt")), ("0", _("Không đạt"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Năm đánh giá"), min_value=2000, max_value=2100, required=False
    )
