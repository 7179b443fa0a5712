from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from parcomms.channels.views import digest_unsubscribe
from parcomms.content.public import home as news_home

urlpatterns = [
    path("", news_home, name="home"),
    path("", include("parcomms.content.urls")),
    path("", include("parcomms.activities.public_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("api/", include("parcomms.channels.api_urls")),
    path("cuoc-thi/", include("parcomms.contests.urls")),
    path("documents/", include(wagtaildocs_urls)),
    # The digest's unsubscribe link: no login, the signed token in the address is the permission.
    path("ban-tin/huy-nhan/<str:token>/", digest_unsubscribe, name="digest_unsubscribe"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves the news pages ("/<section>/<article>/"); it matches any path, so it is last.
urlpatterns += [path("", include(wagtail_urls))]
