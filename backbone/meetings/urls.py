"""Meetings, decisions, action items and calendar feeds."""

from django.urls import path

from backbone.meetings import views

urlpatterns = [
    path("c/<slug:slug>/meetings/", views.meeting_list, name="meeting_list"),
    path("c/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("c/<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("c/<slug:slug>/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("c/<slug:slug>/meetings/<int:pk>/invite/", views.meeting_invite, name="meeting_invite"),
    path("c/<slug:slug>/meetings/<int:pk>/items/", views.item_add, name="item_add"),
    path(
        "c/<slug:slug>/meetings/<int:pk>/items/<int:item_pk>/status/",
        views.item_status,
        name="item_status",
    ),
    path("c/<slug:slug>/meetings/<int:pk>/reply/", views.meeting_reply, name="meeting_reply"),
    path(
        "c/<slug:slug>/meetings/<int:pk>/attendance/",
        views.attendance_record,
        name="attendance_record",
    ),
    path(
        "c/<slug:slug>/meetings/<int:pk>/minutes/",
        views.minutes_circulate,
        name="minutes_circulate",
    ),
    path(
        "c/<slug:slug>/meetings/<int:pk>/minutes/approve/",
        views.minutes_approve,
        name="minutes_approve",
    ),
    path(
        "c/<slug:slug>/meetings/<int:pk>/minutes/comment/",
        views.minutes_comment,
        name="minutes_comment",
    ),
    path("c/<slug:slug>/meetings/<int:pk>/speakers/", views.turn_request, name="turn_request"),
    path(
        "c/<slug:slug>/meetings/<int:pk>/speakers/<int:turn_pk>/<str:step>/",
        views.turn_step,
        name="turn_step",
    ),
    path(
        "c/<slug:slug>/meetings/<int:pk>/decide/", views.decision_propose, name="decision_propose"
    ),
    path("c/<slug:slug>/decisions/", views.decision_list, name="decision_list"),
    path(
        "c/<slug:slug>/decisions/new/", views.decision_propose_async, name="decision_propose_async"
    ),
    path("c/<slug:slug>/decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("c/<slug:slug>/decisions/<int:pk>/vote/", views.vote_cast, name="vote_cast"),
    path("c/<slug:slug>/decisions/<int:pk>/close/", views.decision_close, name="decision_close"),
    path(
        "c/<slug:slug>/decisions/<int:pk>/ratify/<int:ratification_pk>/",
        views.ratification_record,
        name="ratification_record",
    ),
    path("c/<slug:slug>/decisions/export.<str:fmt>", views.decision_export, name="decision_export"),
    path("c/<slug:slug>/actions/", views.action_list, name="action_list"),
    path("c/<slug:slug>/actions/new/", views.action_create, name="action_create"),
    path("c/<slug:slug>/actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("meetings/reply/<str:token>/", views.attendance_reply, name="attendance_reply"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>/me.ics", views.feed_person, name="feed_person"),
    path("calendar/<str:token>/c/<slug:slug>.ics", views.feed_collective, name="feed_collective"),
    path(
        "calendar/<str:token>/c/<slug:slug>/bodies/<int:pk>.ics",
        views.feed_body,
        name="feed_body",
    ),
]
