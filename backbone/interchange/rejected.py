"""What is kept of a refused upload, for how long, and how much in all.

A refused upload leaves behind only what its page offers next:
- refused for its columns: the file itself, so that it can be imported again once the person
  has said what each column holds;
- refused for its rows: the errors file ready to download (the whole table with an errors
  column, or, for a large upload, only the rows with problems and their row numbers).
Each is removed after `REJECTED_UPLOADS_DAYS` (default 7) and the oldest go first once all of
them together pass `REJECTED_UPLOADS_MAX_BYTES`; `backbone purge-rejected` does the same.
"""

from __future__ import annotations

import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

from backbone.interchange.problems import errors_sheet
from backbone.interchange.writers import write

# An errors file repeats the upload; past this size it holds the problem rows only.
WHOLE_ERRORS_FILE_BYTES = 10 * 1024 * 1024


def folder() -> Path:
    return Path(settings.VAR_DIR) / "rejected"


def max_age_seconds() -> float:
    return float(getattr(settings, "REJECTED_UPLOADS_DAYS", 7)) * 86400


def max_total_bytes() -> int:
    return int(getattr(settings, "REJECTED_UPLOADS_MAX_BYTES", 512 * 1024 * 1024))


@dataclass(frozen=True)
class Kept:
    token: str
    path: Path
    kind: str  # "upload" (for the column mapping) or "errors" (the errors download)


def _size(stream: IO[bytes]) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def keep(*, name: str, stream: IO[bytes], problems, for_mapping: bool, read_options=None) -> Kept:
    """Keep what the refused upload's page needs next; returns its token. ``read_options``:
    the sheet and header row the upload was read with, so the errors file is of that table."""
    token = secrets.token_urlsafe(12)
    base = folder()
    base.mkdir(parents=True, exist_ok=True)
    if for_mapping:
        path = base / f"{token}.upload"
        stream.seek(0)
        with path.open("wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        kind = "upload"
    else:
        fmt = errors_format(name)
        only_problems = _size(stream) > WHOLE_ERRORS_FILE_BYTES
        stream.seek(0)
        sheet = errors_sheet(
            name, stream, problems, only_problem_rows=only_problems, **(read_options or {})
        )
        path = base / f"{token}.errors.{fmt}"
        path.write_bytes(write(sheet, fmt))
        kind = "errors"
    purge()
    return Kept(token=token, path=path, kind=kind)


def errors_format(name: str) -> str:
    return "xlsx" if name.lower().endswith((".xlsx", ".xlsm")) else "csv"


def find(token: str, kind: str) -> Path | None:
    """The kept file of this token and kind, if it is still there (tokens are URL-safe)."""
    if not token or not all(c.isalnum() or c in "-_" for c in token):
        return None
    pattern = f"{token}.upload" if kind == "upload" else f"{token}.errors.*"
    return next(iter(sorted(folder().glob(pattern))), None)


def purge(*, now: float | None = None) -> int:
    """Remove what is past its age, then the oldest while the total is over the bound.
    Returns how many files went."""
    base = folder()
    if not base.exists():
        return 0
    now = time.time() if now is None else now
    files = []
    for path in base.iterdir():
        try:
            stat = path.stat()
        except FileNotFoundError:  # another request removed it
            continue
        files.append((stat.st_mtime, stat.st_size, path))
    files.sort()
    removed = 0
    total = sum(size for _, size, _ in files)
    for mtime, size, path in files:
        if now - mtime > max_age_seconds() or total > max_total_bytes():
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
    return removed
