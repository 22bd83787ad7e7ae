"""phases pages."""

from django.urls import path

from backbone.phases import views

urlpatterns = [
    path("c/<slug:slug>/phases/", views.phases, name="phases"),
    path("c/<slug:slug>/phases/tick/", views.milestone_tick, name="milestone_tick"),
    path(
        "c/<slug:slug>/phases/ticks/<int:pk>/untick/",
        views.milestone_untick,
        name="milestone_untick",
    ),
    path("c/<slug:slug>/phases/move/", views.phase_move, name="phase_move"),
]
