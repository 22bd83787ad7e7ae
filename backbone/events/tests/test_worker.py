"""`backbone worker` as a process: killed with SIGKILL mid-batch and restarted, it sends no
e-mail twice, and every e-mail is sent or shown to staff as uncertain."""

import json
import os
import select
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from backbone.events.testing import CLI, migrated_sqlite, run_python, sqlite_copy

pytestmark = pytest.mark.served

EVENTS = 12

SETUP = """
from django.db import transaction
from backbone.accounts.models import User
from backbone.events.services import record
people = [User.objects.create(username=f"p{{i}}", email=f"p{{i}}@example.org") for i in range(3)]
for n in range({events}):
    with transaction.atomic():
        record("test.happened", audience=people, message="Event %(n)s.", params={{"n": n}})
"""

STATE = """
import json
from backbone.communication.models import Delivery, Notification
print(json.dumps({
    "email": dict(Delivery.objects.filter(channel="email").values_list("pk", "status")),
    "app": list(Delivery.objects.filter(channel="app").values_list("status", flat=True)),
    "notifications": Notification.objects.count(),
}))
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    return migrated_sqlite(tmp_path_factory.mktemp("worker"))


def _sent_files(mail: Path) -> Counter:
    return Counter(int(path.name.split("-")[0]) for path in mail.glob("*.eml"))


def test_a_killed_worker_restarted_sends_nothing_twice(migrated, tmp_path):
    mail = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "BACKBONE_DEMO": "1",
        "DATABASE_URL": sqlite_copy(migrated, tmp_path),
        "EMAIL_BACKEND": "backbone.events.testing.SlowFileBackend",
        "EMAIL_FILE_PATH": str(mail),
        "BACKBONE_TEST_MAIL_DELAY": "0.15",
    }
    run_python(env, SETUP.format(events=EVENTS))

    worker = subprocess.Popen([*CLI, "worker", "--interval", "0.1", "-v0"], env=env)
    deadline = time.monotonic() + 60
    while sum(_sent_files(mail).values()) < 5 and time.monotonic() < deadline:
        assert worker.poll() is None, "the worker stopped by itself"
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)  # mid-batch: some e-mails sent, others not yet
    worker.wait(timeout=30)
    before = _sent_files(mail)
    assert 5 <= sum(before.values()) < EVENTS * 3, "the kill did not land mid-batch"

    # Restarted after the lease: claims of the dead worker are over.
    again = {**env, "BACKBONE_DELIVERY_LEASE": "0", "BACKBONE_TEST_MAIL_DELAY": "0"}
    subprocess.run([*CLI, "worker", "--until-idle", "-v0"], env=again, check=True, timeout=300)

    state = json.loads(run_python(env, STATE))
    sent = _sent_files(mail)
    assert max(sent.values()) == 1, f"sent twice: {sent}"
    statuses = Counter(state["email"].values())
    assert set(statuses) <= {"sent", "uncertain"}, statuses
    assert statuses["uncertain"] <= 1  # at most the one in the server's hands at the kill
    assert statuses["sent"] + statuses["uncertain"] == EVENTS * 3
    for pk, status in state["email"].items():
        if status == "sent":
            assert sent[int(pk)] == 1, f"delivery {pk} marked sent without its message"
    # In-app notifications are written with their mark in one transaction: exactly once each.
    assert state["app"] == ["sent"] * (EVENTS * 3)
    assert state["notifications"] == EVENTS * 3


def test_the_worker_stops_cleanly_on_sigterm(migrated, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "BACKBONE_DEMO": "1",
        "DATABASE_URL": sqlite_copy(migrated, tmp_path),
    }
    worker = subprocess.Popen(
        [*CLI, "worker", "--interval", "0.1"], env=env, stdout=subprocess.PIPE, text=True
    )
    # SIGTERM once it says it started (its handlers are set by then), however slow the start.
    ready, _w, _x = select.select([worker.stdout], [], [], 120)
    assert ready, "the worker said nothing in 120 s"
    first = worker.stdout.readline()
    assert "started" in first, first
    worker.send_signal(signal.SIGTERM)
    out, _err = worker.communicate(timeout=30)
    assert worker.returncode == 0
    assert "stopped" in out
