"""Stub: replaced by the real pages."""

from django.http import Http404


def meeting_list(request, *args, **kwargs):
    raise Http404


def meeting_create(request, *args, **kwargs):
    raise Http404


def meeting_detail(request, *args, **kwargs):
    raise Http404


def meeting_edit(request, *args, **kwargs):
    raise Http404


def meeting_invite(request, *args, **kwargs):
    raise Http404


def item_add(request, *args, **kwargs):
    raise Http404


def item_status(request, *args, **kwargs):
    raise Http404


def meeting_reply(request, *args, **kwargs):
    raise Http404


def attendance_record(request, *args, **kwargs):
    raise Http404


def minutes_circulate(request, *args, **kwargs):
    raise Http404


def minutes_approve(request, *args, **kwargs):
    raise Http404


def minutes_comment(request, *args, **kwargs):
    raise Http404


def turn_request(request, *args, **kwargs):
    raise Http404


def turn_step(request, *args, **kwargs):
    raise Http404


def decision_propose(request, *args, **kwargs):
    raise Http404


def decision_list(request, *args, **kwargs):
    raise Http404


def decision_propose_async(request, *args, **kwargs):
    raise Http404


def decision_detail(request, *args, **kwargs):
    raise Http404


def vote_cast(request, *args, **kwargs):
    raise Http404


def decision_close(request, *args, **kwargs):
    raise Http404


def ratification_record(request, *args, **kwargs):
    raise Http404


def decision_export(request, *args, **kwargs):
    raise Http404


def action_list(request, *args, **kwargs):
    raise Http404


def action_create(request, *args, **kwargs):
    raise Http404


def action_status(request, *args, **kwargs):
    raise Http404


def attendance_reply(request, *args, **kwargs):
    raise Http404


def calendar_settings(request, *args, **kwargs):
    raise Http404


def feed_person(request, *args, **kwargs):
    raise Http404


def feed_collective(request, *args, **kwargs):
    raise Http404


def feed_body(request, *args, **kwargs):
    raise Http404
