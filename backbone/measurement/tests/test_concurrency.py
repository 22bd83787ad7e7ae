"""Two requests at the same moment: uploads and reviews of one organization never count twice.

Each race runs two threads, each with its own database connection, released together by a
barrier, and is repeated a few times (which one wins varies; the outcome must not).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from backbone.interchange import periods
from backbone.measurement.models import Submission, SubmissionStatus, Value
from backbone.measurement.rollups.engine import rollup
from backbone.measurement.submissions.imports import import_values
from backbone.measurement.submissions.workflow import (
    submission_approve,
    submission_return,
    submission_submit,
)
from backbone.measurement.testing import csv_file

pytestmark = [pytest.mark.postgres_behaviour, pytest.mark.django_db(transaction=True)]

ROUNDS = 5


@pytest.fixture
def race(measure, world, tmp_path):
    """race(*calls): run the calls in threads started together, each on its own connection;
    each result, or the exception it raised.

    SQLite's test database lives in memory, where connections share one cache and lock
    whole tables, with neither the file's locking nor its busy timeout: the world is copied
    to a file, and the test and its threads all use that file, as a served site does."""
    on_file: dict | None = None
    in_memory = connections["default"]
    if connection.vendor == "sqlite":
        path = tmp_path / "race.sqlite3"
        copy = sqlite3.connect(path)
        in_memory.ensure_connection()
        in_memory.connection.backup(copy)
        copy.close()
        on_file = {**in_memory.settings_dict, "NAME": str(path)}
        connections["default"] = type(in_memory)(on_file, "default")

    def run_together(*calls: Callable[[], object]) -> list[object]:
        barrier = threading.Barrier(len(calls))
        results: list[object] = [None] * len(calls)

        def run(index: int, call: Callable[[], object]) -> None:
            try:
                if on_file is not None:
                    connections["default"] = type(in_memory)(on_file, "default")
                barrier.wait(timeout=30)
                results[index] = call()
            except Exception as error:  # noqa: BLE001 — handed to the test to judge
                results[index] = error
            finally:
                connections.close_all()  # this thread's own connection

        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads), "a racing request never ended"
        return results

    if on_file is not None:
        run_together.database_url = f"sqlite:///{path}"
    else:
        db = in_memory.settings_dict
        run_together.database_url = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    yield run_together
    if on_file is not None:
        connections["default"].close()
        connections["default"] = in_memory


def _rows(month: str, value: int) -> list[dict]:
    return [{"indicator": "workers", "place": "UA-46", "period": month, "value": str(value)}]


def _upload(world, rows, name="values.csv"):
    def call():
        return import_values(
            collective=world.national,
            organization=world.org_a,
            user=world.reporter_a,
            file_name=name,
            stream=csv_file(rows),
        )

    return call


def _workers(world, month: str) -> float | None:
    result = rollup(
        indicator=_indicator("workers"), collective=world.national, by=("period:month",)
    )
    return next((row["value"] for row in result.rows if row["period"] == month), None)


def _indicator(code: str):
    from backbone.measurement.models import Indicator

    return Indicator.objects.get(code=code)


def _live(world, month: str) -> list[Submission]:
    start = periods.parse(month).start
    return list(
        Submission.objects.live().filter(
            organization=world.org_a, coverage__period=start, coverage__indicator__code="workers"
        )
    )


def test_the_same_file_uploaded_twice_at_once_makes_one_submission(measure, world, race):
    for round_ in range(ROUNDS):
        month = f"2025-{round_ + 1:02d}"
        first, second = race(_upload(world, _rows(month, 9)), _upload(world, _rows(month, 9)))
        for result in (first, second):
            assert not isinstance(result, Exception), result
        live = _live(world, month)
        assert len(live) == 1, f"round {round_}: {len(live)} live submissions for one file"
        (made,) = [r for r in (first, second) if r.duplicate_of is None]
        (told,) = [r for r in (first, second) if r.duplicate_of is not None]
        assert made.submission == live[0]
        assert told.duplicate_of == live[0]  # the page says "already uploaded as #N"
        submission_submit(submission=live[0], by=world.reporter_a)
        submission_approve(submission=live[0], by=world.staff)
        assert _workers(world, month) == 9


def test_two_corrections_of_the_same_cells_at_once_leave_one_live(measure, world, race):
    for round_ in range(ROUNDS):
        month = f"2025-{round_ + 1:02d}"
        first, second = race(
            _upload(world, _rows(month, 9), name="a.csv"),
            _upload(world, _rows(month, 14), name="b.csv"),
        )
        for result in (first, second):
            assert not isinstance(result, Exception), result
        live = _live(world, month)
        assert len(live) == 1, f"round {round_}: {len(live)} live drafts for the same cells"
        # The later of the two replaced the earlier draft, as a corrected file does.
        later, earlier = sorted((first.submission, second.submission), key=lambda s: -s.pk)
        earlier.refresh_from_db()
        assert live == [later]
        assert earlier.status == SubmissionStatus.REPLACED
        assert earlier.replaced_by == later
        submission_submit(submission=later, by=world.reporter_a)
        submission_approve(submission=later, by=world.staff)
        assert _workers(world, month) == Value.objects.get(submission=later).value


def test_approving_while_a_correction_is_uploaded_counts_once(measure, world, race):
    for round_ in range(ROUNDS):
        month = f"2025-{round_ + 1:02d}"
        draft = _upload(world, _rows(month, 9), name="first.csv")().submission
        submission_submit(submission=draft, by=world.reporter_a)
        approved, corrected = race(
            lambda draft=draft: submission_approve(submission=draft, by=world.staff),
            _upload(world, _rows(month, 14), name="corrected.csv"),
        )
        assert not isinstance(corrected, Exception), corrected
        draft.refresh_from_db()
        if isinstance(approved, Exception):
            # The correction came first and replaced the submission under review.
            assert isinstance(approved, ValidationError), approved
            assert "only a submitted one can be approved" in approved.messages[0]
            assert draft.status == SubmissionStatus.REPLACED
        else:
            # The approval came first: its values count until the correction is approved.
            assert draft.status == SubmissionStatus.APPROVED
            assert _workers(world, month) == 9
        correction = corrected.submission
        submission_submit(submission=correction, by=world.reporter_a)
        submission_approve(submission=correction, by=world.staff)
        draft.refresh_from_db()
        assert draft.status == SubmissionStatus.REPLACED
        assert not Value.objects.filter(submission=draft, approved=True).exists()
        assert _workers(world, month) == 14, f"round {round_}: counted {_workers(world, month)}"


def _submitted(world, month: str) -> Submission:
    draft = _upload(world, _rows(month, 9), name=f"{month}.csv")().submission
    return submission_submit(submission=draft, by=world.reporter_a)


REFUSED = "Submission #{pk} is {status}; only a submitted one can be {verb}."


def test_approve_and_return_at_once_one_wins_and_the_other_is_told_why(measure, world, race):
    for round_ in range(ROUNDS):
        submission = _submitted(world, f"2025-{round_ + 1:02d}")
        approved, returned = race(
            lambda s=submission: submission_approve(submission=s, by=world.staff),
            lambda s=submission: submission_return(submission=s, by=world.staff, reason="Check"),
        )
        refusals = [r for r in (approved, returned) if isinstance(r, Exception)]
        assert len(refusals) == 1, f"round {round_}: {approved!r}, {returned!r}"
        (refusal,) = refusals
        assert isinstance(refusal, ValidationError), repr(refusal)  # not "database is locked"
        submission.refresh_from_db()
        if refusal is approved:
            assert submission.status == SubmissionStatus.RETURNED
            expected = REFUSED.format(pk=submission.pk, status="returned", verb="approved")
        else:
            assert submission.status == SubmissionStatus.APPROVED
            expected = REFUSED.format(pk=submission.pk, status="approved", verb="returned")
        assert refusal.messages == [expected]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(race, tmp_path):
    """A real `backbone serve` process (Django's threaded server) on the test's database."""
    env = {
        **os.environ,
        "DATABASE_URL": race.database_url,
        "DEBUG": "1",
        "BACKBONE_FAST_HASHER": "1",
        "BACKBONE_VAR_DIR": str(tmp_path / "var"),
    }
    port = _free_port()
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 — closed below
    process = subprocess.Popen(
        [sys.executable, "-m", "backbone.cli", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2)  # noqa: S310 — loopback
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                log.close()
                raise RuntimeError((tmp_path / "server.log").read_text()) from None
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)
    log.close()


class Browser:
    """One person's session: cookies, and the form's CSRF token from the last page."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = ""

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            page = response.read().decode()
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        self.token = found.group(1) if found else self.token
        return page

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token}).encode()
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, username: str) -> None:
        self.get("/accounts/login/")
        status, page = self.post("/accounts/login/", {"username": username, "password": "pw"})
        assert status == 200 and "Log out" in page, page[:2000]


