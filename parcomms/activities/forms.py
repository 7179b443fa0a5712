"""Forms of the activities app. They validate input; the service functions write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parcomms.legal.models import LegalDocument
from parcomms.plans.models import Channel, Duty, Topic

from .models import Activity, ActivityFile, Attendance, ObligationRule
from .services import Upload

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, topic):
        year = f"{topic.plan.year} · " if topic.plan.year else ""
        return f"{year}{topic.label}) {topic.title}"


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, doc):
        return f"{doc.type_name} số {doc.key}"


class ActivityForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=None)
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Tên hoạt động"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Bắt đầu"), widget=DateTimeInput(), input_formats=[DATETIME_FORMAT]
    )
    ends_at = forms.DateTimeField(
        label=_("Kết thúc"),
        required=False,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT],
        help_text=_("Bắt buộc với hội nghị, buổi họp, sinh hoạt chuyên đề."),
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    channel = forms.ChoiceField(label=_("Kênh"), choices=Channel.Kind.choices)
    invited_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được mời dự"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Đơn vị tổ chức luôn được mời; cán bộ các đơn vị này có trong danh sách điểm danh."
        ),
    )
    topics = TopicChoiceField(
        label=_("Nội dung tuyên truyền"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents = DocumentChoiceField(
        label=_("Văn bản được phổ biến"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    presenter = forms.ModelChoiceField(label=_("Người trình bày"), queryset=None, required=False)
    presenter_name = forms.CharField(label=_("Báo cáo viên khác"), max_length=200, required=False)
    reform_content = forms.BooleanField(
        label=_("Có nội dung cải cách hành chính"), required=False, initial=True
    )
    count = forms.IntegerField(
        label=_("Số lượng"),
        min_value=1,
        initial=1,
        help_text=_("Số bản tin, bài đăng, tờ rơi, áp phích, pa-nô… (hội nghị: để 1)."),
    )
    minutes = forms.CharField(
        label=_("Biên bản, nội dung chính"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    materials = MultipleFileField(
        label=_("Tài liệu"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.jpg,.jpeg,.png"}
        ),
    )
    photos = MultipleFileField(
        label=_("Hình ảnh"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp"}),
    )
    is_cancelled = forms.BooleanField(label=_("Hủy hoạt động này"), required=False)
    remove_files = forms.ModelMultipleChoiceField(
        label=_("Xóa tệp đính kèm"),
        queryset=ActivityFile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units, org_units, staff, plans, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        for name in ("kind", "unit", "starts_at", "ends_at", "place", "channel", "presenter"):
            self.fields[name].span = 2
        self.fields["invited_units"].queryset = org_units
        self.fields["presenter"].queryset = staff.select_related("unit")
        self.fields["topics"].queryset = (
            Topic.objects.filter(plan__in=plans)
            .select_related("plan")
            .order_by("-plan__year", "order")
        )
        self.fields["documents"].queryset = LegalDocument.objects.filter(
            plan_documents__plan__in=plans
        ).distinct()
        if activity is None:
            del self.fields["is_cancelled"]
            del self.fields["remove_files"]
        else:
            self.fields["remove_files"].queryset = activity.files.all()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if data.get("kind") in Activity.SESSION_KINDS and starts and not ends:
            self.add_error("ends_at", _("Hãy nhập giờ kết thúc của buổi sinh hoạt."))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Giờ kết thúc phải sau giờ bắt đầu."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            f: data.get(f)
            for f in (
                "unit",
                "kind",
                "title",
                "starts_at",
                "ends_at",
                "place",
                "channel",
                "presenter",
                "presenter_name",
                "reform_content",
                "minutes",
                "count",
            )
        }
        values["is_cancelled"] = bool(data.get("is_cancelled"))
        return values

    def uploads(self) -> list[Upload]:
        files = [Upload(f.name, f.read()) for f in self.cleaned_data.get("materials") or []]
        files += [
            Upload(f.name, f.read(), photo=True) for f in self.cleaned_data.get("photos") or []
        ]
        return files

    @classmethod
    def initial_from(cls, activity: Activity) -> dict:
        return {
            "unit": activity.unit,
            "kind": activity.kind,
            "title": activity.title,
            "starts_at": activity.starts_at,
            "ends_at": activity.ends_at,
            "place": activity.place,
            "channel": activity.channel,
            "invited_units": list(activity.invited_units.all()),
            "topics": list(activity.topics.all()),
            "documents": list(activity.documents.all()),
            "presenter": activity.presenter,
            "presenter_name": activity.presenter_name,
            "reform_content": activity.reform_content,
            "count": activity.count,
            "minutes": activity.minutes,
            "is_cancelled": activity.is_cancelled,
        }


class AttendanceForm(forms.Form):
    """One radio group per person on the attendance list."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"s{row.staff_id}"] = forms.ChoiceField(
                label=row.staff.full_name,
                choices=Attendance.Status.choices,
                initial=row.status,
                widget=forms.RadioSelect,
            )

    def statuses(self) -> dict[int, str]:
        return {row.staff_id: self.cleaned_data[f"s{row.staff_id}"] for row in self.rows}

    def lines(self):
        for row in self.rows:
            yield row, self[f"s{row.staff_id}"]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Mã điểm danh"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "placeholder": "VD: K7MRQ3",
            }
        ),
    )


class DutyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, duty):
        text = duty.text if len(duty.text) <= 110 else duty.text[:107] + "…"
        return f"{duty.plan.year or ''} · {text}"


class RuleForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=None, required=False)
    duty = DutyChoiceField(label=_("Nhiệm vụ trong kế hoạch"), queryset=None, required=False)
    title = forms.CharField(label=_("Tên nghĩa vụ"), max_length=300)
    counts = forms.ChoiceField(label=_("Tính theo"), choices=ObligationRule.Counts.choices)
    period = forms.ChoiceField(label=_("Chu kỳ"), choices=ObligationRule.Period.choices)
    required = forms.IntegerField(
        label=_("Mức yêu cầu"),
        min_value=1,
        help_text=_("Số lượng tối thiểu mỗi kỳ; với cuộc thi là tỷ lệ % cán bộ tham gia."),
    )
    all_units = forms.BooleanField(label=_("Áp dụng cho mọi đơn vị"), required=False, initial=True)
    units = forms.ModelMultipleChoiceField(
        label=_("Hoặc chỉ các đơn vị"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    active_from = forms.DateField(label=_("Áp dụng từ ngày"), widget=DateInput())
    active_until = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())

    def __init__(self, *args, plans, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        for name in ("plan", "duty", "counts", "period"):
            self.fields[name].span = 2
        self.fields["duty"].queryset = Duty.objects.filter(plan__in=plans).select_related("plan")
        self.fields["units"].queryset = units

    def clean(self):
        data = super().clean()
        plan, duty = data.get("plan"), data.get("duty")
        if duty is not None and plan is None:
            data["plan"] = duty.plan
        elif duty is not None and duty.plan_id != plan.pk:
            self.add_error("duty", _("Nhiệm vụ này không thuộc kế hoạch đã chọn."))
        if not data.get("all_units") and not data.get("units"):
            self.add_error("units", _("Hãy chọn ít nhất một đơn vị, hoặc áp dụng cho mọi đơn vị."))
        if (
            data.get("counts") == ObligationRule.Counts.CONTEST_PARTICIPATION
            and (data.get("required") or 0) > 100
        ):
            self.add_error("required", _("Tỷ lệ tham gia tối đa là 100%."))
        start, until = data.get("active_from"), data.get("active_until")
        if start and until and until < start:
            self.add_error("active_until", _("Ngày kết thúc áp dụng phải sau ngày bắt đầu."))
        return data

    def values(self) -> dict:
        return {
            k: self.cleaned_data.get(k)
            for k in (
                "plan",
                "duty",
                "title",
                "counts",
                "period",
                "required",
                "all_units",
                "active_from",
                "active_until",
            )
        }

    @classmethod
    def initial_from(cls, rule: ObligationRule) -> dict:
        return {
            "plan": rule.plan,
            "duty": rule.duty,
            "title": rule.title,
            "counts": rule.counts,
            "period": rule.period,
            "required": rule.required,
            "all_units": rule.all_units,
            "units": list(rule.units.all()),
            "active_from": rule.active_from,
            "active_until": rule.active_until,
        }


class CoverageFilterForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=_("Kế hoạch"), queryset=None, required=False, empty_label=None
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Toàn cơ quan")
    )

    def __init__(self, *args, plans, units, allow_all_units=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["unit"].queryset = units
        if not allow_all_units:
            self.fields["unit"].empty_label = None
            self.fields["unit"].required = True


class ActivityFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=[("", _("Tất cả")), *Activity.Kind.choices], required=False
    )
    month = forms.DateField(
        label=_("Tháng"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
