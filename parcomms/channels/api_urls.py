"""Public (non-admin) URLs included at /api/ by parcomms/urls.py: the portal API, and the
digest's unsubscribe link (no login; the signed token in the address is the permission)."""

from django.urls import path

from . import api_views, views

app_name = "api"
urlpatterns = [
    path("v1/articles/", api_views.article_list, name="articles"),
    path("v1/articles/<int:pk>/", api_views.article_detail, name="article"),
    path("v1/openapi.json", api_views.openapi_document, name="openapi"),
    path("ban-tin/huy-nhan/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
]
