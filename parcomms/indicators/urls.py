from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("targets/", views.target_list, name="targets"),
    path("targets/<int:pk>/assess/", views.target_assess, name="assess"),
    path("results/add/", views.result_add, name="result_add"),
    path("results/<int:pk>/", views.result_edit, name="result_edit"),
    path("results/<int:pk>/delete/", views.result_delete, name="result_delete"),
    path("results/import/", views.result_import, name="import"),
    path("results/template.xlsx", views.result_template, name="template"),
    path("<str:code>/", views.indicator_detail, name="detail"),
]
