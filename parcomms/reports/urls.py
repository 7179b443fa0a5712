from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("create/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/review/", views.report_review, name="review"),
    path("<int:pk>/sign/", views.report_sign, name="sign"),
    path("<int:pk>/new-version/", views.report_new_version, name="new_version"),
    path("<int:pk>/send/", views.report_send, name="send"),
    path("<int:pk>/download/<str:fmt>/", views.report_download, name="download"),
]
