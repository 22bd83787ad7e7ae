"""agenda pages."""

from django.urls import path

from backbone.agenda.views import document, editor, export

urlpatterns = [
    path("c/<slug:slug>/agenda/", document.agenda_detail, name="agenda_detail"),
    path("c/<slug:slug>/agenda/edit/", editor.agenda_edit, name="agenda_edit"),
    path(
        "c/<slug:slug>/agenda/draft/discard/",
        editor.agenda_draft_discard,
        name="agenda_draft_discard",
    ),
    path("c/<slug:slug>/agenda/export.json", document.agenda_export, name="agenda_export"),
    path("c/<slug:slug>/agenda/export.pdf", export.agenda_export_pdf, name="agenda_export_pdf"),
    path("c/<slug:slug>/agenda/export.docx", export.agenda_export_docx, name="agenda_export_docx"),
]
