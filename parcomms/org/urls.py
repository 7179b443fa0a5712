from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/template.xlsx", views.staff_template, name="staff_template"),
    path("units/", views.unit_list, name="unit_list"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications_read"),
]
