from django import forms
from django.utils.translation import gettext_lazy as _


class DashboardFilter(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    unit = forms.IntegerField(label=_("Đơn vị"), min_value=1, required=False)
