import logging
import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parcomms.legal.models import LegalDocument
from parcomms.vn.citations import find_citations
from parcomms.vn.dates import VnDate, format_date_long, format_place_date

from . import access, parsed
from .forms import PlanCorrectionForm, PlanUploadForm
from .models import PlanDraft
from .parsing import PlanFileError, parse_plan
from .services import correct_draft
from .sources import read_lines
from .targets import describe_target

logger = logging.getLogger(__name__)


# --- Reading plans -------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request):
    plans = (
        access.plans_for(request.user)
        .select_related("organisation")
        .annotate(
            document_count=Count("plan_documents", distinct=True),
            topic_count=Count("topics", distinct=True),
            target_count=Count("targets", distinct=True),
        )
    )
    drafts = (
        access.drafts_for(request.user).select_related("uploaded_by")
        if access.can_import(request.user)
        else PlanDraft.objects.none()
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": plans,
            "drafts": drafts.defer("data", "source_text", "parsed"),
            "can_import": access.can_import(request.user),
        },
    )


@login_required
@require_GET
def plan_detail(request, pk):
    plan = access.plan_for(request.user, pk)
    documents = plan.plan_documents.select_related("document")
    targets = list(plan.targets.all())
    for target in targets:
        target.description = describe_target(_as_parsed_target(target))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "place_date": place_date(plan.place, plan.day, plan.month, plan.year),
            "sections": _section_tree(list(plan.sections.all())),
            "documents": documents,
            "topics": plan.topics.all(),
            "targets": targets,
            "channels": _channel_groups(plan.channels.all()),
            "duties": _duty_groups(plan.duties.all()),
        },
    )


def place_date(place, day, month, year) -> str:
    """ "Ninh Thuận, ngày   tháng 02 năm 2023": blanks kept as the draft left them."""
    if not (day or month or year):
        return place or ""
    date = VnDate(day, month, year)
    if place:
        return format_place_date(place, date, blank="   ")
    return format_date_long(date, blank="   ")


def _date_parts(date: VnDate | None) -> tuple:
    return (date.day, date.month, date.year) if date else (None, None, None)


def _channel_groups(channels) -> list[dict]:
    """One sentence often names several channels ("Bảng tin, Zalo, Cổng thông tin…"): show it
    once, with its channels."""
    groups: list[dict] = []
    for channel in channels:
        if groups and groups[-1]["text"] == channel.text:
            groups[-1]["kinds"].append(channel.get_kind_display())
        else:
            groups.append({"text": channel.text, "kinds": [channel.get_kind_display()]})
    return groups


def _duty_groups(duties) -> list[dict]:
    """Consecutive duties of the same unit under one heading."""
    groups: list[dict] = []
    for duty in duties:
        if groups and groups[-1]["who"] == duty.who:
            groups[-1]["texts"].append(duty.text)
        else:
            groups.append({"who": duty.who, "texts": [duty.text]})
    return groups


def _as_parsed_target(row) -> parsed.Target:
    value = float(row.value_number) if row.value_number is not None else (row.value_text or None)
    return parsed.Target(
        indicator=row.indicator,
        kind=row.kind,
        comparison=row.comparison,
        value=value,
        unit=row.unit or None,
        text=row.text,
        scope=row.scope or None,
        rank_of=row.rank_of,
    )


@dataclass
class TreeNode:
    label: str
    title: str
    level: int
    nodes: list["TreeNode"] = field(default_factory=list)


def _section_tree(rows) -> list[TreeNode]:
    """Section rows (one query) as a tree."""
    nodes = {row.pk: TreeNode(row.label, row.title, row.level) for row in rows}
    roots = []
    for row in rows:
        parent = nodes.get(row.parent_id)
        (parent.nodes if parent else roots).append(nodes[row.pk])
    return roots


