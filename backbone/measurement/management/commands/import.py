"""`backbone import values FILE --collective SLUG --organization ORG --user USERNAME [--dry-run]
[--sheet NAME|N] [--header-row N] [--periods-across] [--map ROLE=COLUMN] [--set ROLE=VALUE]`
and `backbone import population FILE --collective SLUG [--dry-run] [--map ROLE=COLUMN]
[--source TEXT]`
and `backbone import activities FILE --collective SLUG --user USERNAME [--dry-run]
[--map ROLE=COLUMN] [--ignore COLUMN] [--sheet N] [--create-organizations]`."""

import sys
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from backbone.accounts.models import User
from backbone.measurement.models import Source
from backbone.measurement.submissions.imports import ImportRefused, import_values
from backbone.measurement.submissions.workflow import submission_submit
from backbone.network.models import Collective
from backbone.network.selectors import organization_named


class Command(BaseCommand):
    help = "Import values from a CSV, XLSX or HXL file through the same checks as the web upload."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["values", "population", "activities"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--collective", required=True, help="collective slug")
        parser.add_argument("--organization", help="organization id or name (values)")
        parser.add_argument("--user", help="username the figures are entered by (values)")
        parser.add_argument("--source", default="", help="where the population figures come from")
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")
        parser.add_argument(
            "--create-organizations",
            action="store_true",
            help="create the organizations a 3W file names that the collective lacks (activities)",
        )
        parser.add_argument("--submit", action="store_true", help="submit for review at once")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="ROLE=COLUMN",
            help="which column holds indicator, place, period, value or a dimension",
        )
        parser.add_argument(
            "--ignore",
            action="append",
            default=[],
            metavar="COLUMN",
            help="a column to pass over",
        )
        parser.add_argument(
            "--sheet", metavar="NAME|N", help="the workbook's sheet to read (default: the first)"
        )
        parser.add_argument(
            "--header-row",
            type=int,
            metavar="N",
            help="the row that holds the headers (default: found below any title rows)",
        )
        parser.add_argument(
            "--periods-across",
            action="store_true",
            help="the columns whose headers are periods (2024, 2024-01) hold their figures",
        )
        parser.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="ROLE=VALUE",
            help="a value every row shares, for a role no column holds (e.g. period=2024)",
        )

    def handle(self, *args, what, file, collective, organization, user, dry_run, submit, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            collective_obj = Collective.objects.get(slug=collective)
        except Collective.DoesNotExist:
            raise CommandError(f"No collective “{collective}”.") from None
        if what == "population":
            return self._population(file, collective_obj, user, dry_run, options)
        if what == "activities":
            return _activities(self, file, collective_obj, user, dry_run, options)
        if not organization or not user:
            raise CommandError("import values needs --organization and --user.")
        found, candidates = organization_named(collective_obj, organization)
        if found is None and candidates:
            named = "; ".join(f"{o.pk} {o.name}" for o in candidates)
            raise CommandError(f"“{organization}” could be {named}: give the id.")
        if found is None:
            raise CommandError(f"No organization “{organization}” in {collective}.")
        try:
            user_obj = User.objects.get(username=user)
        except User.DoesNotExist:
            raise CommandError(f"No user “{user}”.") from None
        mapping = _mapping(options["map"])
        fixed = {}
        for pair in options["set"]:
            role, _sep, value = pair.partition("=")
            if not value:
                raise CommandError(f"--set {pair}: write ROLE=VALUE.")
            fixed[role] = value
        try:
            with file.open("rb") as stream, _progress_bar(file) as progress:
                result = import_values(
                    collective=collective_obj,
                    organization=found,
                    user=user_obj,
                    file_name=file.name,
                    stream=stream,
                    mapping=mapping or None,
                    ignored=options["ignore"],
                    source=Source.COMMAND,
                    dry_run=dry_run,
                    sheet=options["sheet"],
                    header_row=options["header_row"],
                    periods_across=options["periods_across"],
                    fixed=fixed,
                    progress=progress,
                )
        except ImportRefused as refusal:
            for problem in refusal.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(refusal.problems)} problem(s); nothing was saved.") from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        if result.duplicate_of is not None:
            self.stdout.write(
                f"already imported as submission {result.duplicate_of.pk} "
                f"({result.rows} rows); nothing was added"
            )
            return
        if result.no_figure:
            self.stdout.write(f"{result.no_figure} cell(s) held no figure and were left out")
        if dry_run:
            self.stdout.write(f"dry run: {result.rows} rows would be imported")
            return
        if submit:
            submission_submit(submission=result.submission, by=user_obj)
        self.stdout.write(f"submission {result.submission.pk}: {result.rows} rows")

    def _population(self, file, collective, username, dry_run, options):
        from backbone.measurement.populations.files import PopulationRefused, import_population

        user_obj = None
        if username:
            user_obj = User.objects.filter(username=username).first()
            if user_obj is None:
                raise CommandError(f"No user “{username}”.")
        try:
            with file.open("rb") as stream, _progress_bar(file) as progress:
                result = import_population(
                    collective=collective,
                    user=user_obj,
                    file_name=file.name,
                    stream=stream,
                    mapping=_mapping(options["map"]),
                    source=options["source"],
                    dry_run=dry_run,
                    sheet=options["sheet"],
                    header_row=options["header_row"],
                    progress=progress,
                )
        except PopulationRefused as refusal:
            for problem in refusal.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(refusal.problems)} problem(s); nothing was saved.") from None
        figures = result.new + result.changed + result.unchanged
        self.stdout.write(
            f"{'dry run: ' if dry_run else ''}{figures} population figures "
            f"from {result.rows} rows: "
            f"{result.new} new, {result.changed} changed, {result.unchanged} unchanged; "
            f"{result.repeated} repeated rows, {result.missing} without a figure"
            + (" (nothing saved)" if dry_run else "")
        )


