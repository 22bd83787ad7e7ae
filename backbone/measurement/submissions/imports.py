"""The one pipeline every value comes in through: the web grid, uploads, the API and the CLI.

Rows are validated and written in batches inside one transaction while the file streams by;
if any row has a problem the transaction is rolled back, so an upload with errors saves
nothing. Each problem names its row, its column and what is wrong, in a plain sentence.
Reading the file, finding its columns, reshaping its layout and the problems themselves are
`backbone.interchange`'s; what a row must hold to be a value is decided here and in `writer`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from backbone.interchange import layout, periods
from backbone.interchange.mapping import ColumnRef
from backbone.interchange.problems import Problem, Refused, problem_of, sheet_hint
from backbone.interchange.readers import read_table
from backbone.interchange.tables import Table, UnreadableFile
from backbone.measurement.models import (
    Coverage,
    Indicator,
    Source,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from backbone.measurement.selectors.reporting import reporting_for
from backbone.measurement.submissions.checks import MAX_WARNINGS, Catalogue, map_columns
from backbone.measurement.submissions.workflow import lock_reporting, submission_mark_replaced
from backbone.measurement.submissions.writer import RowWriter


class ImportRefused(Refused):
    """Nothing was saved, for these reasons (see `Refused`)."""


@dataclass
class ImportResult:
    submission: Submission | None
    rows: int
    warnings: list[Problem] = field(default_factory=list)
    duplicate_of: Submission | None = None
    replaced: list[Submission] = field(default_factory=list)
    no_figure: int = 0  # cells that held no figure (suppressed, "-", empty): left out


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


class _Refuse(Exception):
    """Internal: unwinds the transaction of an import that must save nothing."""


def import_values(
    *,
    collective,
    organization,
    user,
    file_name: str,
    stream: IO[bytes],
    mapping: dict[str, ColumnRef] | None = None,
    ignored: Iterable[ColumnRef] = (),
    source: str = Source.UPLOAD,
    dry_run: bool = False,
    sheet: str | int | None = None,
    header_row: int | None = None,
    periods_across: bool | Iterable[ColumnRef] = False,
    fixed: dict[str, str] | None = None,
    progress: Callable[..., None] | None = None,
) -> ImportResult:
    """Validate a file and store its values as a draft submission of the organization.

    ``sheet`` and ``header_row`` say where a workbook's table is (see `read_table`);
    ``periods_across``: the columns whose headers are periods hold those periods' figures
    (True: every such column; or the columns named); ``fixed``: a value every row shares for
    a role no column holds, such as ``{"period": "2024"}``; ``progress(rows_read)`` is told
    as the file's rows are read, and ``progress(rows, "saving", force=True)`` once they all
    are (the `backbone.events.jobs.Progress` API)."""
    digest = _sha256(stream)
    if not dry_run:
        # Spares reading a file already uploaded; store_rows asks again under the lock.
        earlier = _same_file(collective, organization, digest)
        if earlier is not None:
            return ImportResult(submission=earlier, rows=earlier.row_count, duplicate_of=earlier)
    try:
        table = read_table(file_name, stream, sheet=sheet, header_row=header_row)
    except UnreadableFile as error:
        raise ImportRefused([problem_of(error)], columns=error.choosable) from None
    if progress is not None:
        table.rows = _told(table.rows, progress)
    return store_rows(
        collective=collective,
        organization=organization,
        user=user,
        table=table,
        mapping=mapping,
        ignored=ignored,
        source=source,
        file_name=file_name,
        digest=digest,
        dry_run=dry_run,
        periods_across=periods_across,
        fixed=fixed,
    )


def _told(rows: Iterator[tuple[int, list[Any]]], progress: Callable[..., None]):
    """The file's rows as they are, counted to ``progress`` on the way (before any reshaping,
    so the count is of the rows a person sees in the file)."""
    read = 0
    for row in rows:
        read += 1
        progress(read)
        yield row
    progress(read, "saving", force=True)


def _same_file(collective, organization, digest: str) -> Submission | None:
    """The organization's live submission of exactly these bytes, if there is one."""
    return (
        Submission.objects.live()
        .filter(collective=collective, organization=organization, file_sha256=digest)
        .first()
    )