def test_approve_and_return_posted_at_once_the_loser_sees_why_not_an_error(
    measure, world, race, server
):
    reviewers = approve, give_back = [Browser(server), Browser(server)]
    for reviewer in reviewers:
        reviewer.log_in(world.staff.username)
    slug = world.national.slug
    for round_ in range(ROUNDS):
        submission = _submitted(world, f"2025-{round_ + 1:02d}")
        detail = f"/c/{slug}/submissions/{submission.pk}/"
        for reviewer in reviewers:
            reviewer.get(detail)
        (approved, approved_page), (returned, returned_page) = race(
            partial(approve.post, detail + "approve/", {}),
            partial(give_back.post, detail + "return/", {"reason": "Check Lviv"}),
        )
        assert (approved, returned) == (200, 200), (approved_page[:3000], returned_page[:3000])
        submission.refresh_from_db()
        if submission.status == SubmissionStatus.APPROVED:
            assert "Approved: its values now count" in approved_page
            shown = REFUSED.format(pk=submission.pk, status="approved", verb="returned")
            assert shown in returned_page
        else:
            assert submission.status == SubmissionStatus.RETURNED
            assert "Returned to the organization with your reason." in returned_page
            shown = REFUSED.format(pk=submission.pk, status="returned", verb="approved")
            assert shown in approved_page


