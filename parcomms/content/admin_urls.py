from django.urls import path

from . import admin_views

app_name = "content_admin"
urlpatterns = [
    path("", admin_views.my_news_index, name="articles"),
    path("queue/", admin_views.review_queue, name="queue"),
    path("suggest/", admin_views.suggest, name="suggest"),
]
