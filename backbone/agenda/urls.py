"""agenda pages."""

from django.urls import path

from backbone.agenda.views import document

urlpatterns = [
    path("c/<slug:slug>/agenda/", document.agenda_detail, name="agenda_detail"),
    path("c/<slug:slug>/agenda/edit/", document.agenda_edit, name="agenda_edit"),
    path("c/<slug:slug>/agenda/export.json", document.agenda_export, name="agenda_export"),
]
