from django.urls import path

from . import admin_views as views

app_name = "contests_admin"
urlpatterns = [
    path("questions/", views.question_list, name="questions"),
    path("questions/new/", views.question_create, name="question_create"),
    path("questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("questions/import/", views.question_import, name="question_import"),
    path("questions/export.xlsx", views.question_export, name="question_export"),
    path("questions/template.xlsx", views.question_template, name="question_template"),
    path("", views.contest_list, name="contests"),
    path("new/", views.contest_create, name="contest_create"),
    path("<int:pk>/", views.contest_detail, name="contest"),
    path("<int:pk>/edit/", views.contest_edit, name="contest_edit"),
    path("<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("<int:pk>/units/<int:unit_pk>/", views.unit_participants, name="unit_participants"),
    path(
        "<int:pk>/entrants/<int:entrant_pk>/certificate.pdf",
        views.entrant_certificate,
        name="entrant_certificate",
    ),
    path("rounds/<int:pk>/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/questions/", views.round_questions, name="round_questions"),
    path("rounds/<int:pk>/compute/", views.round_compute, name="round_compute"),
    path("rounds/<int:pk>/results/", views.round_results, name="round_results"),
    path("awareness/", views.study_list, name="studies"),
    path("awareness/new/", views.study_create, name="study_create"),
    path("awareness/<int:pk>/", views.study_report, name="study"),
]
