"""The portal API, included at /api/ by parcomms/urls.py."""

from django.urls import path

from . import api_views

app_name = "api"
urlpatterns = [
    path("v1/articles/", api_views.article_list, name="articles"),
    path("v1/articles/<int:pk>/", api_views.article_detail, name="article"),
    path("v1/openapi.json", api_views.openapi_document, name="openapi"),
]
