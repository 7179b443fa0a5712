from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from parcomms.plans.models import Plan, PlanDocument

from .models import LegalDocument

PAGE_SIZE = 25


class RegistryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("ví dụ: nghi quyet 76"), "type": "search"}),
    )
    type = forms.ChoiceField(label=_("Loại văn bản"), required=False)
    system = forms.ChoiceField(
        label=_("Hệ thống"),
        required=False,
        choices=[("", _("Tất cả")), *LegalDocument.System.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = LegalDocument.objects.order_by("type_name").values_list("type_name", flat=True)
        self.fields["type"].choices = [("", _("Tất cả")), *((t, t) for t in types.distinct())]

    def filter(self, documents):
        data = self.cleaned_data
        if data["q"]:
            documents = documents.search(data["q"])
            numbers = [w for w in data["q"].replace("/", " ").split() if w.isdigit()]
            if numbers:
                # "76" names a document number: those documents come first.
                documents = documents.annotate(
                    exact=Case(
                        When(number__in=numbers, then=Value(0)),
                        default=Value(1),
                        output_field=IntegerField(),
                    )
                ).order_by("exact", *LegalDocument._meta.ordering)
        if data["type"]:
            documents = documents.filter(type_name=data["type"])
        if data["system"]:
            documents = documents.filter(system=data["system"])
        return documents


def _citing_plans(user):
    """The plans citing a document, limited to those the user may read."""
    return Prefetch(
        "plan_documents",
        queryset=PlanDocument.objects.filter(plan__in=Plan.objects.visible_to(user))
        .select_related("plan")
        .order_by("-plan__year", "plan__title"),
        to_attr="visible_citations",
    )


@login_required
@require_GET
def document_list(request):
    form = RegistryFilterForm(request.GET or None)
    documents = LegalDocument.objects.all()
    if form.is_valid():
        documents = form.filter(documents)
    page = Paginator(documents.prefetch_related(_citing_plans(request.user)), PAGE_SIZE).get_page(
        request.GET.get("p")
    )
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "legal/document_list.html",
        {"form": form, "page": page, "total": page.paginator.count, "query": query.urlencode()},
    )


@login_required
@require_GET
def document_detail(request, pk):
    document = get_object_or_404(
        LegalDocument.objects.prefetch_related(_citing_plans(request.user)), pk=pk
    )
    return render(request, "legal/document_detail.html", {"document": document})
