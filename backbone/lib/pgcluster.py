"""A throwaway PostgreSQL cluster on loopback, for the test suite and the benchmarks.

    python -m backbone.lib.pgcluster -- pytest ...

starts a fresh cluster in a temporary folder, runs the command with DATABASE_URL pointing at
it, and removes the cluster afterwards, whatever the command's outcome. As root, the server
runs as the `postgres` system user (initdb refuses to run as root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _bindir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not candidates:
        raise SystemExit("PostgreSQL server binaries not found (Debian package: postgresql).")
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    bindir = _bindir()
    root = Path(tempfile.mkdtemp(prefix="backbone-pg-"))
    data = root / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    try:
        subprocess.run(
            _as_owner(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            **quiet,
        )
        options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
        subprocess.run(
            _as_owner(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(root / "log"),
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            ),
            **quiet,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print("usage: python -m backbone.lib.pgcluster -- COMMAND ...", file=sys.stderr)
        return 2
    with cluster() as url:
        print(f"PostgreSQL test cluster at {url}", flush=True)
        return subprocess.run(argv, env={**os.environ, "DATABASE_URL": url}, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
