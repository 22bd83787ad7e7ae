"""readiness pages."""

from django.urls import path

from backbone.readiness.views import answer, exports, instruments, recommendations, rounds

urlpatterns = [
    path("c/<slug:slug>/readiness/", rounds.round_list, name="readiness_rounds"),
    path("c/<slug:slug>/readiness/<int:number>/", rounds.round_report, name="readiness_report"),
    path(
        "c/<slug:slug>/readiness/instruments/",
        instruments.instrument_list,
        name="readiness_instruments",
    ),
    path(
        "c/<slug:slug>/readiness/instruments/copy/",
        instruments.instrument_copy,
        name="readiness_instrument_copy",
    ),
    path(
        "c/<slug:slug>/readiness/instruments/<int:pk>/",
        instruments.instrument_detail,
        name="readiness_instrument",
    ),
    path(
        "c/<slug:slug>/readiness/instruments/<int:pk>/edit/",
        instruments.instrument_edit,
        name="readiness_instrument_edit",
    ),
    path("c/<slug:slug>/readiness/open/", answer.round_open, name="readiness_round_open"),
    path(
        "c/<slug:slug>/readiness/<int:number>/answer/",
        answer.round_answer,
        name="readiness_answer",
    ),
    path(
        "c/<slug:slug>/readiness/<int:number>/invite/",
        answer.round_invite,
        name="readiness_invite",
    ),
    path(
        "c/<slug:slug>/readiness/<int:number>/close/",
        answer.round_close,
        name="readiness_round_close",
    ),
    path(
        "c/<slug:slug>/readiness/<int:number>/report.pdf",
        exports.report_pdf,
        name="readiness_report_pdf",
    ),
    path(
        "c/<slug:slug>/readiness/<int:number>/answers.<str:fmt>",
        exports.answers_export,
        name="readiness_answers_export",
    ),
    path("c/<slug:slug>/readiness/compare/", rounds.compare, name="readiness_compare"),
    path(
        "c/<slug:slug>/readiness/instruments/<int:pk>/recommendations/",
        recommendations.recommendation_list,
        name="readiness_recommendations",
    ),
    path(
        "c/<slug:slug>/readiness/instruments/<int:pk>/recommendations/new/",
        recommendations.recommendation_edit,
        name="readiness_recommendation_add",
    ),
    path(
        "c/<slug:slug>/readiness/instruments/<int:pk>/recommendations/<int:rule>/",
        recommendations.recommendation_edit,
        name="readiness_recommendation_edit",
    ),
    path(
        "c/<slug:slug>/readiness/instruments/<int:pk>/recommendations/<int:rule>/delete/",
        recommendations.recommendation_delete,
        name="readiness_recommendation_delete",
    ),
    path("readiness/answer/<str:token>/", answer.answer_invited, name="readiness_answer_invited"),
]
