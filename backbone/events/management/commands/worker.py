"""`backbone worker`: runs queued background tasks and delivers what events left to send.

Each turn runs every ready task (django-tasks' database backend), then sweeps: events no task
dispatched, deliveries due (retries included), claims left by a worker that died. SIGTERM or
Ctrl-C finishes the task at hand and stops.
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from backbone.events import services


class Command(BaseCommand):
    help = "Run background tasks and deliver notifications and e-mail."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when there is nothing to do (default 1).",
        )
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="Do everything that is due, then exit (for cron and tests).",
        )

    def handle(self, *args, interval: float = 1.0, until_idle: bool = False, **options):
        self.stopping = False
        self.tasks = None
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        worker_id = get_random_string(32)
        if options["verbosity"] > 0:
            self.stdout.write(f"Backbone worker {worker_id[:8]} started.")
            self.stdout.flush()
        while not self.stopping:
            close_old_connections()
            self.tasks = Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            )
            self.tasks.run()
            done = services.sweep()
            if until_idle and not done:
                break
            if not done:
                time.sleep(interval)
        if options["verbosity"] > 0:
            self.stdout.write("Backbone worker stopped.")

    def _stop(self, signum, frame) -> None:
        self.stopping = True
        if self.tasks is not None:
            self.tasks.running = False  # the task at hand finishes; no next one starts
