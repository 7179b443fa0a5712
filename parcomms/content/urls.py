"""Public news URLs (Vietnamese paths). Wagtail serves the page tree itself ("/<section>/<slug>/"),
included last in parcomms/urls.py; see parcomms/content/public.py for the layout."""

from django.urls import path

from . import feeds, public

app_name = "news"
urlpatterns = [
    path("chu-de/<slug:org_slug>/<str:label>/", public.topic, name="topic"),
    path("chu-de/<slug:org_slug>/<str:label>/rss/", feeds.area_rss, name="topic_rss"),
    path("chu-de/<slug:org_slug>/<str:label>/atom/", feeds.area_atom, name="topic_atom"),
    path("luu-tru/", public.archive, name="archive"),
    path("luu-tru/<int:year>/<int:month>/", public.archive_month, name="archive_month"),
    path("tim-kiem/", public.search, name="search"),
    path("in/<int:pk>/", public.print_article, name="print"),
    path("van-ban/<int:pk>/", public.legal_document, name="document"),
    path("rss/", feeds.latest_rss, name="rss"),
    path("atom/", feeds.latest_atom, name="atom"),
]
