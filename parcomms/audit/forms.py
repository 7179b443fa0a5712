from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("Người thực hiện"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, units, organisation_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        users = get_user_model().objects.filter(staff__isnull=False)
        if organisation_ids is not None:
            users = users.filter(staff__organisation_id__in=organisation_ids)
        self.fields["actor"].queryset = users.select_related("staff").order_by("staff__sort_key")
        self.fields["actor"].label_from_instance = lambda u: u.staff.full_name

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
