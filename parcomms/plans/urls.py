from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("import/", views.plan_import, name="import"),
    path("import/<int:pk>/", views.draft_preview, name="draft"),
    path("import/<int:pk>/save/", views.draft_save, name="draft_save"),
    path("import/<int:pk>/discard/", views.draft_discard, name="draft_discard"),
]
