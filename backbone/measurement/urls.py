from django.urls import path
from django.views.generic import RedirectView

from backbone.measurement.views import (
    definitions,
    equity,
    exports,
    grid,
    indicators,
    populations,
    submissions,
    templates,
    upload,
    upload_job,
)

urlpatterns = [
    path("c/<slug:slug>/indicators/", indicators.dashboard, name="measurement_dashboard"),
    path("c/<slug:slug>/export/", exports.export, name="measurement_export"),
    path("c/<slug:slug>/completeness/", equity.completeness, name="completeness"),
    path("c/<slug:slug>/population/", populations.population, name="population"),
    path("c/<slug:slug>/indicators/new/", definitions.indicator_create, name="indicator_create"),
    path(
        "c/<slug:slug>/indicators/<slug:code>/definition/",
        definitions.indicator_redefine,
        name="indicator_redefine",
    ),
    path(
        "c/<slug:slug>/indicators/<slug:code>/definitions/",
        definitions.definition_versions,
        name="definition_versions",
    ),
    # Where targets were set before "goals" were renamed targets: old links keep working.
    path(
        "c/<slug:slug>/indicators/<slug:code>/goals/",
        RedirectView.as_view(pattern_name="target_set", permanent=True),
    ),
    path(
        "c/<slug:slug>/indicators/<slug:code>/targets/", definitions.target_set, name="target_set"
    ),
    path(
        "c/<slug:slug>/indicators/<slug:code>/",
        indicators.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "c/<slug:slug>/indicators/<slug:code>/adjustments/",
        definitions.adjustment_add,
        name="adjustment_add",
    ),
    path("c/<slug:slug>/indicators/<slug:code>/equity/", equity.equity, name="indicator_equity"),
    path("c/<slug:slug>/submissions/", submissions.submission_list, name="submission_list"),
    path("c/<slug:slug>/submissions/new/", grid.submission_grid, name="submission_grid"),
    path("c/<slug:slug>/submissions/upload/", upload.submission_upload, name="submission_upload"),
    path(
        "c/<slug:slug>/submissions/upload/<str:token>/columns/",
        upload.submission_upload_mapped,
        name="submission_upload_mapped",
    ),
    path(
        "c/<slug:slug>/submissions/upload/jobs/<int:pk>/",
        upload_job.submission_upload_job,
        name="submission_upload_job",
    ),
    path(
        "c/<slug:slug>/submissions/template/", templates.template_download, name="template_download"
    ),
    path(
        "c/<slug:slug>/submissions/rejected/<str:token>/",
        upload.rejected_errors,
        name="rejected_errors",
    ),
    path("c/<slug:slug>/values/<int:pk>/history/", submissions.value_history, name="value_history"),
    path(
        "c/<slug:slug>/submissions/<int:pk>/",
        submissions.submission_detail,
        name="submission_detail",
    ),
    path(
        "c/<slug:slug>/submissions/<int:pk>/<str:verb>/",
        submissions.submission_action,
        name="submission_action",
    ),
]
