"""For tests: do in-process what the worker would do next."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from backbone.events.services import drain


def run_worker(turns: int = 10) -> int:
    """Dispatch every recorded event and deliver what is due, as `backbone worker
    --until-idle` would. Returns how much was done."""
    return drain(turns)


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
