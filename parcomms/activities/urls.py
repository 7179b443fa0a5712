from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/attendance/", views.activity_attendance, name="attendance"),
    path("<int:pk>/qr.svg", views.activity_qr, name="qr"),
    path("<int:pk>/files/<int:file_pk>/", views.activity_file, name="file"),
    path("obligations/", views.obligation_overview, name="obligations"),
    path("obligations/unit/<int:pk>/", views.unit_obligations, name="unit_obligations"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("coverage/", views.coverage, name="coverage"),
    path("calendar/unit/<int:pk>/", views.unit_calendar, name="calendar"),
]
