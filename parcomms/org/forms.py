from django import forms
from django.utils.translation import gettext_lazy as _

from .staff_file import MAX_BYTES


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (XLSX hoặc CSV)"),
        help_text=_("Các cột: Họ và tên, Đơn vị, Chức vụ, Loại, Email, Điện thoại."),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return f


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
