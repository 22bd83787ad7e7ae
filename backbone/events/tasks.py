"""Background tasks (django-tasks, stored by its database backend, run by `backbone worker`)."""

from __future__ import annotations

from django_tasks import task

from backbone.events import services


@task()
def dispatch_event(event_id: int) -> bool:
    dispatched = services.dispatch(event_id)
    services.sweep()
    return dispatched


@task()
def run_job(job_id: int) -> None:
    from backbone.events import jobs

    jobs.run(job_id)
