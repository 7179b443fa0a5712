"""Forms of the plan import: the upload, and the officer's corrections to the parsed plan."""

import calendar
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from parcomms.vn.numbers import format_decimal, parse_decimal

from .models import Channel
from .sources import MAX_PLAN_BYTES
from .targets import COMPARISONS, INDICATORS, KINDS, SCOPE_LABELS, UNITS

MAX_UPLOAD_MB = MAX_PLAN_BYTES // (1024 * 1024)
EXTENSIONS = (".docx", ".txt", ".md", ".pdf")
NUMERIC_KINDS = ("rank", "rank_change", "top_n", "score", "percent", "delta")


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp kế hoạch"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Định dạng .docx, .txt, .md hoặc .pdf; tối đa %(mb)s MB."
        ) % {"mb": MAX_UPLOAD_MB}

    def clean_file(self):
        f = self.cleaned_data["file"]
        if Path(f.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(
                _("Chỉ nhận tệp .docx, .txt, .md hoặc .pdf (tệp đã chọn: %(name)s).")
                % {"name": f.name}
            )
        if f.size > MAX_PLAN_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_UPLOAD_MB}
            )
        if f.size == 0:
            raise forms.ValidationError(_("Tệp rỗng."))
        return f


# --- Corrections ---------------------------------------------------------------------------


class LinesField(forms.CharField):
    """A list edited as text, one item per line."""

    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Mỗi dòng một mục."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return list(initial or []) != self.to_python(data)


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


BLANK = ("", "—")


def _spans(form: forms.Form, **spans: str) -> None:
    """How wide the preview lays out a field: "2" columns or the "wide" full row."""
    for name, span in spans.items():
        form.fields[name].span = span


def _with_current(choices, current) -> list[tuple[str, str]]:
    """Offer what the parser found even when it is outside the known vocabulary."""
    choices = list(choices)
    if current and current not in {value for value, _label in choices}:
        choices.append((current, current))
    return choices


