"""What a refused upload leaves behind: only what its page offers next, for a bounded time
and a bounded size."""

import csv
import io
import os
import time

from django.core.management import call_command
from django.urls import reverse

from backbone.accounts.tests.test_http_access import client_for
from backbone.interchange import rejected
from backbone.interchange.problems import Problem
from backbone.measurement.testing import csv_file
from backbone.measurement.tests.test_http import OWN_COLUMNS


def _upload(client, world, data: bytes, name="values.csv"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(
        reverse("submission_upload", args=["nation"]),
        {"organization": world.org_a.pk, "file": upload},
    )


def _kept(settings):
    folder = rejected.folder()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_file_refused_for_its_rows_leaves_its_errors_file_not_the_upload(
    measure, world, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    client = client_for(world, "reporter_a")
    response = _upload(client, world, b"indicator,place,period,value\nworkers,UA-46,2025-01,ten\n")
    assert response.status_code == 422
    token = response.context["rejected"]
    assert _kept(settings) == [f"{token}.errors.csv"]
    errors = client.get(reverse("rejected_errors", args=["nation", token]))
    assert errors.content.decode().splitlines()[1].endswith("“ten” is not a number.")


def test_a_file_refused_for_its_columns_is_kept_whole_for_the_mapping(
    measure, world, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    client = client_for(world, "reporter_a")
    data = csv_file(OWN_COLUMNS[1:], headers=OWN_COLUMNS[0]).getvalue()
    response = _upload(client, world, data, "oblast-report.csv")
    token = response.context["rejected"]
    assert _kept(settings) == [f"{token}.upload"]
    assert (tmp_path / "rejected" / f"{token}.upload").read_bytes() == data


def test_a_large_refused_file_keeps_only_its_problem_rows(measure, world, monkeypatch):
    monkeypatch.setattr(rejected, "WHOLE_ERRORS_FILE_BYTES", 1000)
    rows = "".join(f"workers,UA-46,2025-{n % 12 + 1:02d},{n}\n" for n in range(400))
    data = ("indicator,place,period,value\n" + rows).encode()
    problems = [Problem(7, "value", "“x” is not a number."), Problem(None, None, "In general.")]
    kept = rejected.keep(
        name="big.csv", stream=io.BytesIO(data), problems=problems, for_mapping=False
    )
    lines = list(csv.reader(io.StringIO(kept.path.read_text())))
    assert lines[0] == ["row", "indicator", "place", "period", "value", "errors"]
    assert lines[1][-1] == "In general."
    assert lines[2][0] == "7" and lines[2][-1] == "value: “x” is not a number."
    assert len(lines) == 3


def test_kept_files_expire_and_their_total_is_bounded(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.REJECTED_UPLOADS_DAYS = 7
    settings.REJECTED_UPLOADS_MAX_BYTES = 2500
    folder = tmp_path / "rejected"
    folder.mkdir()
    now = time.time()
    for name, age_days in (("old.upload", 8), ("a.upload", 3), ("b.upload", 2), ("c.upload", 1)):
        path = folder / name
        path.write_bytes(b"x" * 1000)
        os.utime(path, (now - age_days * 86400, now - age_days * 86400))
    assert rejected.purge(now=now) == 2  # the 8-day-old one, then the oldest over 2,500 bytes
    assert sorted(p.name for p in folder.iterdir()) == ["b.upload", "c.upload"]


def test_the_purge_command_says_what_it_removed(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    folder = tmp_path / "rejected"
    folder.mkdir()
    stale = folder / "stale.upload"
    stale.write_bytes(b"x")
    os.utime(stale, (time.time() - 30 * 86400,) * 2)
    call_command("purge_rejected")
    assert "removed 1 kept file(s)" in capsys.readouterr().out
    assert not stale.exists()


def test_a_token_cannot_reach_outside_the_folder(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    assert rejected.find("../../etc/passwd", "upload") is None
    assert rejected.find("", "errors") is None
