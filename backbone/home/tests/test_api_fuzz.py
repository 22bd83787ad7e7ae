"""A bounded schemathesis run against a live server: every operation of the OpenAPI document,
with generated valid and invalid input, as the anonymous public, a partner reporter and a
backbone staff member. No answer may be a server error, and every answer (status, content
type, body) must be one the document declares.

The run writes (staff PATCHes people, reporters post submissions), so it gets a demo of its
own, on SQLite whatever DATABASE_URL says, never the session's ``demo_server``. It is bounded:
EXAMPLES cases per operation, a timeout per request, and BUDGET seconds for the whole run.
"""

import os
import subprocess
import sys
import time
import urllib.request

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backbone.browsing import _free_port

# It serves a SQLite demo of its own whichever database the suite runs on: once is enough.
pytestmark = pytest.mark.served

EXAMPLES = 10  # per operation, mode and persona
REQUEST_TIMEOUT = 15  # seconds per request
BUDGET = 900  # seconds for the whole run; past it the run fails rather than going on
PERSONAS = ("anonymous", "reporter", "staff")
# Valid input as each persona; invalid input once (the schema refuses it before any permission
# check, so one persona is enough).
RUNS = [(GenerationMode.POSITIVE, p) for p in PERSONAS] + [(GenerationMode.NEGATIVE, "staff")]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Most generated slugs and ids name nothing (404); these make most cases reach the demo's data.
CONFIG = {
    "dictionaries": {
        "slugs": {"values": ["ukraine", "ua-46", "nowhere"]},
        "codes": {"values": ["in-institutions", "social-workers-per-10k", "x"]},
        "ids": {"values": [1, 2, 7, 18, 40]},
    },
    "parameters": {
        "path.slug": {"dictionary": "slugs", "probability": 0.9},
        "path.code": {"dictionary": "codes", "probability": 0.7},
        "path.pk": {"dictionary": "ids", "probability": 0.6},
    },
}

_TOKEN = """
from django.contrib.auth import get_user_model
from backbone.accounts.services import api_token_create
for name in {names!r}:
    _token, raw = api_token_create(user=get_user_model().objects.get(username=name), name="fuzz")
    print("TOKEN", name, raw)
"""


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    env = {
        **os.environ,
        "BACKBONE_FAST_HASHER": "1",
        "BACKBONE_VAR_DIR": str(root),
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{root / 'demo.sqlite3'}",
    }
    cli = [sys.executable, "-m", "backbone.cli"]
    subprocess.run([*cli, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    made = subprocess.run(
        [*cli, "shell", "-c", _TOKEN.format(names=[p for p in PERSONAS if p != "anonymous"])],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    tokens = {
        name: raw
        for line in made.stdout.splitlines()
        if line.startswith("TOKEN ")
        for _, name, raw in [line.split()]
    }
    port = _free_port()
    log_path = root / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/api/openapi.json", timeout=2)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    server.kill()
                    raise RuntimeError(log_path.read_text()) from None
                time.sleep(0.2)
        try:
            yield {"base": base, "tokens": tokens}
        finally:
            server.terminate()
            server.wait(timeout=10)


def _cases(operation, mode, *, base, session, headers, started) -> None:
    """EXAMPLES generated cases of one operation, sent with ``headers``, each checked."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,  # the same cases each run: a failure reproduces
        phases=[Phase.explicit, Phase.generate],  # no shrinking: bounded even when failing
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def run(case):
        assert time.monotonic() - started < BUDGET, f"past the run's {BUDGET} s budget"
        case.call_and_validate(
            base_url=base, session=session, headers=headers, checks=CHECKS, timeout=REQUEST_TIMEOUT
        )

    run()


def fuzz(base: str, tokens: dict[str, str]) -> list[str]:
    """Runs every operation's cases; returns what failed, one entry per operation, mode and
    persona (its first failure), so that one bad operation does not hide the others."""
    schema = schemathesis.openapi.from_url(
        base + "/api/openapi.json",
        config=SchemathesisConfig.from_dict(CONFIG),
        timeout=REQUEST_TIMEOUT,
    )
    started = time.monotonic()
    failures: list[str] = []
    with requests.Session() as session:
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode, persona in RUNS:
                token = tokens.get(persona)
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                try:
                    _cases(
                        operation,
                        mode,
                        base=base,
                        session=session,
                        headers=headers,
                        started=started,
                    )
                except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 — all reported
                    label = f"{operation.method.upper()} {operation.path} ({mode.value}, {persona})"
                    failures.append(f"{label}: {error}")
    return failures


def test_api_answers_every_case_as_documented_without_server_errors(fuzz_server):
    failures = fuzz(fuzz_server["base"], fuzz_server["tokens"])
    assert not failures, "\n\n".join(failures)
