"""Admin pages: API tokens and the webhook (portal), e-mail digests, the printed bulletin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import admin_access as access
from .admin_forms import BulletinForm, DigestForm, EndpointForm, TokenCreateForm
from .bulletin import BulletinError
from .digest import (
    DigestError,
    create_subscription,
    recipients,
    send_digest_now,
    update_subscription,
)
from .models import ApiToken, DigestSubscription, PortalEndpoint
from .noticeboard import bulletin_pdf, record_posting
from .portal import EndpointError, save_endpoint
from .services import DeliveryRefused
from .tokens import TokenError, create_token, revoke_token

# --- portal: tokens and webhook ---------------------------------------------------------------


def _portal_page(request, organisation, *, status=200, **context):
    endpoint = PortalEndpoint.objects.filter(organisation=organisation).first()
    context.setdefault("token_form", TokenCreateForm())
    context.setdefault(
        "endpoint_form",
        EndpointForm(
            initial={"url": endpoint.url, "is_active": endpoint.is_active} if endpoint else None
        ),
    )
    tokens = ApiToken.objects.visible_to(request.user).select_related("created_by__staff")
    return render(
        request,
        "channels/api_portal.html",
        {
            "organisation": organisation,
            "tokens": tokens,
            "endpoint": endpoint,
            "api_url": request.build_absolute_uri("/api/v1/articles/"),
            "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
            **context,
        },
        status=status,
    )


@login_required
@require_GET
def portal(request):
    return _portal_page(request, access.portal_organisation(request.user))


@login_required
@require_POST
def token_create(request):
    organisation = access.portal_organisation(request.user)
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _portal_page(request, organisation, status=400, token_form=form)
    try:
        token, raw = create_token(
            organisation=organisation, name=form.cleaned_data["name"], acting_user=request.user
        )
    except TokenError as exc:
        form.add_error("name", str(exc))
        return _portal_page(request, organisation, status=400, token_form=form)
    # Shown in this response only; never stored, never put in a redirect or the session.
    response = _portal_page(request, organisation, new_token=raw, new_token_row=token)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = access.token_for(request.user, pk)
    try:
        revoke_token(token, acting_user=request.user)
    except TokenError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
    return redirect("publishing:portal")


@login_required
@require_POST
def endpoint_save(request):
    organisation = access.portal_organisation(request.user)
    form = EndpointForm(request.POST)
    if not form.is_valid():
        return _portal_page(request, organisation, status=400, endpoint_form=form)
    try:
        endpoint, secret = save_endpoint(
            organisation=organisation,
            url=form.cleaned_data["url"],
            is_active=form.cleaned_data["is_active"],
            new_secret=form.cleaned_data["new_secret"],
            acting_user=request.user,
        )
    except EndpointError as exc:
        form.add_error("url", str(exc))
        return _portal_page(request, organisation, status=400, endpoint_form=form)
    if secret:
        response = _portal_page(request, organisation, new_secret=secret)
        response["Cache-Control"] = "no-store"
        return response
    messages.success(request, _("Đã lưu địa chỉ đẩy tin."))
    return redirect("publishing:portal")


# --- e-mail digests ---------------------------------------------------------------------------


@login_required
@require_GET
def digest_list(request):
    access.digest_organisation(request.user)
    subscriptions = (
        DigestSubscription.objects.visible_to(request.user)
        .prefetch_related("units")
        .order_by("name", "pk")
    )
    return render(request, "channels/digest_list.html", {"subscriptions": subscriptions})


def _digest_values(form):
    data = form.cleaned_data
    return {
        "name": data["name"],
        "units": list(data["units"]),
        "weekday": data["weekday"],
        "hour": data["hour"],
        "include_subunits": data["include_subunits"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def digest_create(request):
    organisation = access.digest_organisation(request.user)
    form = DigestForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            subscription = create_subscription(
                organisation=organisation, acting_user=request.user, **_digest_values(form)
            )
        except DigestError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo bản tin “%(name)s”.") % {"name": subscription.name})
            return redirect("publishing:digest_edit", subscription.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "channels/digest_form.html", {"form": form, "subscription": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def digest_edit(request, pk):
    subscription = access.subscription_for(request.user, pk)
    initial = {
        "name": subscription.name,
        "units": list(subscription.units.all()),
        "weekday": subscription.weekday,
        "hour": subscription.hour,
        "include_subunits": subscription.include_subunits,
        "is_active": subscription.is_active,
    }
    form = DigestForm(request.POST or None, initial=initial, organisation=subscription.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            update_subscription(
                subscription,
                is_active=form.cleaned_data["is_active"],
                acting_user=request.user,
                **_digest_values(form),
            )
        except DigestError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu bản tin."))
            return redirect("publishing:digest_edit", subscription.pk)
    status = 400 if request.method == "POST" else 200
    runs = subscription.runs.order_by("-created_at", "-pk")[:10]
    return render(
        request,
        "channels/digest_form.html",
        {
            "form": form,
            "subscription": subscription,
            "runs": runs,
            "recipient_count": len(recipients(subscription)),
        },
        status=status,
    )


@login_required
@require_POST
def digest_send_now(request, pk):
    subscription = access.subscription_for(request.user, pk)
    send_digest_now.enqueue(subscription.pk, request.user.pk)
    messages.success(
        request,
        _("Đã yêu cầu gửi bản tin. Các tin, bài mới sẽ được gửi trong ít phút."),
    )
    return redirect("publishing:digest_edit", subscription.pk)


# --- the printed bulletin ---------------------------------------------------------------------


@login_required
@require_GET
def bulletin(request):
    articles = (
        access.bulletin_articles_for(request.user)
        .select_related("unit")
        .order_by("-first_published_at", "-pk")[:100]
    )
    return render(
        request, "channels/bulletin_choose.html", {"articles": articles, "form": BulletinForm()}
    )


def _pdf_response(request, *, record: bool):
    organisation = access.bulletin_organisation(request.user)
    data = request.POST if request.method == "POST" else request.GET
    articles = access.bulletin_selection(request.user, data.getlist("article"))
    form = BulletinForm(data)
    error = None
    if not articles:
        error = _("Hãy chọn ít nhất một tin, bài.")
    elif not form.is_valid():
        error = _("Khổ giấy không hợp lệ. Chọn A4 hoặc A3.")
    if error:
        messages.error(request, error)
        return redirect("publishing:bulletin")
    size = form.cleaned_data["size"]
    try:
        pdf = bulletin_pdf(organisation, articles, size=size)
    except BulletinError as exc:
        messages.error(request, str(exc))
        return redirect("publishing:bulletin")
    if record:
        try:
            record_posting(articles, organisation=organisation, size=size, acting_user=request.user)
        except DeliveryRefused as exc:
            messages.error(request, str(exc))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"bang-tin-{timezone.localdate():%Y-%m-%d}-{size.lower()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def bulletin_pdf_view(request):
    """The PDF of the chosen articles (reading only; POST is the choice form's submit)."""
    return _pdf_response(request, record=False)


@login_required
@require_POST
def bulletin_post(request):
    """The PDF, and a record that it goes on the notice board (a "bulletin" delivery each)."""
    return _pdf_response(request, record=True)
