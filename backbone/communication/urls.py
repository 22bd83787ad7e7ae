from django.urls import path

from backbone.communication import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("c/<slug:slug>/deliveries/", views.delivery_list, name="deliveries"),
    path(
        "c/<slug:slug>/deliveries/<int:pk>/send-again/",
        views.delivery_send_again_view,
        name="delivery_send_again",
    ),
]
