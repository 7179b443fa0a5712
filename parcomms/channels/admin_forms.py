"""Forms of the portal, digest and bulletin admin pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parcomms.org.models import Unit

from .bulletin import LAYOUTS
from .models import DigestSubscription


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Ví dụ: Cổng thông tin điện tử tỉnh Ninh Thuận."),
    )


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Địa chỉ nhận (webhook)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Cổng thông tin cung cấp; mỗi bài mới đăng được gửi tới đây (POST JSON)."),
    )
    is_active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)
    new_secret = forms.BooleanField(
        label=_("Tạo khóa ký mới"),
        required=False,
        help_text=_("Khóa cũ hết hiệu lực ngay; cổng thông tin phải cập nhật khóa mới."),
    )


class DigestForm(forms.Form):
    name = forms.CharField(label=_("Tên bản tin"), max_length=150)
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị nhận"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Hãy chọn ít nhất một đơn vị nhận bản tin.")},
    )
    include_subunits = forms.BooleanField(
        label=_("Gồm cả đơn vị trực thuộc"), required=False, initial=True
    )
    weekday = forms.TypedChoiceField(
        label=_("Ngày gửi trong tuần"),
        coerce=int,
        choices=DigestSubscription._meta.get_field("weekday").choices,
        initial=0,
    )
    hour = forms.IntegerField(label=_("Giờ gửi"), min_value=0, max_value=23, initial=7)
    is_active = forms.BooleanField(label=_("Đang gửi"), required=False, initial=True)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(organisation=organisation)


class BulletinForm(forms.Form):
    size = forms.ChoiceField(
        label=_("Khổ giấy"), choices=[(s, s) for s in LAYOUTS], initial="A4", required=False
    )

    def clean_size(self):
        return self.cleaned_data.get("size") or "A4"
