"""agenda pages."""

from django.urls import path

from backbone.agenda import views

urlpatterns = [
    path("c/<slug:slug>/agenda/", views.agenda_detail, name="agenda_detail"),
    path("c/<slug:slug>/agenda/edit/", views.agenda_edit, name="agenda_edit"),
    path("c/<slug:slug>/agenda/export.json", views.agenda_export, name="agenda_export"),
]
