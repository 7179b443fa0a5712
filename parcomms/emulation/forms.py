from django import forms
from django.utils.translation import gettext_lazy as _

from . import criteria as c
from .periods import KINDS, PeriodError, Span
from .services import Upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class PointsField(forms.CharField):
    """Points as Vietnamese write them ("2,5"); checked by criteria.to_points."""

    def __init__(self, *args, allow_none=False, **kwargs):
        self.allow_none = allow_none
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return c.to_points(value, str(self.label), allow_none=self.allow_none)
        except c.CriteriaError as exc:
            raise forms.ValidationError(str(exc)) from None


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=list(KINDS.items()))
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Số thứ tự"),
        min_value=1,
        max_value=4,
        initial=1,
        help_text=_("Quý: 1–4; 6 tháng: 1 (đầu năm) hoặc 2 (cuối năm); năm: 1."),
    )

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                Span(data["kind"], data["year"], data["number"])
            except PeriodError as exc:
                raise forms.ValidationError(str(exc)) from None
        return data


CHANNEL_CHOICES = [("", _("— Chọn kênh —"))] + list(c.CHANNELS.items())
KIND_CHOICES = [("", _("Mọi loại tin, bài"))] + [(k, v) for k, v in c.KINDS.items() if k]


class ArticleRuleForm(forms.Form):
    channel = forms.ChoiceField(label=_("Kênh"), choices=CHANNEL_CHOICES)
    kind = forms.ChoiceField(label=_("Loại"), choices=KIND_CHOICES, required=False)
    points = PointsField(label=_("Điểm mỗi tin, bài"))
    cap = PointsField(label=_("Tối đa"), required=False, allow_none=True)
    for_unit = forms.BooleanField(label=_("Tính cho đơn vị"), required=False, initial=True)
    for_person = forms.BooleanField(label=_("Tính cho tác giả"), required=False, initial=True)


class ManualCriterionForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=30, widget=forms.TextInput(attrs={"size": 12}))
    title = forms.CharField(label=_("Tiêu chí"), max_length=300)
    max_points = PointsField(label=_("Điểm tối đa"))
    description = forms.CharField(
        label=_("Hướng dẫn, minh chứng cần nộp"), max_length=1000, required=False
    )


ArticleRuleFormSet = forms.formset_factory(ArticleRuleForm, extra=2, can_delete=True, max_num=40)
ManualFormSet = forms.formset_factory(ManualCriterionForm, extra=1, can_delete=True, max_num=30)


class CriteriaForm(forms.Form):
    session_points = PointsField(label=_("Điểm mỗi buổi sinh hoạt, hội nghị có nội dung CCHC"))
    session_cap = PointsField(
        label=_("Tối đa cho buổi sinh hoạt (để trống: không giới hạn)"),
        required=False,
        allow_none=True,
    )
    attended_points = PointsField(label=_("Điểm mỗi buổi cá nhân có mặt"))
    attendance_bands = forms.CharField(
        label=_("Tỷ lệ cán bộ dự sinh hoạt (mỗi dòng một mức)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "≥ 90%: 3\n≥ 70%: 2"}),
    )
    obligation_points = PointsField(label=_("Điểm mỗi nghĩa vụ hoàn thành đúng hạn"))
    participation_bands = forms.CharField(
        label=_("Tỷ lệ cán bộ tham gia cuộc thi (mỗi dòng một mức)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "≥ 100%: 5\n≥ 80%: 3"}),
    )
    score_bands = forms.CharField(
        label=_("Điểm trung bình cuộc thi, thang 10 (mỗi dòng một mức)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "≥ 9: 3\n≥ 7: 2"}),
    )
    note = forms.CharField(label=_("Ghi chú thay đổi"), max_length=500, required=False)

    def _bands(self, name, label, percent):
        try:
            return c.bands_from_text(self.cleaned_data.get(name, ""), label, percent=percent)
        except c.CriteriaError as exc:
            self.add_error(name, str(exc))
            return ()

    def clean(self):
        data = super().clean()
        data["attendance_bands_parsed"] = self._bands(
            "attendance_bands", "Tỷ lệ dự sinh hoạt", True
        )
        data["participation_bands_parsed"] = self._bands(
            "participation_bands", "Tỷ lệ tham gia cuộc thi", True
        )
        data["score_bands_parsed"] = self._bands("score_bands", "Điểm trung bình cuộc thi", False)
        return data

    @staticmethod
    def initial_for(criteria: c.Criteria) -> dict:
        return {
            "session_points": c.points_text(criteria.session_points),
            "session_cap": (
                "" if criteria.session_cap is None else c.points_text(criteria.session_cap)
            ),
            "attended_points": c.points_text(criteria.attended_points),
            "attendance_bands": c.bands_to_text(criteria.attendance_bands, percent=True),
            "obligation_points": c.points_text(criteria.obligation_points),
            "participation_bands": c.bands_to_text(criteria.participation_bands, percent=True),
            "score_bands": c.bands_to_text(criteria.score_bands, percent=False),
        }


def article_initial(criteria: c.Criteria) -> list[dict]:
    return [
        {
            "channel": r.channel,
            "kind": r.kind,
            "points": c.points_text(r.points),
            "cap": "" if r.cap is None else c.points_text(r.cap),
            "for_unit": r.for_unit,
            "for_person": r.for_person,
        }
        for r in criteria.articles
    ]


def manual_initial(criteria: c.Criteria) -> list[dict]:
    return [
        {
            "code": m.code,
            "title": m.title,
            "max_points": c.points_text(m.max_points),
            "description": m.description,
        }
        for m in criteria.manual
    ]


def build_criteria(form: CriteriaForm, articles, manual) -> c.Criteria:
    """The criteria the three valid forms describe (validate() still checks the whole)."""
    data = form.cleaned_data
    rules = tuple(
        c.ArticleRule(
            channel=f.cleaned_data["channel"],
            kind=f.cleaned_data.get("kind") or "",
            points=f.cleaned_data["points"],
            cap=f.cleaned_data.get("cap"),
            for_unit=f.cleaned_data.get("for_unit", False),
            for_person=f.cleaned_data.get("for_person", False),
        )
        for f in articles.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    )
    items = tuple(
        c.ManualCriterion(
            code=f.cleaned_data["code"].strip(),
            title=f.cleaned_data["title"].strip(),
            max_points=f.cleaned_data["max_points"],
            description=(f.cleaned_data.get("description") or "").strip(),
        )
        for f in manual.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    )
    return c.Criteria(
        articles=rules,
        session_points=data["session_points"],
        session_cap=data.get("session_cap"),
        attended_points=data["attended_points"],
        attendance_bands=data["attendance_bands_parsed"],
        obligation_points=data["obligation_points"],
        participation_bands=data["participation_bands_parsed"],
        score_bands=data["score_bands_parsed"],
        manual=items,
    )


class SelfScoreForm(forms.Form):
    points = forms.CharField(
        label=_("Điểm tự chấm"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    note = forms.CharField(
        label=_("Giải trình"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(
        label=_("Tệp minh chứng (PDF, DOCX, XLSX, ảnh; tối đa 10 MB mỗi tệp)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.doc,.xls,.jpg,.jpeg,.png"}),
    )

    def uploads(self) -> list[Upload]:
        return [Upload(f.name, f.read()) for f in self.cleaned_data.get("files") or []]


class AppraisalForm(forms.Form):
    points = forms.CharField(
        label=_("Điểm thẩm định"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi khác điểm tự chấm)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