# --- Importing a plan ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    organisation = access.importing_organisation(request.user)
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "organisation": organisation,
        "drafts": access.drafts_for(request.user)
        .select_related("uploaded_by")
        .defer("data", "source_text", "parsed"),
    }
    if request.method == "GET":
        return render(request, "plans/plan_import.html", context)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            plan = parse_plan(data, upload.name)
        except PlanFileError as exc:
            logger.info("plan file %r refused: %s", upload.name, exc.log_message)
            context["file_error"] = str(exc)
        else:
            draft = PlanDraft.objects.create(
                organisation=organisation,
                uploaded_by=request.user,
                filename=upload.name,
                data=data,
                source_text=parsed_text(data),
                parsed=parsed.to_full_json(plan),
            )
            return redirect("plans:draft", draft.pk)
    return render(request, "plans/plan_import.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def draft_preview(request, pk):
    """The parsed plan beside its source; POST confirms it with the officer's corrections."""
    draft = access.draft_for(request.user, pk)
    correction = PlanCorrectionForm(draft.parsed, request.POST or None)
    if request.method == "POST":
        if correction.is_valid():
            corrected = parsed.ParsedPlan.from_json(correction.apply(draft.parsed))
            try:
                plan = draft.confirm(corrected, acting_user=request.user)
            except PlanDraft.DoesNotExist:
                messages.warning(request, _("Bản nháp này đã được xác nhận hoặc hủy."))
                return redirect("plans:list")
            messages.success(
                request,
                _("Đã lưu kế hoạch “%(title)s” với %(documents)d văn bản và %(targets)d chỉ tiêu.")
                % {
                    "title": plan.title,
                    "documents": len(corrected.citations),
                    "targets": len(corrected.targets),
                },
            )
            return redirect("plans:detail", plan.pk)
        messages.error(request, _("Chưa lưu: hãy sửa các lỗi được đánh dấu bên dưới."))
    return _render_preview(request, draft, correction)


@login_required
@require_POST
def draft_save(request, pk):
    """Keep the officer's corrections in the draft without confirming it yet."""
    draft = access.draft_for(request.user, pk)
    correction = PlanCorrectionForm(draft.parsed, request.POST)
    if not correction.is_valid():
        messages.error(request, _("Chưa lưu: hãy sửa các lỗi được đánh dấu bên dưới."))
        return _render_preview(request, draft, correction)
    try:
        correct_draft(draft, correction.apply(draft.parsed), acting_user=request.user)
    except PlanDraft.DoesNotExist:
        messages.warning(request, _("Bản nháp này đã được xác nhận hoặc hủy."))
        return redirect("plans:list")
    messages.success(request, _("Đã lưu các chỗ sửa vào bản nháp. Kế hoạch chưa được lưu."))
    return redirect("plans:draft", draft.pk)


def _render_preview(request, draft: PlanDraft, correction: PlanCorrectionForm):
    plan = parsed.ParsedPlan.from_json(draft.parsed)
    citations = _citation_rows(plan)
    _describe_target_forms(correction, plan)
    for form, row in zip(correction.documents.forms, citations, strict=False):
        form.document = row  # each document's row opens with it as parsed, linked to the registry
    return render(
        request,
        "plans/draft_preview.html",
        {
            "draft": draft,
            "plan": plan,
            "correction": correction,
            "place_date": place_date(plan.place, *_date_parts(plan.date)),
            "citations": citations,
            "source_html": highlight_source(draft.source_text, plan.targets),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def draft_discard(request, pk):
    draft = access.draft_for(request.user, pk)
    draft.delete()
    messages.success(request, _("Đã hủy bản nháp “%(name)s”.") % {"name": draft.filename})
    return redirect("plans:import")


def _citation_rows(plan: parsed.ParsedPlan) -> list[dict]:
    """The cited documents, linked to the registry where it already has them."""
    keys = [c.key for c in plan.citations]
    registry = dict(LegalDocument.objects.filter(key__in=keys).values_list("key", "pk"))
    basis = {c.key for c in plan.legal_bases}
    return [
        {"citation": c, "registry_pk": registry.get(c.key), "is_basis": c.key in basis}
        for c in plan.citations
    ]


def _describe_target_forms(correction: PlanCorrectionForm, plan: parsed.ParsedPlan) -> None:
    for form, target in zip(correction.formsets["targets"].forms, plan.targets, strict=False):
        form.description = describe_target(target)


# --- Highlighting the source text ----------------------------------------------------------


def parsed_text(data: bytes) -> str:
    """The text the parser reads: its logical lines, joined as it joins them to find citations."""
    lines, _format = read_lines(data)
    return "\n".join(line.text for line in lines)


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # "citation" | "target"
    title: str


def source_marks(text: str, targets: list[parsed.Target]) -> list[Mark]:
    """Where the citations (found as the parser finds them) and the parsed targets' clauses
    are in `text`."""
    marks = [
        Mark(*_trim(text, m.start, m.end), "citation", m.citation.key) for m in find_citations(text)
    ]
    cursor = 0
    for target in targets:
        span = _locate(text, target.text, cursor) or _locate(text, target.text, 0)
        if span is None:
            continue
        cursor = span[0]  # several targets may come from the same clause
        marks.append(Mark(*_trim(text, *span), "target", describe_target(target)))
    return marks


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _locate(text: str, clause: str, start: int) -> tuple[int, int] | None:
    """The clause in the text, allowing for line breaks where the clause has spaces."""
    words = clause.split()
    if not words:
        return None
    found = text.find(clause, start)
    if found >= 0:
        return found, found + len(clause)
    m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, start)
    return (m.start(), m.end()) if m else None


def highlight_source(text: str, targets: list[parsed.Target]) -> str:
    """The text as HTML, one <p> per line, with <mark>s; where a citation sits inside a target
    clause, the piece carries both classes."""
    marks = source_marks(text, targets)
    cuts = {m.start for m in marks} | {m.end for m in marks}
    html, line_start = [], 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        bounds = sorted({line_start, line_end} | {c for c in cuts if line_start < c < line_end})
        pieces = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            piece = escape(text[a:b])
            active = [m for m in marks if m.start <= a and b <= m.end]
            if active:
                kinds = sorted({m.kind for m in active})
                classes = " ".join(["pc-mark", *(f"pc-mark--{k}" for k in kinds)])
                title = escape(" · ".join(dict.fromkeys(m.title for m in active)))
                piece = f'<mark class="{classes}" title="{title}">{piece}</mark>'
            pieces.append(piece)
        html.append(f'<p class="pc-line">{"".join(pieces)}</p>')
        line_start = line_end + 1
    return mark_safe("".join(html))  # noqa: S308 - every piece of text is escaped above
