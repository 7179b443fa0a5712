"""The article editor in the Wagtail admin: the form (choices scoped to the author's
organisation, sensible defaults) and the content-area suggestion panel."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel

from parcomms.org.roles import Role, has_role

CHANNEL_CHOICES = [
    ("portal", _("Cổng thông tin điện tử")),
    ("zalo", _("Zalo OA")),
    ("email", _("Thư điện tử")),
    ("bulletin", _("Bảng tin")),
]


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, topic):
        year = f" ({topic.plan.year})" if topic.plan.year else ""
        return f"{topic.label}) {topic.title}{year}"


class ArticlePageForm(WagtailAdminPageForm):
    channels = forms.MultipleChoiceField(
        label=_("Kênh đăng tải"),
        choices=CHANNEL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from parcomms.org.models import Staff, Unit
        from parcomms.plans.models import Topic

        organisation_id = self.instance.organisation_id
        if organisation_id is None and self.parent_page is not None:
            organisation_id = getattr(self.parent_page.specific, "organisation_id", None)
        self.organisation_id = organisation_id
        if "unit" in self.fields:
            self.fields["unit"].queryset = Unit.objects.filter(organisation_id=organisation_id)
        if "authors" in self.fields:
            self.fields["authors"].queryset = Staff.objects.filter(
                organisation_id=organisation_id, is_active=True
            ).select_related("unit")
            self.fields["authors"].help_text = _(
                "Mặc định là người soạn; thêm đồng tác giả nếu có."
            )
        if "topics" in self.fields:
            old = self.fields["topics"]
            self.fields["topics"] = TopicChoiceField(
                queryset=Topic.objects.filter(plan__organisation_id=organisation_id)
                .select_related("plan")
                .order_by("-plan__year", "plan_id", "order"),
                required=False,
                label=old.label,
                widget=forms.CheckboxSelectMultiple(attrs={"data-topic-choices": ""}),
                help_text=_("Chọn nội dung tuyên truyền của kế hoạch; xem gợi ý phía trên."),
            )
        me = getattr(self.for_user, "staff", None) if self.for_user else None
        if self.instance.pk is None and me is not None and me.organisation_id == organisation_id:
            # A new page's initial data already holds empty values for these fields.
            if not self.initial.get("authors"):
                self.initial["authors"] = [me.pk]
            if not self.initial.get("unit"):
                self.initial["unit"] = me.unit_id
            if not self.initial.get("channels"):
                self.initial["channels"] = ["portal"]
        elif self.instance.pk is not None:
            self.initial["channels"] = list(self.instance.channels or [])

    def clean(self):
        cleaned = super().clean()
        authors = cleaned.get("authors")
        unit = cleaned.get("unit")
        user = self.for_user
        if authors:
            if unit is not None and unit.pk not in {a.unit_id for a in authors}:
                self.add_error(
                    "unit", _("Đơn vị tác giả phải là đơn vị của một trong các tác giả.")
                )
            # Writing a new article in someone else's name is for editors only. Editing is
            # already limited to authors, editors and the current reviewer (access.py).
            me = getattr(user, "staff", None) if user else None
            may_write_for_others = self.instance.pk is not None or (
                user is not None and (user.is_superuser or has_role(user, Role.EDITOR))
            )
            if not may_write_for_others and (me is None or me not in authors):
                self.add_error("authors", _("Bạn phải là một trong các tác giả của tin, bài này."))
        return cleaned


class TopicSuggestionPanel(Panel):
    """Lists the content areas the text suggests, with the matched words as the reason;
    "Chọn" ticks the area in the list below. Nothing is ticked without the author."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "content/admin/topic_suggestions.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["suggest_url"] = reverse("content_admin:suggest")
            context["organisation_id"] = getattr(self.form, "organisation_id", None)
            return context

    @property
    def clean_name(self):
        return super().clean_name or "topic_suggestions"
