"""Forms of the plan import: the upload, and the officer's corrections to the parsed plan."""

import calendar
import re
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from parcomms.legal.models import LegalDocument
from parcomms.vn.dates import VnDate
from parcomms.vn.numbers import format_decimal, parse_decimal

from .models import Channel
from .parsed import citation_key, document_identity, flat_sections, section_tree
from .parsing import section_level
from .sources import MAX_PLAN_BYTES
from .targets import COMPARISONS, INDICATORS, KINDS, SCOPE_LABELS, UNITS

MAX_UPLOAD_MB = MAX_PLAN_BYTES // (1024 * 1024)
EXTENSIONS = (".docx", ".txt", ".md", ".pdf")
NUMERIC_KINDS = ("rank", "rank_change", "top_n", "score", "percent", "delta")
MAX_SECTION_DEPTH = 8


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


# --- Section tree ----------------------------------------------------------------------------


class SectionForm(forms.Form):
    depth = forms.IntegerField(
        label=_("Cấp"),
        min_value=1,
        max_value=MAX_SECTION_DEPTH,
        widget=forms.NumberInput(attrs={"class": "pc-depth"}),
        error_messages={
            "required": _("Cần cấp của mục (1 là cấp ngoài cùng)."),
            "invalid": _("Cấp của mục là một số nguyên, ví dụ 1 hoặc 2."),
        },
    )
    label = forms.CharField(label=_("Số thứ tự"), max_length=10, required=False)
    title = forms.CharField(
        label=_("Tiêu đề, nội dung"),
        widget=_textarea(1),
        error_messages={"required": _("Tiêu đề, nội dung của mục không được để trống.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _spans(self, title="wide")

    def clean_label(self):
        label = self.cleaned_data["label"]
        if section_level(label) is None:
            raise forms.ValidationError(
                _(
                    "Không nhận ra số thứ tự “%(label)s”: dùng dạng I., 1., a), 1.1, - hoặc +, "
                    "hoặc để trống cho một đoạn văn."
                )
                % {"label": label}
            )
        return label


class BaseSectionFormSet(forms.BaseFormSet):
    """The section tree as rows in reading order; a deleted row takes its sub-sections with it."""

    def kept_rows(self, original: list[dict]) -> list[tuple[int, dict]]:
        """(row number, corrected row) of the rows that stay, in order."""
        rows, dropping_below = [], None
        for i, form in enumerate(self.forms):
            if form.empty_permitted and not form.has_changed():
                continue
            depth = form.cleaned_data.get("depth")
            if dropping_below is not None and depth is not None and depth > dropping_below:
                continue  # a sub-section of a deleted section
            dropping_below = None
            if self._should_delete_form(form):
                dropping_below = depth
                continue
            row = {k: form.cleaned_data.get(k) for k in ("depth", "label", "title")}
            before = original[i] if i < len(original) else None
            if before is not None and before["label"] == row["label"]:
                row["level"] = before["level"]
            else:
                row["level"] = section_level(row["label"])
            rows.append((i, row))
        return rows

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        previous = 0
        for i, row in self.kept_rows(self.initial or []):
            if row["depth"] > previous + 1:
                error = (
                    _("Mục đầu tiên phải ở cấp 1.")
                    if previous == 0
                    else _(
                        "Mục ở cấp %(depth)s phải nằm ngay dưới một mục cấp %(parent)s "
                        "(mục trước nó đang ở cấp %(previous)s)."
                    )
                    % {"depth": row["depth"], "parent": row["depth"] - 1, "previous": previous}
                )
                self.forms[i].add_error("depth", error)
                raise forms.ValidationError(
                    _("Bố cục văn bản không hợp lệ ở mục #%(row)s: %(error)s")
                    % {"row": i + 1, "error": error}
                )
            previous = row["depth"]


# --- Cited documents -------------------------------------------------------------------------

SYMBOL_RE = re.compile(r"[^\W_](?:[\w/-]*[^\W_])?")
DATE_TEXT_RE = re.compile(r"(?P<day>\d{1,2})?\s*/\s*(?P<month>\d{1,2})?\s*/\s*(?P<year>\d{4})")


def format_date_text(parts: dict | None) -> str:
    """The date as the officer types it, "15/07/2021"; blank parts stay blank ("/02/2023")."""
    if not parts or not parts.get("year"):
        return ""
    day, month = parts.get("day"), parts.get("month")
    return f"{f'{day:02d}' if day else ''}/{f'{month:02d}' if month else ''}/{parts['year']}"


class CitationForm(forms.Form):
    type = forms.CharField(label=_("Loại văn bản"), max_length=100)
    number = forms.CharField(
        label=_("Số"),
        max_length=10,
        error_messages={"required": _("Cần số của văn bản, ví dụ 76 hoặc 05.")},
    )
    year = forms.IntegerField(
        label=_("Năm trong ký hiệu"),
        min_value=1900,
        max_value=2100,
        required=False,
        help_text=_("Như 2016 trong 45/2016/QĐ-TTg"),
        error_messages={"invalid": _("Năm là một số có bốn chữ số, ví dụ 2016.")},
    )
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=60)
    date = forms.CharField(
        label=_("Ngày ban hành"),
        max_length=20,
        required=False,
        help_text=_("ngày/tháng/năm, ví dụ 15/07/2021"),
    )
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    system = forms.ChoiceField(label=_("Hệ thống"), choices=LegalDocument.System.choices)
    merge_into = forms.TypedChoiceField(
        label=_("Gộp vào"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Khi đây và văn bản được chọn là một văn bản"),
    )

    def __init__(self, *args, merge_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].choices = [BLANK, *merge_choices]
        _spans(self, type="2", issuer="wide", system="2", merge_into="wide")

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if not number.isdigit() or not number.isascii():
            raise forms.ValidationError(
                _("Số văn bản chỉ gồm chữ số, ví dụ 76 hoặc 05 (đã nhập “%(number)s”).")
                % {"number": number}
            )
        return number

    def clean_symbol(self):
        symbol = self.cleaned_data["symbol"].strip()
        if not SYMBOL_RE.fullmatch(symbol):
            raise forms.ValidationError(
                _("Ký hiệu chỉ gồm chữ, số, dấu “-” và “/”, ví dụ QĐ-UBND hoặc NQ/TU.")
            )
        return symbol

    def clean_date(self):
        text = self.cleaned_data["date"].strip()
        if not text:
            return None
        m = DATE_TEXT_RE.fullmatch(text)
        if m is None:
            raise forms.ValidationError(
                _("Ghi ngày theo dạng ngày/tháng/năm, ví dụ 15/07/2021 (đã nhập “%(text)s”).")
                % {"text": text}
            )
        day, month, year = (int(m[k]) if m[k] else None for k in ("day", "month", "year"))
        if (
            (month is not None and not 1 <= month <= 12)
            or (day is not None and not 1 <= day <= 31)
            or (day and month and day > calendar.monthrange(year, month)[1])
            or not 1900 <= year <= 2100
        ):
            raise forms.ValidationError(
                _("Ngày ban hành “%(text)s” không có thật.") % {"text": text}
            )
        return {"day": day, "month": month, "year": year}


class BaseCitationFormSet(forms.BaseFormSet):
    """The cited documents: each corrected, removed, or merged into another row (the same
    document cited two ways the parser could not tell apart)."""

    def get_form_kwargs(self, index):
        choices = [
            (str(n), f"#{n} {row.get('key', '')}") for n, row in enumerate(self.initial or [], 1)
        ]
        return {**super().get_form_kwargs(index), "merge_choices": choices}

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        forms_ = self.forms
        for n, form in enumerate(forms_, 1):
            target = form.cleaned_data.get("merge_into")
            if target is None:
                continue
            error = None
            if self._should_delete_form(form):
                error = _("Chọn xóa hoặc gộp văn bản này, không chọn cả hai.")
            elif target == n:
                error = _("Không thể gộp một văn bản vào chính nó.")
            elif self._should_delete_form(forms_[target - 1]):
                error = _("Văn bản #%(row)s đang được đánh dấu xóa, không gộp vào được.") % {
                    "row": target
                }
            elif forms_[target - 1].cleaned_data.get("merge_into"):
                error = _(
                    "Văn bản #%(row)s cũng đang được gộp vào văn bản khác: hãy gộp thẳng vào "
                    "văn bản được giữ lại."
                ) % {"row": target}
            if error:
                form.add_error("merge_into", error)
                raise forms.ValidationError(
                    _("Văn bản #%(row)s: %(error)s") % {"row": n, "error": error}
                )
        seen: dict[tuple, int] = {}
        for n, form in enumerate(forms_, 1):
            c = form.cleaned_data
            if self._should_delete_form(form) or c.get("merge_into"):
                continue
            identity = document_identity(c["system"], c["number"], c["year"], c["symbol"])
            if identity in seen:
                raise forms.ValidationError(
                    _(
                        "Văn bản #%(row)s và #%(other)s có cùng số, ký hiệu %(key)s: nếu là một "
                        "văn bản, hãy chọn “Gộp vào”."
                    )
                    % {
                        "row": n,
                        "other": seen[identity],
                        "key": citation_key(c["system"], c["number"], c["year"], c["symbol"]),
                    }
                )
            seen[identity] = n

    def corrected(self, original: list[dict]) -> tuple[list[dict], dict[str, str]]:
        """The documents that stay, corrected, and where each original key now points (a
        removed document's key is missing)."""
        rows: dict[int, dict] = {}
        for n, form in enumerate(self.forms, 1):
            if self._should_delete_form(form) or form.cleaned_data.get("merge_into"):
                continue
            rows[n] = _corrected_citation(original[n - 1], form)
        moved = {}
        for n, form in enumerate(self.forms, 1):
            target = form.cleaned_data.get("merge_into")
            if target:
                into = rows[target]
                for name in ("date", "date_parts", "issuer", "subject"):
                    if not into.get(name) and original[n - 1].get(name):
                        into[name] = original[n - 1][name]
                moved[original[n - 1]["key"]] = into["key"]
        for n, row in rows.items():
            moved[original[n - 1]["key"]] = row["key"]
        return list(rows.values()), moved


def _corrected_citation(before: dict, form: CitationForm) -> dict:
    c = form.cleaned_data
    row = {**before, "type": c["type"], "issuer": c["issuer"] or None, "system": c["system"]}
    identity = ("number", "year", "symbol", "system")
    if any(c[name] != before.get(name) for name in identity):
        row.update(number=c["number"], year=c["year"], symbol=c["symbol"])
        row["key"] = citation_key(c["system"], c["number"], c["year"], c["symbol"])
    if "date" in form.changed_data:
        parts = c["date"]
        row["date_parts"] = parts
        date = VnDate(parts["day"], parts["month"], parts["year"]) if parts else None
        row["date"] = date.iso() if date else None
    return row


TopicFormSet = forms.formset_factory(TopicForm, extra=1, can_delete=True)
ChannelFormSet = forms.formset_factory(ChannelForm, extra=1, can_delete=True)
DutyFormSet = forms.formset_factory(DutyForm, extra=1, can_delete=True)
TargetFormSet = forms.formset_factory(TargetForm, extra=1, can_delete=True)
SectionFormSet = forms.formset_factory(
    SectionForm, formset=BaseSectionFormSet, extra=0, can_delete=True
)
CitationFormSet = forms.formset_factory(
    CitationForm, formset=BaseCitationFormSet, extra=0, can_delete=True
)


def _citation_initial(citation: dict) -> dict:
    parts = citation.get("date_parts")
    if parts is None and citation.get("date"):
        year, month, day = (int(p) for p in citation["date"].split("-"))
        parts = {"day": day, "month": month, "year": year}
    return {**citation, "date": format_date_text(parts)}


def _corrected_bases(bases: list[dict], citations: list[dict], rows, moved) -> list[dict]:
    """The legal bases follow their documents: corrected, merged, or gone with a removed one."""
    cited = {c["key"] for c in citations}
    by_key = {row["key"]: row for row in rows}
    result, seen = [], set()
    for basis in bases:
        if basis["key"] not in cited:
            row = basis
        elif basis["key"] in moved:
            row = by_key[moved[basis["key"]]]
        else:
            continue
        if row["key"] not in seen:
            seen.add(row["key"])
            result.append(row)
    return result


class PlanCorrectionForm:
    """The parsed plan as the officer can correct it: the header form and one formset per list.

    `apply(data)` writes the corrections into a `to_full_json()` dict: the header, the lists,
    the section tree ("outline") and the cited documents ("documents").
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
        self.formsets["outline"] = SectionFormSet(
            data, initial=flat_sections(parsed.get("sections", [])), prefix="outline"
        )
        self.formsets["documents"] = CitationFormSet(
            data,
            initial=[_citation_initial(c) for c in parsed.get("citations", [])],
            prefix="documents",
        )

    @property
    def outline(self):
        return self.formsets["outline"]

    @property
    def documents(self):
        return self.formsets["documents"]

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
        sections = flat_sections(parsed.get("sections", []))
        data["sections"] = section_tree([row for _i, row in self.outline.kept_rows(sections)])
        citations = parsed.get("citations", [])
        rows, moved = self.documents.corrected(citations)
        data["citations"] = rows
        data["legal_bases"] = _corrected_bases(
            parsed.get("legal_bases", []), citations, rows, moved
        )
        return data
