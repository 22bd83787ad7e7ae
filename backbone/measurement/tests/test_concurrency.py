"""Two requests at the same moment: uploads and reviews of one organization never count twice.

Each race runs two threads, each with its own database connection, released together by a
barrier, and is repeated a few times (which one wins varies; the outcome must not).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from backbone.measurement import periods
from backbone.measurement.imports import import_values
from backbone.measurement.models import Submission, SubmissionStatus, Value
from backbone.measurement.rollups import rollup
from backbone.measurement.testing import csv_file
from backbone.measurement.workflow import submission_approve, submission_submit

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