class PlanHeaderForm(forms.Form):
    type = forms.CharField(label=_("Loại văn bản"), max_length=100)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, widget=_textarea(2))
    number = forms.CharField(label=_("Số"), max_length=20, required=False)
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=60, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    day = forms.IntegerField(label=_("Ngày"), min_value=1, max_value=31, required=False)
    month = forms.IntegerField(label=_("Tháng"), min_value=1, max_value=12, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=1945, max_value=2100, required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    parent_issuer = forms.CharField(label=_("Cơ quan chủ quản"), max_length=255, required=False)
    signer_prefix = forms.CharField(
        label=_("Quyền hạn ký"),
        max_length=10,
        required=False,
        help_text=_("KT., TL., TUQ., TM., Q. hoặc để trống"),
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=150, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=150, required=False)
    objectives = LinesField(label=_("Mục tiêu"), widget=_textarea(6))
    requirements = LinesField(label=_("Yêu cầu"), widget=_textarea(5))
    audiences = LinesField(label=_("Đối tượng"), widget=_textarea(2))
    recipients = LinesField(label=_("Nơi nhận"), widget=_textarea(4))
    funding = LinesField(label=_("Kinh phí"), widget=_textarea(2))

    HEADER = ("title", "type", "number", "symbol", "place", "day", "month", "year")
    ISSUERS = ("issuer", "parent_issuer")
    SIGNER = ("signer_prefix", "signer_title", "signer_name")
    LISTS = ("objectives", "requirements", "audiences", "funding", "recipients")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _spans(self, title="wide", place="2", issuer="wide", parent_issuer="wide")
        _spans(self, signer_title="2", signer_name="2")

    def clean(self):
        data = super().clean()
        day, month, year = data.get("day"), data.get("month"), data.get("year")
        if day and month and year and day > calendar.monthrange(year, month)[1]:
            self.add_error(
                "day",
                _("Ngày %(day)s tháng %(month)s năm %(year)s không có thật.")
                % {"day": day, "month": month, "year": year},
            )
        return data

    def groups(self):
        """Fields in the order and groups the template shows them."""
        return [
            (_("Số, ngày, trích yếu"), [self[n] for n in self.HEADER]),
            (_("Cơ quan ban hành"), [self[n] for n in self.ISSUERS]),
            (_("Người ký"), [self[n] for n in self.SIGNER]),
            (_("Mục tiêu, yêu cầu, đối tượng, nơi nhận"), [self[n] for n in self.LISTS]),
        ]

    @classmethod
    def initial_from(cls, data: dict) -> dict:
        number, date = data.get("number") or {}, data.get("date") or {}
        signer = data.get("signer") or {}
        return {
            "type": data["type"],
            "title": data["title"],
            "number": number.get("number"),
            "symbol": number.get("symbol"),
            "place": date.get("place"),
            "day": date.get("day"),
            "month": date.get("month"),
            "year": date.get("year"),
            "issuer": data.get("issuer"),
            "parent_issuer": data.get("parent_issuer"),
            "signer_prefix": signer.get("prefix"),
            "signer_title": signer.get("title"),
            "signer_name": signer.get("name"),
            **{name: data.get(name, []) for name in cls.LISTS},
        }

    def apply(self, data: dict) -> None:
        c = self.cleaned_data
        data["type"], data["title"] = c["type"], c["title"]
        data["number"] = {"number": c["number"] or None, "symbol": c["symbol"] or None}
        data["date"] = {
            "day": c["day"],
            "month": c["month"],
            "year": c["year"],
            "place": c["place"] or None,
        }
        data["issuer"] = c["issuer"] or None
        data["parent_issuer"] = c["parent_issuer"] or None
        if c["signer_title"] or c["signer_name"]:
            data["signer"] = {
                **(data.get("signer") or {}),
                "prefix": c["signer_prefix"] or None,
                "title": c["signer_title"],
                "name": c["signer_name"],
            }
        else:
            data["signer"] = None
        for name in self.LISTS:
            data[name] = c[name]


class TopicForm(forms.Form):
    label = forms.CharField(label=_("Ký hiệu"), max_length=5)
    title = forms.CharField(label=_("Nội dung"), max_length=500)
    items = LinesField(label=_("Các điểm"), widget=_textarea(4))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _spans(self, title="2")


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"))
    name = forms.CharField(label=_("Tên gọi trong kế hoạch"), max_length=255, required=False)
    text = forms.CharField(label=_("Câu trong kế hoạch"), widget=_textarea(2))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = (
            self.data.get(self.add_prefix("kind")) if self.is_bound else self.initial.get("kind")
        )
        self.fields["kind"].choices = _with_current([BLANK, *Channel.Kind.choices], current)
        _spans(self, name="2")


class DutyForm(forms.Form):
    who = forms.CharField(label=_("Chủ thể"), max_length=255, required=False)
    text = forms.CharField(label=_("Nhiệm vụ"), widget=_textarea(2))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _spans(self, who="wide")


KIND_LABELS = {
    "rank": _("xếp hạng"),
    "rank_change": _("tăng bậc"),
    "top_n": _("trong TOP"),
    "score": _("điểm số"),
    "percent": _("tỷ lệ %"),
    "delta": _("mức tăng"),
    "group": _("nhóm xếp loại"),
    "qualitative": _("định tính"),
}
COMPARISON_LABELS = {
    "<=": "≤",
    ">=": "≥",
    "=": "=",
    "~": _("khoảng"),
    "in": _("thuộc"),
}
UNIT_LABELS = {"rank": _("hạng"), "places": _("bậc"), "points": _("điểm"), "%": "%"}


def format_target_value(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if value == int(value) else format_decimal(value, grouping=False)
    return "" if value is None else str(value)


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Chỉ số"))
    kind = forms.ChoiceField(label=_("Loại chỉ tiêu"))
    comparison = forms.ChoiceField(label=_("So sánh"))
    value = forms.CharField(label=_("Giá trị"), max_length=255, required=False)
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    scope = forms.ChoiceField(label=_("Phạm vi"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        def current(name):
            return self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)

        f = self.fields
        # Every list opens with a blank choice, so a blank extra row stays blank.
        for name, choices in [
            ("indicator", [(code, ind.label) for code, ind in INDICATORS.items()]),
            ("kind", [(k, KIND_LABELS.get(k, k)) for k in KINDS]),
            ("comparison", [(c, COMPARISON_LABELS.get(c, c)) for c in COMPARISONS]),
            ("unit", [(u, UNIT_LABELS.get(u, u)) for u in UNITS]),
            ("scope", list(SCOPE_LABELS.items())),
        ]:
            f[name].choices = _with_current([BLANK, *choices], current(name))
        if not self.is_bound:
            self.initial = {**self.initial, "value": format_target_value(self.initial.get("value"))}

    def clean(self):
        data = super().clean()
        raw, kind = data.get("value", ""), data.get("kind")
        value: float | str | None = raw or None
        if raw:
            try:
                number = parse_decimal(raw)
            except ValueError:
                number = None
            if number is not None:
                if abs(number) >= 10**8:
                    self.add_error("value", _("Giá trị quá lớn."))
                value = float(number)
        if kind in NUMERIC_KINDS and not isinstance(value, float):
            self.add_error("value", _("Chỉ tiêu loại này cần một giá trị số, ví dụ 68,9."))
        data["value"] = value
        data["unit"] = data.get("unit") or None
        data["scope"] = data.get("scope") or None
        return data


TopicFormSet = forms.formset_factory(TopicForm, extra=1, can_delete=True)
ChannelFormSet = forms.formset_factory(ChannelForm, extra=1, can_delete=True)
DutyFormSet = forms.formset_factory(DutyForm, extra=1, can_delete=True)
TargetFormSet = forms.formset_factory(TargetForm, extra=1, can_delete=True)


class PlanCorrectionForm:
    """The parsed plan as the officer can correct it: the header form and one formset per list.

    `apply(data)` writes the corrections into a `to_full_json()` dict; what the officer cannot
    edit here (section tree, cited documents) is left as parsed.
    """

    FORMSETS = (
        ("topics", TopicFormSet, _("Nội dung tuyên truyền")),
        ("targets", TargetFormSet, _("Chỉ tiêu")),
        ("channels", ChannelFormSet, _("Hình thức tuyên truyền")),
        ("duties", DutyFormSet, _("Tổ chức thực hiện")),
    )

    def __init__(self, parsed: dict, data=None):
        self.header = PlanHeaderForm(data, initial=PlanHeaderForm.initial_from(parsed))
        self.formsets = {
            prefix: formset_class(data, initial=parsed.get(prefix, []), prefix=prefix)
            for prefix, formset_class, _label in self.FORMSETS
        }

    @property
    def sections(self):
        return [(prefix, label, self.formsets[prefix]) for prefix, _class, label in self.FORMSETS]

    def is_valid(self) -> bool:
        valid = self.header.is_valid()
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        return valid

    @property
    def error_count(self) -> int:
        count = len(self.header.errors)
        for formset in self.formsets.values():
            count += sum(len(e) for e in formset.errors) + len(formset.non_form_errors())
        return count

    def _rows(self, prefix: str, original: list[dict]) -> list[dict]:
        """The rows that stay (not deleted, not a blank extra row), each merged onto what the
        parser gave, so fields the form does not show (a target's sentence) are kept."""
        formset = self.formsets[prefix]
        deleted = {id(form) for form in formset.deleted_forms}
        rows = []
        for i, form in enumerate(formset.forms):
            if id(form) in deleted or (form.empty_permitted and not form.has_changed()):
                continue
            edited = {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            rows.append({**(original[i] if i < len(original) else {}), **edited})
        return rows

    def apply(self, parsed: dict) -> dict:
        data = dict(parsed)
        self.header.apply(data)
        for prefix, _class, _label in self.FORMSETS:
            data[prefix] = self._rows(prefix, parsed.get(prefix, []))
        for target in data["targets"]:
            target.setdefault("text", "")  # a target added by hand has no sentence
        return data
