from django.urls import path

from backbone.measurement import population_views, views

urlpatterns = [
    path("c/<slug:slug>/indicators/", views.dashboard, name="measurement_dashboard"),
    path("c/<slug:slug>/completeness/", views.completeness, name="completeness"),
    path("c/<slug:slug>/population/", population_views.population, name="population"),
    path("c/<slug:slug>/indicators/new/", views.indicator_create, name="indicator_create"),
    path(
        "c/<slug:slug>/indicators/<slug:code>/definition/",
        views.indicator_redefine,
        name="indicator_redefine",
    ),
    path("c/<slug:slug>/indicators/<slug:code>/targets/", views.target_set, name="target_set"),
    path("c/<slug:slug>/indicators/<slug:code>/", views.indicator_detail, name="indicator_detail"),
    path(
        "c/<slug:slug>/indicators/<slug:code>/adjustments/",
        views.adjustment_add,
        name="adjustment_add",
    ),
    path("c/<slug:slug>/indicators/<slug:code>/equity/", views.equity, name="indicator_equity"),
    path("c/<slug:slug>/submissions/", views.submission_list, name="submission_list"),
    path("c/<slug:slug>/submissions/new/", views.submission_grid, name="submission_grid"),
    path("c/<slug:slug>/submissions/upload/", views.submission_upload, name="submission_upload"),
    path(
        "c/<slug:slug>/submissions/upload/<str:token>/columns/",
        views.submission_upload_mapped,
        name="submission_upload_mapped",
    ),
    path("c/<slug:slug>/submissions/template/", views.template_download, name="template_download"),
    path(
        "c/<slug:slug>/submissions/rejected/<str:token>/",
        views.rejected_errors,
        name="rejected_errors",
    ),
    path("c/<slug:slug>/values/<int:pk>/history/", views.value_history, name="value_history"),
    path("c/<slug:slug>/submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path(
        "c/<slug:slug>/submissions/<int:pk>/<str:verb>/",
        views.submission_action,
        name="submission_action",
    ),
]