def test_a_place_deleted_while_values_for_it_come_in_leaves_no_value_without_its_place(
    measure, world, race
):
    """Past the ORM (which would refuse), a maintenance script deletes a place while an
    upload for it is being written: one of them fails, and no value is left pointing at a
    place that is gone (PostgreSQL: the statement's check locks the place; SQLite: its
    foreign key)."""
    from django.db import IntegrityError, transaction

    from backbone.network.models import Place

    for round_ in range(ROUNDS):
        place = Place.objects.create(
            code=f"UA-9{round_}", name=f"Test place {round_}", level=1, parent=measure.country
        )
        rows = [{"indicator": "workers", "place": place.code, "period": "2025-01", "value": "4"}]

        def delete(pk=place.pk):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("DELETE FROM network_place WHERE id = %s", [pk])
                connection.check_constraints(table_names=[Value._meta.db_table])
            return "deleted"

        uploaded, deleted = race(_upload(world, rows, name=f"p{round_}.csv"), delete)
        upload_ok = not isinstance(uploaded, Exception)
        delete_ok = deleted == "deleted"
        assert not (upload_ok and delete_ok), (uploaded, deleted)
        assert upload_ok or delete_ok, (uploaded, deleted)
        if not delete_ok:
            assert isinstance(deleted, IntegrityError), deleted
        orphans = Value.objects.exclude(place_id__in=Place.objects.values("pk")).count()
        assert orphans == 0