def store_rows(
    *,
    collective,
    organization,
    user,
    table: Table,
    mapping: dict[str, ColumnRef] | None = None,
    ignored: Iterable[ColumnRef] = (),
    source: str,
    file_name: str = "",
    digest: str = "",
    dry_run: bool = False,
    periods_across: bool | Iterable[ColumnRef] = False,
    fixed: dict[str, str] | None = None,
) -> ImportResult:
    """Validate rows and write them as one new draft submission, or save nothing at all."""
    if organization.collective_id not in collective.tree_ids():
        raise ImportRefused(
            [Problem(None, None, _("This organization is not in this collective."))]
        )
    if not reporting_for(user, collective).may_report_for(organization):
        raise ImportRefused(
            [
                Problem(
                    None,
                    None,
                    _("You cannot submit values for “%s”: you do not report for it.")
                    % organization.name,
                )
            ]
        )
    catalogue = Catalogue.load(collective=collective, organization=organization, user=user)
    table, mapping, ignored, problems = layout.reshape(
        table, mapping, ignored, periods_across, fixed
    )
    notes: list[Problem] = []
    if not problems:
        columns, problems, notes = map_columns(table, catalogue, mapping, ignored)
    if problems:
        if len(table.sheets) > 1:
            problems.append(sheet_hint(table))
        raise ImportRefused(problems, notes, columns=True)
    outcome: ImportResult | None = None
    try:
        with transaction.atomic():
            # First, so that the duplicate and overlap checks below and the drafts this
            # replaces are decided with no other upload or approval of the organization
            # between them (two at once would otherwise both pass and both count).
            lock_reporting(organization.pk)
            if digest and not dry_run:
                earlier = _same_file(collective, organization, digest)
                if earlier is not None:
                    return ImportResult(
                        submission=earlier, rows=earlier.row_count, duplicate_of=earlier
                    )
            submission = Submission.objects.create(
                collective=collective,
                organization=organization,
                source=source,
                file_name=file_name[:255],
                file_sha256=digest,
                created_by=user,
            )
            writer = RowWriter(
                table=table,
                columns=columns,
                catalogue=catalogue,
                submission=submission,
                organization=organization,
                user=user,
            )
            try:
                writer.run()
            except UnreadableFile as error:
                # The file broke off part way (bad bytes, an over-long cell, time up): what
                # was read before is not saved, and the problems found so far are shown too.
                raise ImportRefused([*writer.problems, problem_of(error, table)]) from None
            problems = writer.problems
            if not problems:
                replaced = _overlapping(submission, writer.pairs)
                problems = replaced.problems
            if problems:
                raise ImportRefused(problems, writer.warnings + notes)
            if writer.rows == 0:
                raise ImportRefused([Problem(None, None, _("The file has no values."))])
            Coverage.objects.bulk_create(
                Coverage(submission=submission, indicator_id=indicator_id, period=period)
                for indicator_id, period in writer.pairs
            )
            submission.row_count = writer.rows
            submission.warnings = [w.as_dict() for w in (notes + writer.warnings)[:MAX_WARNINGS]]
            submission.save(update_fields=["row_count", "warnings"])
            _replace_unapproved(replaced.submissions, submission, user)
            SubmissionEvent.objects.create(
                submission=submission, action=SubmissionEvent.Action.CREATED, by=user
            )
            outcome = ImportResult(
                submission=submission,
                rows=writer.rows,
                warnings=notes + writer.warnings,
                replaced=replaced.submissions,
                no_figure=writer.no_figure.total(),
            )
            if dry_run:
                raise _Refuse
    except _Refuse:
        assert outcome is not None
        outcome.submission = None
    return outcome


@dataclass
class _Overlap:
    submissions: list[Submission]
    problems: list[Problem]


def _overlapping(submission: Submission, pairs: set[tuple[int, int]]) -> _Overlap:
    """Earlier live submissions of the organization for the same indicators and periods.

    A corrected file must cover each submission it overlaps entirely; otherwise values would
    be counted twice (partial overlap) or silently dropped.
    """
    earlier = (
        Submission.objects.live()
        .filter(collective=submission.collective, organization=submission.organization)
        .exclude(pk=submission.pk)
    )
    # One query for the (indicator, period) pairs of every earlier live submission.
    covered: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for pk, indicator_id, period in Coverage.objects.filter(submission__in=earlier).values_list(
        "submission_id", "indicator_id", "period"
    ):
        covered[pk].add((indicator_id, period))
    found, problems = [], []
    for other in earlier.filter(pk__in=[pk for pk, theirs in covered.items() if theirs & pairs]):
        theirs = covered[other.pk]
        missing = theirs - pairs
        if missing:
            codes = Indicator.objects.filter(pk__in={i for i, _p in missing}).values_list(
                "code", flat=True
            )
            # Each month once: three indicators missing for the same month are one month.
            months = sorted({periods.code_of(p, periods.MONTHLY) for _i, p in missing})
            sample = months[:3] + (["…"] if len(months) > 3 else [])
            problems.append(
                Problem(
                    None,
                    None,
                    _(
                        "This file overlaps submission #%(pk)s but does not repeat all of it "
                        "(%(codes)s for %(periods)s are missing). Upload a file that corrects "
                        "the whole submission, or remove the overlapping rows."
                    )
                    % {
                        "pk": other.pk,
                        "codes": ", ".join(sorted(codes)),
                        "periods": ", ".join(sample),
                    },
                )
            )
        else:
            found.append(other)
    return _Overlap(found, problems)


def _replace_unapproved(earlier: list[Submission], submission: Submission, user) -> None:
    """Drafts, submitted and returned submissions are replaced at once; approved ones keep
    counting until the correction is approved (see submission_approve)."""
    for other in earlier:
        submission.replaces.add(other)
        if other.status != SubmissionStatus.APPROVED:
            submission_mark_replaced(submission=other, replacement=submission, by=user)


def rows_from_grid(entries: Iterable[dict]) -> Table:
    """A Table from the web grid or the API: dicts with indicator, place, period, value and
    dimension codes, numbered from 1 in the order given."""
    entries = list(entries)
    keys: list[str] = []
    for entry in entries:
        for key in entry:
            if key not in keys:
                keys.append(key)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, entry in enumerate(entries, start=1):
            yield number, [entry.get(key) for key in keys]

    return Table(headers=keys, rows=rows(), kind="grid")


__all__ = [
    "ImportRefused",
    "ImportResult",
    "import_values",
    "rows_from_grid",
    "store_rows",
]
