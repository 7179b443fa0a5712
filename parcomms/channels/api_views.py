"""The read-only JSON API the provincial portal pulls articles from (described in openapi.py).

Every article endpoint needs ``Authorization: Bearer <token>``; a token reads the published
articles of its own organisation only (another organisation's article is a 404, as if it did
not exist). Errors are JSON ``{"error": "<Vietnamese message>"}``.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.cache import never_cache

from parcomms.content.models import ArticlePage

from . import openapi, tokens
from .portal import article_queryset, serialise_article

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
JSON_OPTIONS = {"ensure_ascii": False}


def error(status: int, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status, json_dumps_params=JSON_OPTIONS)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def unauthorised(message: str) -> JsonResponse:
    return error(401, message, WWW_Authenticate='Bearer realm="parcomms"')


def read_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return error(405, "API chỉ cho phép đọc (GET).", Allow="GET, HEAD")
        return view(request, *args, **kwargs)

    return wrapper


def token_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        raw = tokens.parse_authorization(request.headers.get("Authorization"))
        if raw is None:
            return unauthorised("Thiếu khóa truy cập: gửi tiêu đề Authorization: Bearer <khóa>.")
        token = tokens.authenticate(raw)
        if token is None:
            return unauthorised("Khóa truy cập không hợp lệ hoặc đã bị thu hồi.")
        request.api_token = token
        return view(request, *args, **kwargs)

    return wrapper


def published_articles(organisation):
    return article_queryset(ArticlePage.objects.published().of_organisation(organisation)).order_by(
        "-first_published_at", "-pk"
    )


class BadParameter(ValueError):
    pass


def parse_since(value: str) -> dt.datetime:
    """ISO 8601 date or date-time; a time without an offset is Vietnam time."""
    value = value.strip()
    moment = None
    try:
        moment = parse_datetime(value.replace(" ", "+")) if "T" in value else None
        if moment is None:
            day = parse_date(value)
            if day is not None:
                moment = dt.datetime.combine(day, dt.time())
    except ValueError:
        moment = None
    if moment is None:
        raise BadParameter(
            f"Tham số since không hợp lệ: “{value}”. Dùng dạng 2025-12-01 hoặc 2025-12-01T08:00:00+07:00."
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_positive_int(name: str, value: str, *, maximum: int | None = None) -> int:
    if not value.isdigit() or int(value) < 1:
        raise BadParameter(f"Tham số {name} phải là số nguyên dương, nhận được “{value}”.")
    number = int(value)
    if maximum is not None and number > maximum:
        raise BadParameter(f"Tham số {name} tối đa là {maximum}.")
    return number


def _page_link(request, page_number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page_number)
    return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.lists()), True)


@never_cache
@read_only
@token_required
def article_list(request):
    articles = published_articles(request.api_token.organisation)
    try:
        if request.GET.get("since"):
            articles = articles.filter(last_published_at__gte=parse_since(request.GET["since"]))
        if request.GET.get("topic"):
            articles = articles.filter(topics__pk=parse_positive_int("topic", request.GET["topic"]))
        page_size = parse_positive_int(
            "page_size", request.GET.get("page_size", str(DEFAULT_PAGE_SIZE)), maximum=MAX_PAGE_SIZE
        )
        page_number = parse_positive_int("page", request.GET.get("page", "1"))
    except BadParameter as exc:
        return error(400, str(exc))
    paginator = Paginator(articles, page_size)
    try:
        page = paginator.page(page_number)  # page 1 exists (empty) when there are no articles
    except EmptyPage:
        return error(404, f"Không có trang {page_number}.")
    results = [serialise_article(a, request) for a in page.object_list]
    return JsonResponse(
        {
            "count": paginator.count,
            "page": page_number,
            "page_size": page_size,
            "next": _page_link(request, page_number + 1) if page.has_next() else None,
            "previous": _page_link(request, page_number - 1) if page.has_previous() else None,
            "results": results,
        },
        json_dumps_params=JSON_OPTIONS,
    )


@never_cache
@read_only
@token_required
def article_detail(request, pk: int):
    article = published_articles(request.api_token.organisation).filter(pk=pk).first()
    if article is None:
        return error(404, "Không tìm thấy tin, bài.")
    return JsonResponse(serialise_article(article, request), json_dumps_params=JSON_OPTIONS)


@read_only
def openapi_document(request):
    return JsonResponse(
        openapi.document(server_url=request.build_absolute_uri("/api/v1")),
        json_dumps_params=JSON_OPTIONS,
    )
