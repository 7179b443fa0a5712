"""Public contest pages (included at /cuoc-thi/ by parcomms/urls.py)."""

from django.urls import path

from . import public_views as views

app_name = "contests"
urlpatterns = [
    path("", views.contest_list, name="list"),
    path("bai/<str:token>/", views.attempt_page, name="attempt"),
    path("bai/<str:token>/nop/", views.submit, name="submit"),
    path("bai/<str:token>/con-lai/", views.attempt_remaining, name="remaining"),
    path("bai/<str:token>/ket-qua/", views.result, name="result"),
    path("<slug:slug>/", views.contest_detail, name="detail"),
    path("<slug:slug>/dang-ky/", views.register, name="register"),
    path("<slug:slug>/xac-minh/", views.verify, name="verify"),
    path("<slug:slug>/vong/<int:number>/bat-dau/", views.start, name="start"),
    path("<slug:slug>/vong/<int:number>/xep-hang/", views.leaderboard, name="leaderboard"),
    path("<slug:slug>/xep-hang/", views.overall, name="overall"),
    path("<slug:slug>/giay-chung-nhan.pdf", views.certificate, name="certificate"),
]
