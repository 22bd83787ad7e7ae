"""activities (3W) pages."""

from django.urls import path

from backbone.activities.views import analysis, editing, importing, records, vocabulary

urlpatterns = [
    path("c/<slug:slug>/activities/", records.activity_list, name="activity_list"),
    path("c/<slug:slug>/activities/new/", editing.activity_create, name="activity_create"),
    path("c/<slug:slug>/activities/<int:pk>/", records.activity_detail, name="activity_detail"),
    path("c/<slug:slug>/activities/<int:pk>/edit/", editing.activity_edit, name="activity_edit"),
    path(
        "c/<slug:slug>/activities/<int:pk>/comment/",
        records.activity_comment,
        name="activity_comment",
    ),
    path(
        "c/<slug:slug>/activities/<int:pk>/progress/",
        records.progress_report,
        name="activity_progress_report",
    ),
    path(
        "c/<slug:slug>/activities/progress/<int:pk>/review/",
        records.progress_review,
        name="activity_progress_review",
    ),
    path("c/<slug:slug>/activities/import/", importing.activity_import, name="activity_import"),
    path(
        "c/<slug:slug>/activities/import/<str:token>/columns/",
        importing.activity_import_mapped,
        name="activity_import_mapped",
    ),
    path("c/<slug:slug>/activities/matrix/", analysis.matrix, name="activity_matrix"),
    path("c/<slug:slug>/activities/map/", analysis.activity_map, name="activity_map"),
    path("c/<slug:slug>/activities/gaps/", analysis.gaps, name="activity_gaps"),
    path("c/<slug:slug>/activities/overlaps/", analysis.overlaps, name="activity_overlaps"),
    path(
        "c/<slug:slug>/activities/overlaps/review/",
        analysis.overlap_review,
        name="activity_overlap_review",
    ),
    path(
        "c/<slug:slug>/activities/vocabulary/",
        vocabulary.vocabulary,
        name="activity_vocabulary",
    ),
    path(
        "c/<slug:slug>/activities/complementarity/",
        analysis.complementarity,
        name="activity_complementarity",
    ),
]
