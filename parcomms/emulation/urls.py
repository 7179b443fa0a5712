from django.urls import path

from . import views

app_name = "emulation"
urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("periods/create/", views.period_create, name="period_create"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/reopen/", views.period_reopen, name="period_reopen"),
    path("periods/<int:pk>/units/<int:unit_pk>/", views.unit_detail, name="unit_detail"),
    path(
        "periods/<int:pk>/units/<int:unit_pk>/self-score/<slug:code>/",
        views.self_score,
        name="self_score",
    ),
    path("periods/<int:pk>/appraise/<int:score_pk>/", views.appraisal, name="appraise"),
    path("periods/<int:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("periods/<int:pk>/export.docx", views.export_docx, name="export_docx"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("criteria/", views.criteria_edit, name="criteria"),
]
