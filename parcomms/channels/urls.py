from django.urls import path

from . import views

app_name = "channels"
urlpatterns = [
    path("deliveries/", views.delivery_list, name="delivery_list"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
    path("deliveries/<int:pk>/cancel/", views.delivery_cancel, name="delivery_cancel"),
    path("zalo/", views.zalo_settings, name="zalo_settings"),
    path("zalo/connect/", views.zalo_connect, name="zalo_connect"),
    path("zalo/callback/", views.zalo_callback, name="zalo_callback"),
]
