"""Admin URLs (under /admin/publishing/) for the portal API tokens and webhook, the e-mail
digests and the printed bulletin."""

from django.urls import path

from . import admin_views as views

app_name = "publishing"
urlpatterns = [
    path("portal/", views.portal, name="portal"),
    path("portal/tokens/new/", views.token_create, name="token_create"),
    path("portal/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("portal/webhook/", views.endpoint_save, name="endpoint_save"),
    path("digests/", views.digest_list, name="digest_list"),
    path("digests/new/", views.digest_create, name="digest_create"),
    path("digests/<int:pk>/", views.digest_edit, name="digest_edit"),
    path("digests/<int:pk>/send/", views.digest_send_now, name="digest_send"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("bulletin/pdf/", views.bulletin_pdf_view, name="bulletin_pdf"),
    path("bulletin/post/", views.bulletin_post, name="bulletin_post"),
]
