"""readiness pages."""

from django.urls import path

from backbone.readiness import views

urlpatterns = [
    path("c/<slug:slug>/readiness/", views.round_list, name="readiness_rounds"),
    path("c/<slug:slug>/readiness/<int:number>/", views.round_report, name="readiness_report"),
]
