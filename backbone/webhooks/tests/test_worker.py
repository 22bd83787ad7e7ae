"""`backbone worker` posting webhooks, as a process: killed with SIGKILL mid-batch and
restarted, it posts nothing twice, and every delivery is sent or shown to staff as uncertain
(the one the receiver had in hand at the kill), never posted again by itself."""

import json
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from backbone.events.testing import CLI, migrated_sqlite, run_python, sqlite_copy
from backbone.webhooks.tests.conftest import Receiver

# Like backbone/events/tests/test_worker.py: the worker as a process, over a SQLite file.
pytestmark = pytest.mark.served

EVENTS = 12

SETUP = """
from django.db import transaction
from backbone.events.services import record
from backbone.network.models import Collective
from backbone.webhooks.models import Webhook
nation = Collective.objects.create(name="Nation", slug="nation", level="national")
Webhook.objects.create(
    collective=nation, name="Ours", url={url!r}, format="json", kinds=["test."], secret="s"
)
for n in range({events}):
    with transaction.atomic():
        record("test.happened", collective=nation, message="Event %(n)s.", params={{"n": n}})
"""

STATE = """
import json
from backbone.webhooks.models import WebhookDelivery
print(json.dumps({
    str(pk): {"status": status, "event": event, "attempts": attempts}
    for pk, status, event, attempts in WebhookDelivery.objects.values_list(
        "pk", "status", "event_id", "attempts"
    )
}))
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    return migrated_sqlite(tmp_path_factory.mktemp("webhook-worker"))


@pytest.fixture
def receiver():
    """A receiver on 127.0.0.1 answering each post after 0.15 s: the moment a killed worker
    has posted but not yet marked the delivery sent."""
    found = Receiver(port=0, mode="slow", delay=0.15)
    found.start()
    yield found
    found.stop()


def _posted(receiver: Receiver) -> Counter:
    """How many times each delivery (X-Backbone-Delivery) reached the receiver."""
    return Counter(r.headers["X-Backbone-Delivery"] for r in list(receiver.received))


def test_a_killed_worker_restarted_posts_nothing_twice(migrated, tmp_path, receiver):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "BACKBONE_DEMO": "1",
        "DATABASE_URL": sqlite_copy(migrated, tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "BACKBONE_WEBHOOK_ALLOW_PRIVATE": "1",
    }
    run_python(env, SETUP.format(url=receiver.url, events=EVENTS))

    worker = subprocess.Popen([*CLI, "worker", "--interval", "0.1", "-v0"], env=env)
    try:
        deadline = time.monotonic() + 60
        while sum(_posted(receiver).values()) < 4 and time.monotonic() < deadline:
            assert worker.poll() is None, "the worker stopped by itself"
            time.sleep(0.02)
        worker.send_signal(signal.SIGKILL)  # mid-batch: some posted, most likely one in hand
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)
    time.sleep(0.3)  # the receiver's handler of the post cut off records it before this
    before = _posted(receiver)
    assert 4 <= sum(before.values()) < EVENTS, f"the kill did not land mid-batch: {before}"

    # Restarted after the lease: the dead worker's claims are over.
    receiver.delay = 0
    again = {**env, "BACKBONE_WEBHOOK_LEASE": "0"}
    subprocess.run([*CLI, "worker", "--until-idle", "-v0"], env=again, check=True, timeout=300)

    state = json.loads(run_python(env, STATE))
    posted = _posted(receiver)
    assert len(state) == EVENTS
    assert max(posted.values()) == 1, f"posted twice: {posted}"
    events = Counter(json.loads(r.body)["id"] for r in receiver.received)
    assert max(events.values()) == 1, f"an event posted twice: {events}"
    statuses = Counter(row["status"] for row in state.values())
    assert set(statuses) <= {"sent", "uncertain"}, statuses
    assert statuses["uncertain"] <= 1  # at most the one in the receiver's hands at the kill
    for pk, row in state.items():
        if row["status"] == "sent":
            assert posted[pk] == 1, f"delivery {pk} marked sent without its post"
        else:
            # Not posted again by the restarted worker: it reached the receiver before the kill
            # or never (killed between the claim and the post), and waits for staff.
            assert posted[pk] == before[pk] <= 1, f"delivery {pk} posted again by itself"
            assert row["attempts"] == 0
