from django.urls import path

from backbone.webhooks import views

urlpatterns = [
    path("c/<slug:slug>/webhooks/", views.webhook_list, name="webhooks"),
    path("c/<slug:slug>/webhooks/add/", views.webhook_add, name="webhook_add"),
    path(
        "c/<slug:slug>/webhooks/<int:pk>/disable/",
        views.webhook_disable_view,
        name="webhook_disable",
    ),
    path(
        "c/<slug:slug>/webhooks/<int:pk>/enable/", views.webhook_enable_view, name="webhook_enable"
    ),
    path(
        "c/<slug:slug>/webhooks/<int:pk>/secret/", views.webhook_secret_view, name="webhook_secret"
    ),
    path(
        "c/<slug:slug>/webhooks/deliveries/<int:pk>/send-again/",
        views.delivery_send_again_view,
        name="webhook_delivery_send_again",
    ),
]
