"""What the worker does for meetings on each turn (registered as a sweep of backbone.events):
close decisions whose time is up, approve minutes whose comment period passed, and remind
owners of overdue actions and bodies of decisions due for review — each reminder once for
the date it is about, in the reader's language (the events' deliveries)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from backbone.communication import attachments
from backbone.events.services import record, register_sweep
from backbone.meetings import calendar, services
from backbone.meetings.models import ActionItem, ActionStatus, Decision, DecisionStatus


def remind_overdue(today: dt.date | None = None, limit: int = 200) -> int:
    """Each open action past its due date, once per due date: a new due date may be reminded
    again. The claim (``reminded_for``) and the event are one transaction, so a worker killed
    half-way leaves either both or neither."""
    today = today or timezone.localdate()
    due = ActionItem.objects.filter(status=ActionStatus.OPEN, due__lt=today).filter(
        Q(reminded_for__isnull=True) | ~Q(reminded_for=F("due"))
    )
    done = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            action = (
                ActionItem.objects.select_for_update(of=("self",))
                .select_related("owner__user", "owner_organization", "collective")
                .filter(pk=pk, status=ActionStatus.OPEN, due__lt=today)
                .first()
            )
            if action is None or action.reminded_for == action.due:
                continue
            # A bookkeeping date, not a change to the action: no history row for it.
            ActionItem.objects.filter(pk=action.pk).update(reminded_for=action.due)
            audience = [action.owner.user] if action.owner and action.owner.user_id else []
            if not audience:
                from backbone.accounts.selectors import staff_of

                audience = staff_of(action.collective)
            record(
                "action.overdue",
                collective=action.collective,
                target=action,
                audience=audience,
                message=gettext_noop("An action was due on %(due)s and is still open: %(action)s"),
                params={"due": action.due.isoformat(), "action": action.title},
                url=reverse("action_list", kwargs={"slug": action.collective.slug}),
            )
            done += 1
    return done


def remind_reviews(today: dt.date | None = None, limit: int = 100) -> int:
    """A decision whose review date has come is brought back to its body, once."""
    today = today or timezone.localdate()
    due = Decision.objects.filter(
        status=DecisionStatus.CLOSED, review_on__lte=today, reviewed_reminded_on__isnull=True
    )
    done = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            decision = (
                Decision.objects.select_for_update(of=("self",))
                .select_related("body", "collective")
                .filter(pk=pk, reviewed_reminded_on__isnull=True)
                .first()
            )
            if decision is None:
                continue
            Decision.objects.filter(pk=decision.pk).update(reviewed_reminded_on=today)
            from backbone.meetings.services import _members

            record(
                "decision.review_due",
                collective=decision.collective,
                target=decision,
                audience=[s.person.user for s in _members([decision.body]) if s.person.user_id],
                message=gettext_noop("A decision of “%(body)s” is due for review: %(motion)s"),
                params={"body": decision.body.name, "motion": decision.motion[:200]},
                url=services.decision_url(decision),
            )
            done += 1
    return done


def sweep() -> int:
    return (
        services.close_due_decisions()
        + services.approve_due_minutes()
        + remind_overdue()
        + remind_reviews()
    )


register_sweep(sweep)
attachments.register("meeting.ics", calendar.meeting_ics)
