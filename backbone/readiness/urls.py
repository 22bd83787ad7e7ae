"""readiness pages."""

from django.urls import path

from backbone.readiness.views import rounds

urlpatterns = [
    path("c/<slug:slug>/readiness/", rounds.round_list, name="readiness_rounds"),
    path("c/<slug:slug>/readiness/<int:number>/", rounds.round_report, name="readiness_report"),
]
