"""Admin pages for articles: the reviewers' queue, the content-area suggestions (JSON) and a
shortcut to the organisation's news section in the page explorer."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from parcomms.org.access import organisation_of
from parcomms.org.roles import has_role

from .access import QUEUE_ROLES
from .models import NewsIndexPage
from .suggest import SuggestionModel
from .workflows import waiting_states

SUGGEST_MAX_CHARS = 50_000


def waiting_days(started_at: datetime, now: datetime) -> int:
    """Whole days an item has waited (Vietnam time, calendar days are not what counts)."""
    return max(0, (now - started_at).days)


def waiting_label(days: int) -> str:
    if days == 0:
        return _("chờ dưới 1 ngày")
    return ngettext("chờ %(n)d ngày", "chờ %(n)d ngày", days) % {"n": days}


def _require_reviewer(user):
    staff = getattr(user, "staff", None)
    if not (has_role(user, *QUEUE_ROLES) or (staff is not None and staff.is_unit_head)):
        raise PermissionDenied


@login_required
@require_GET
def review_queue(request):
    _require_reviewer(request.user)
    now = timezone.now()
    flag_days = settings.ARTICLE_REVIEW_FLAG_DAYS
    rows = []
    for state, article in waiting_states(request.user):
        days = waiting_days(state.started_at, now)
        rows.append(
            {
                "state": state,
                "article": article,
                "step": state.task.name,
                "authors": ", ".join(a.full_name for a in article.authors.all()),
                "requested_by": state.workflow_state.requested_by,
                "days": days,
                "waiting": waiting_label(days),
                "overdue": days > flag_days,
            }
        )
    return render(
        request,
        "content/admin/queue.html",
        {
            "rows": rows,
            "flag_days": flag_days,
            "overdue_count": sum(r["overdue"] for r in rows),
        },
    )


@login_required
@require_POST
def suggest(request):
    """Content areas for the text being written: JSON for the editor's suggestion panel."""
    organisation = organisation_of(request.user)
    from parcomms.plans.models import Plan

    plan = (
        Plan.objects.filter(organisation=organisation, topics__isnull=False)
        .order_by("-year", "-pk")
        .distinct()
        .first()
    )
    text = " \n".join(
        strip_tags(request.POST.get(field, ""))[:SUGGEST_MAX_CHARS]
        for field in ("title", "summary", "body")
    )
    if plan is None:
        return JsonResponse(
            {"suggestions": [], "message": _("Cơ quan chưa có kế hoạch với nội dung tuyên truyền.")}
        )
    topics = list(plan.topics.all())
    if not text.strip():
        return JsonResponse(
            {"suggestions": [], "message": _("Hãy viết tiêu đề, tóm tắt hoặc nội dung trước.")}
        )
    by_label = {t.label: t for t in topics}
    model = SuggestionModel.build((t.label, t.title, t.items) for t in topics)
    suggestions = [
        {
            "id": by_label[s.label].pk,
            "label": s.label,
            "title": s.title,
            "score": s.score,
            "terms": s.terms,
        }
        for s in model.suggest(text)
    ]
    message = "" if suggestions else _("Chưa tìm thấy nội dung tuyên truyền phù hợp.")
    return JsonResponse({"suggestions": suggestions, "message": message, "plan": str(plan)})


@login_required
@require_GET
def my_news_index(request):
    """The organisation's news section in Wagtail's page explorer."""
    organisation = organisation_of(request.user)
    index = NewsIndexPage.objects.filter(organisation=organisation).first()
    if index is None:
        from .services import ensure_news_index

        index = ensure_news_index(organisation)
    return redirect("wagtailadmin_explore", index.pk)