def _activities(self, file, collective, username, dry_run, options):
    """Import a 3W table (the `backbone.activities.imports` reader)."""
    from backbone.activities.imports import ActivitiesRefused, import_activities

    if not username:
        raise CommandError("import activities needs --user.")
    user_obj = User.objects.filter(username=username).first()
    if user_obj is None:
        raise CommandError(f"No user “{username}”.")
    try:
        with file.open("rb") as stream, _progress_bar(file) as progress:
            result = import_activities(
                collective=collective,
                user=user_obj,
                file_name=file.name,
                stream=stream,
                mapping=_mapping(options["map"]),
                ignored=options["ignore"],
                sheet=_sheet(options["sheet"]),
                dry_run=dry_run,
                create_organizations=options["create_organizations"],
                progress=progress,
            )
    except ActivitiesRefused as refusal:
        for problem in refusal.problems:
            self.stderr.write(str(problem))
        raise CommandError(f"{len(refusal.problems)} problem(s); nothing was saved.") from None
    for organization in result.created_organizations:
        self.stdout.write(
            f"{'would create' if dry_run else 'created'} organization: "
            f"{organization.name} ({organization.kind})"
        )
    if result.duplicate_of is not None:
        self.stdout.write(
            f"already imported on {result.duplicate_of.at:%Y-%m-%d %H:%M} "
            f"({result.duplicate_of.activities} activities, {result.rows} rows); "
            "nothing was added"
        )
        return
    self.stdout.write(
        f"{'dry run: ' if dry_run else ''}{result.activities} activities from "
        f"{result.rows} rows: {result.new} new, {result.updated} updated"
        + (f", {result.removed} removed" if result.removed else "")
        + (f"; {result.repeated} repeated rows" if result.repeated else "")
        + (" (nothing saved)" if dry_run else "")
    )


def _sheet(value):
    if value is None:
        return None
    return int(value) if str(value).isdigit() else value


def _mapping(pairs) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        role, _sep, column = pair.partition("=")
        if not column:
            raise CommandError(f"--map {pair}: write ROLE=COLUMN.")
        mapping[role] = column
    return mapping


@contextmanager
def _progress_bar(file):
    """Rows read so far, on the terminal's standard error (nothing when it is not a terminal,
    so what scripts read stays as it was)."""
    with tqdm(desc=file.name, unit=" rows", disable=None, file=sys.stderr, leave=False) as bar:

        def progress(done: int, stage: str = "", *, force: bool = False) -> None:
            bar.update(done - bar.n)
            if stage:
                bar.set_postfix_str(stage)

        yield progress
