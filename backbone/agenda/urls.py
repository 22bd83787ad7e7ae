"""agenda pages."""

from django.urls import path

from backbone.agenda.views import adoption, document, editor, export, strengths

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
    path("c/<slug:slug>/agenda/adopt/", adoption.agenda_adopt, name="agenda_adopt"),
    path("c/<slug:slug>/agenda/strengths/", strengths.strengths, name="agenda_strengths"),
    path(
        "c/<slug:slug>/agenda/strengths/kinds/",
        strengths.strength_kind_add,
        name="agenda_strength_kind_add",
    ),
    path(
        "c/<slug:slug>/agenda/strengths/<int:pk>/",
        strengths.strengths_edit,
        name="agenda_strengths_edit",
    ),
]
