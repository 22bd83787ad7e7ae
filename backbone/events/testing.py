"""For tests: do in-process what the worker would do next; and, for the tests that run the
worker as a process, a migrated SQLite database to copy and a way to run code beside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from backbone.events.services import drain


def run_worker(turns: int = 10) -> int:
    """Dispatch every recorded event and deliver what is due, as `backbone worker
    --until-idle` would. Returns how much was done."""
    return drain(turns)


CLI = [sys.executable, "-m", "backbone.cli"]


def migrated_sqlite(directory: Path) -> Path:
    """A migrated, empty SQLite database in ``directory``, to copy for each test (migrating
    takes most of a worker test's time: build it once per module)."""
    path = directory / "template.sqlite3"
    env = {**os.environ, "BACKBONE_DEMO": "1", "DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run([*CLI, "migrate", "-v0"], env=env, check=True, timeout=300)  # noqa: S603 — our CLI
    return path


def sqlite_copy(template: Path, directory: Path) -> str:
    """A fresh copy of ``template`` in ``directory``, as a DATABASE_URL."""
    copy = directory / "worker.sqlite3"
    shutil.copyfile(template, copy)
    return f"sqlite:///{copy}"


def run_python(env: dict, code: str) -> str:
    """Run ``code`` with Django set up in a child process with ``env``; its standard output."""
    script = f"import django; django.setup()\n{code}"
    done = subprocess.run(  # noqa: S603 — the test's own code
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class SlowFileBackend:
    """An e-mail backend for the worker tests: one file per message, named by its delivery,
    then a pause (BACKBONE_TEST_MAIL_DELAY seconds) while the "server" answers — the moment a
    killed worker has sent a message but not yet marked it sent."""

    def __init__(self, *args, fail_silently=False, **kwargs):
        from django.conf import settings

        self.directory = Path(settings.EMAIL_FILE_PATH)
        self.delay = float(os.environ.get("BACKBONE_TEST_MAIL_DELAY", "0.2"))

    def send_messages(self, messages) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        for message in messages:
            name = f"{message.extra_headers['X-Backbone-Delivery']}-{uuid.uuid4().hex}.eml"
            (self.directory / name).write_bytes(message.message().as_bytes())
            time.sleep(self.delay)
        return len(messages)
