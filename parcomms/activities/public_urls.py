"""Public (non-admin) addresses: self check-in from a phone, and the units' calendar feeds."""

from django.urls import path

from . import views

app_name = "activities_public"
urlpatterns = [
    path("diem-danh/", views.checkin, name="checkin"),
    path("diem-danh/<str:code>/", views.checkin, name="checkin_code"),
    path("lich/<str:token>.ics", views.ics_feed, name="ics"),
]
