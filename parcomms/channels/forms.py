import json

from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry
from .models import Delivery


class DeliveryFilterForm(forms.Form):
    channel = forms.ChoiceField(label=_("Kênh"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + list(Delivery.Status.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("Tất cả"))] + [
            (p.code, p.label) for p in registry.all()
        ]

    def filter(self, deliveries):
        if self.cleaned_data.get("channel"):
            deliveries = deliveries.filter(channel=self.cleaned_data["channel"])
        if self.cleaned_data.get("status"):
            deliveries = deliveries.filter(status=self.cleaned_data["status"])
        return deliveries


class RetryForm(forms.Form):
    confirm_unsent = forms.BooleanField(
        label=_("Tôi đã kiểm tra trên kênh: tin chưa được gửi"), required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500)


class ZaloAccountForm(forms.Form):
    oa_id = forms.CharField(label=_("Mã OA (OA ID)"), max_length=64, required=False)
    app_id = forms.RegexField(
        label=_("Mã ứng dụng (App ID)"),
        regex=r"^\d{5,30}$",
        error_messages={"invalid": _("App ID là dãy chữ số do Zalo cấp.")},
    )
    app_secret = forms.CharField(
        label=_("Khóa bí mật ứng dụng"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Để trống để giữ khóa đã lưu (hoặc dùng biến môi trường ZALO_APP_SECRET). "
            "Khóa không bao giờ được hiển thị lại."
        ),
    )
    refresh_token = forms.CharField(
        label=_("Refresh token"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Chỉ nhập khi kết nối thủ công; thông thường dùng nút “Kết nối với Zalo”. "
            "Để trống để giữ token đã lưu."
        ),
    )
    broadcast_target = forms.CharField(
        label=_("Đối tượng nhận tin (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'Để trống để gửi tới mọi người quan tâm OA. Ví dụ: {"cities": "4"} '
            "(mã theo tài liệu Zalo)."
        ),
    )
    is_active = forms.BooleanField(label=_("Đang sử dụng"), required=False, initial=True)

    def clean_broadcast_target(self):
        text = self.cleaned_data["broadcast_target"].strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("Không phải JSON hợp lệ.")) from None
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str | int) for k, v in value.items()
        ):
            raise forms.ValidationError(
                _('Cần một đối tượng JSON gồm các cặp tên – giá trị, ví dụ {"cities": "4"}.')
            )
        return {k: str(v) for k, v in value.items()}
