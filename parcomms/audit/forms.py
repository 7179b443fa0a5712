import datetime as dt
import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from parcomms.vn.dates import format_date_short, parse_date

DMY_RE = re.compile(r"^\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}$")
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class VnDateField(forms.DateField):
    """A day written as Vietnamese write it, dd/mm/yyyy, in a plain text box: a browser's
    date picker shows mm/dd/yyyy when its language is English."""

    widget = forms.TextInput(attrs={"placeholder": _("ngày/tháng/năm"), "size": 10})
    default_error_messages = {
        "invalid": _("Ngày không hợp lệ; hãy viết theo dạng ngày/tháng/năm, ví dụ 05/02/2024.")
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        written = parse_date(text) if DMY_RE.match(text) else None
        day = written.to_date() if written else None
        if day is None and ISO_RE.match(text):
            # Links saved before the text boxes carry yyyy-mm-dd.
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                day = None
        if day is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day

    def prepare_value(self, value):
        return format_date_short(value) if isinstance(value, dt.date) else value


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Người thực hiện"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    date_from = VnDateField(label=_("Từ ngày"), required=False)
    date_to = VnDateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args, units, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        users = get_user_model().objects.filter(staff__isnull=False)
        if organisation_ids is not None:
            users = users.filter(staff__organisation_id__in=organisation_ids)
        self.fields["actor"].queryset = users.select_related("staff").order_by("staff__sort_key")
        self.fields["actor"].label_from_instance = lambda u: u.staff.full_name

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
        return data

    def filter(self, entries):
        data = self.cleaned_data
        if data.get("actor"):
            entries = entries.filter(actor=data["actor"])
        if data.get("unit"):
            entries = entries.filter(unit=data["unit"])
        if data.get("date_from"):
            entries = entries.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(at__date__lte=data["date_to"])
        return entries
