"""`backbone demo` as a newcomer's fresh clone runs it: no var/, no database, no DATABASE_URL."""

import os
import sqlite3
import subprocess
import sys


def _run_demo(var_dir, **env_extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SITE_URL", "PORT"}}
    env.update(BACKBONE_VAR_DIR=str(var_dir), BACKBONE_FAST_HASHER="1", **env_extra)
    return subprocess.run(
        [sys.executable, "-m", "backbone.cli", "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_demo_builds_into_a_data_directory_that_does_not_exist_yet(tmp_path):
    var_dir = tmp_path / "not" / "there" / "var"
    assert not var_dir.exists()
    result = _run_demo(var_dir, PORT="8765")
    assert result.returncode == 0, result.stderr[-2000:]
    database = var_dir / "backbone.sqlite3"
    assert database.is_file()
    with sqlite3.connect(database) as connection:
        slugs = {row[0] for row in connection.execute("select slug from network_collective")}
        users = {row[0] for row in connection.execute("select username from accounts_user")}
    assert {"ukraine", "ua-46"} <= slugs
    assert {"admin", "staff", "staff2", "reporter"} <= users

    # A short summary and the accounts, not the e-mails the demo's workflow sends.
    out = result.stdout
    assert "Content-Type" not in out and "Subject:" not in out
    assert len(out.splitlines()) < 40, out
    assert "reporter" in out and "submits" in out
    assert "staff" in out and "approves" in out
    # Where to start: addresses on the port the demo is served on.
    assert "http://127.0.0.1:8765/" in out
    assert ":8000" not in out
    # The e-mails went to files, and their links use the same address.
    mails = [path.read_text() for path in (var_dir / "mail").iterdir()]
    assert mails
    linked = [text for text in mails if "http://" in text]
    assert linked and all("http://127.0.0.1:8765/" in text for text in linked)
    assert not any(":8000" in text for text in mails)
