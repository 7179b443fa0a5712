import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, services
from .forms import CancelForm, DeliveryFilterForm, RetryForm, ZaloAccountForm
from .models import Delivery


def _back_to_list(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return HttpResponseRedirect(target)
    return redirect("channels:delivery_list")


@login_required
@require_GET
def delivery_list(request):
    deliveries = access.deliveries_for(request.user)
    form = DeliveryFilterForm(request.GET or None)
    if form.is_valid():
        deliveries = form.filter(deliveries)
    counts = dict(
        access.deliveries_for(request.user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    page = Paginator(
        deliveries.select_related("article", "organisation").order_by("-created_at", "-pk"), 50
    ).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "channels/delivery_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "status_counts": [(s.label, s.value, counts.get(s.value, 0)) for s in Delivery.Status],
            "unconfirmed": Delivery.Failure.UNCONFIRMED,
        },
    )


@login_required
@require_POST
def delivery_retry(request, pk):
    delivery = access.delivery_for(request.user, pk)
    form = RetryForm(request.POST)
    form.is_valid()
    try:
        services.retry_delivery(
            delivery,
            acting_user=request.user,
            confirm_unsent=form.cleaned_data.get("confirm_unsent", False),
        )
    except services.DeliveryRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Đã xếp lịch gửi lại “%(title)s”.") % {"title": delivery.article.title}
        )
    return _back_to_list(request)


@login_required
@require_POST
def delivery_cancel(request, pk):
    delivery = access.delivery_for(request.user, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Lý do hủy quá dài (tối đa 500 ký tự)."))
        return _back_to_list(request)
    try:
        services.cancel_delivery(
            delivery, acting_user=request.user, reason=form.cleaned_data["reason"]
        )
    except services.DeliveryRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Đã hủy lượt đăng tải “%(title)s”.") % {"title": delivery.article.title}
        )
    return _back_to_list(request)


@login_required
@require_http_methods(["GET", "POST"])
def zalo_settings(request):
    organisation = access.zalo_organisation(request.user)
    account = access.zalo_account_for(request.user)
    initial = {"is_active": True}
    if account is not None:
        initial = {
            "oa_id": account.oa_id,
            "app_id": account.app_id,
            "is_active": account.is_active,
            "broadcast_target": (
                json.dumps(account.broadcast_target, ensure_ascii=False)
                if account.broadcast_target
                else ""
            ),
        }
    form = ZaloAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_zalo_account(
            organisation,
            acting_user=request.user,
            oa_id=data["oa_id"].strip(),
            app_id=data["app_id"],
            app_secret=data["app_secret"],
            refresh_token=data["refresh_token"].strip(),
            broadcast_target=data["broadcast_target"],
            is_active=data["is_active"],
        )
        messages.success(request, _("Đã lưu cài đặt Zalo OA."))
        return redirect("channels:zalo_settings")
    context = {"form": form, "account": account, "organisation": organisation}
    return render(
        request,
        "channels/zalo_settings.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def zalo_connect(request):
    account = access.zalo_account_for(request.user)
    if account is None or not account.app_id:
        messages.error(request, _("Hãy lưu App ID trước khi kết nối với Zalo."))
        return redirect("channels:zalo_settings")
    url = services.start_zalo_connection(
        account,
        acting_user=request.user,
        redirect_uri=request.build_absolute_uri(reverse("channels:zalo_callback")),
    )
    return HttpResponseRedirect(url)


@login_required
@require_GET
def zalo_callback(request):
    account = access.zalo_account_for(request.user)
    code, state = request.GET.get("code", ""), request.GET.get("state", "")
    if account is None or not code or not state:
        messages.error(request, _("Thiếu thông tin kết nối từ Zalo. Hãy thử lại."))
        return redirect("channels:zalo_settings")
    try:
        services.complete_zalo_connection(
            account,
            acting_user=request.user,
            code=code,
            state=state,
            oa_id=request.GET.get("oa_id", ""),
        )
    except services.DeliveryRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã kết nối Zalo OA."))
    return redirect("channels:zalo_settings")


# --- the digest's unsubscribe link (public, no login) ------------------------------------------


@csrf_exempt  # mail providers' one-click POST (RFC 8058) has no CSRF token; the token is the key
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe(request, token):
    """GET shows the choice and changes nothing; POST unsubscribes (a form button, or the
    mail program's `List-Unsubscribe=One-Click`), or resubscribes with action=resubscribe."""
    from . import digest

    try:
        subscription, email = digest.read_unsubscribe_token(token)
    except digest.DigestError as exc:
        response = render(
            request, "channels/digest_unsubscribe.html", {"error": str(exc)}, status=400
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    done = ""
    if request.method == "POST":
        action = request.POST.get("action", "unsubscribe")
        if action == "resubscribe":
            digest.resubscribe(subscription, email)
            done = "resubscribed"
        elif action == "unsubscribe":
            digest.unsubscribe(subscription, email)
            done = "unsubscribed"
        else:
            response = render(
                request,
                "channels/digest_unsubscribe.html",
                {"error": _("Yêu cầu không hợp lệ. Hãy bấm một trong các nút trên trang.")},
                status=400,
            )
            response["X-Robots-Tag"] = "noindex"
            return response
    response = render(
        request,
        "channels/digest_unsubscribe.html",
        {
            "subscription": subscription,
            "organisation": subscription.organisation,
            "email": email,
            "unsubscribed": digest.is_unsubscribed(subscription, email),
            "done": done,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
