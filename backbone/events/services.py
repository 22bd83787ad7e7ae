"""Record what happened; hand it to subscribers after commit; the worker's sweep.

A service calls `record(...)` inside its own transaction. The event and the task that
dispatches it are rows of that transaction: both exist after commit, neither after a
rollback, so nothing is ever sent for a change that did not happen. The worker dispatches
each event once (under a lock, marking it dispatched in the same transaction as the
subscribers' own writes) and runs the registered sweeps, which deliver what subscribers
queued. This module knows no domain model: apps subscribe to it, it imports none of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from backbone.events.models import Event

logger = logging.getLogger(__name__)

_subscribers: list[Callable[[Event], None]] = []
_sweeps: list[Callable[[], int]] = []


def subscribe(handler: Callable[[Event], None]) -> None:
    """``handler(event)`` runs in the dispatching transaction, once per event."""
    if handler not in _subscribers:
        _subscribers.append(handler)


def register_sweep(sweep: Callable[[], int]) -> None:
    """``sweep()`` runs after each dispatch and on every turn of the worker; it returns how
    much it did (0 when idle) and must be safe to run from several workers at once."""
    if sweep not in _sweeps:
        _sweeps.append(sweep)


def record(
    kind: str,
    *,
    actor=None,
    collective=None,
    target=None,
    audience: Iterable = (),
    message: str = "",
    params: dict[str, Any] | None = None,
    url: str = "",
    subject: str = "",
    addresses: Iterable[dict[str, str]] = (),
    secret: Iterable[str] = (),
    attachments: Iterable[dict[str, Any]] = (),
) -> Event:
    """Record an event in the caller's transaction and queue its dispatch.

    ``audience`` are the users to tell; ``message`` is an English sentence marked with
    ``gettext_noop`` whose ``%(name)s`` places ``params`` fill (plain JSON; a translated name
    as ``{"en": …, "uk": …}``), written out in each reader's language when delivered.
    ``addresses`` are e-mail addresses without an account, each with the language to write in.
    ``secret`` names params (an invitation's link) that are blanked once every delivery is sent.
    ``attachments`` name files an e-mail carries, built when it is sent by the builder an app
    registered under ``kind`` (backbone.communication.attachments): ``{"kind": …, "pk": …}``.
    """
    from backbone.events.tasks import dispatch_event

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "events.record() belongs inside the transaction of the change it reports"
        )
    people = sorted({user.pk for user in audience if user is not None and user.pk})
    event = Event.objects.create(
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        collective=collective,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        data={
            "message": message,
            "params": params or {},
            "url": url,
            "subject": subject,
            "audience": people,
            "addresses": list(addresses),
            "secret": list(secret),
            "attachments": list(attachments),
        },
    )
    dispatch_event.enqueue(event.pk)
    return event


def dispatch(event_id: int) -> bool:
    """Hand one event to every subscriber; False when it was already dispatched."""
    with transaction.atomic():
        event = (
            Event.objects.select_for_update()
            .filter(pk=event_id, dispatched_at__isnull=True)
            .first()
        )
        if event is None:
            return False
        for handler in _subscribers:
            handler(event)
        event.dispatched_at = timezone.now()
        event.save(update_fields=["dispatched_at"])
    return True


def sweep(limit: int = 500) -> int:
    """Dispatch the events no task has (a task lost with a killed worker, say), then run every
    registered sweep. Returns how much was done."""
    done = 0
    pending = Event.objects.filter(dispatched_at__isnull=True).order_by("pk")
    for event_id in pending.values_list("pk", flat=True)[:limit]:
        done += dispatch(event_id)
    for run in _sweeps:
        try:
            done += run()
        except Exception:  # one failing sweep must not stop the others or the worker
            logger.exception("sweep %s failed", getattr(run, "__name__", run))
    return done


def run_ready_tasks(limit: int = 100) -> int:
    """Run the queued tasks in this process, as the worker would (for the demo's build and
    tests, where no worker runs). Returns how many ran."""
    from django_tasks_db.models import DBTaskResult

    ran = 0
    for result in DBTaskResult.objects.ready().order_by("enqueued_at")[:limit]:
        result.claim("in-process")
        task = result.task
        try:
            value = task.call(*result.task_result.args, **result.task_result.kwargs)
        except Exception as error:  # recorded on the task, as the worker does
            result.set_failed(error)
        else:
            result.set_successful(value)
        ran += 1
    return ran


def drain(turns: int = 100) -> int:
    """Run what is queued and sweep until nothing is left (at most ``turns`` times), in this
    process: what `backbone worker --until-idle` does, for the demo's build and for tests."""
    done = 0
    for _turn in range(turns):
        step = run_ready_tasks() + sweep()
        if not step:
            break
        done += step
    return done
