"""`backbone import values FILE --collective SLUG --organization ORG --user USERNAME [--dry-run]`
and `backbone import population FILE --collective SLUG [--dry-run] [--map ROLE=COLUMN]
[--source TEXT]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backbone.accounts.models import User
from backbone.measurement.imports import ImportRefused, import_values
from backbone.measurement.models import Source
from backbone.measurement.workflow import submission_submit
from backbone.network.models import Collective, Organization


class Command(BaseCommand):
    help = "Import values from a CSV, XLSX or HXL file through the same checks as the web upload."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["values", "population"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--collective", required=True, help="collective slug")
        parser.add_argument("--organization", help="organization id or name (values)")
        parser.add_argument("--user", help="username the figures are entered by (values)")
        parser.add_argument("--source", default="", help="where the population figures come from")
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")
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

    def handle(self, *args, what, file, collective, organization, user, dry_run, submit, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            collective_obj = Collective.objects.get(slug=collective)
        except Collective.DoesNotExist:
            raise CommandError(f"No collective “{collective}”.") from None
        if what == "population":
            return self._population(file, collective_obj, user, dry_run, options)
        if not organization or not user:
            raise CommandError("import values needs --organization and --user.")
        organizations = Organization.objects.filter(collective_id__in=collective_obj.tree_ids())
        found = (
            organizations.filter(pk=int(organization))
            if organization.isdigit()
            else organizations.filter(name=organization)
        )
        if found.count() != 1:
            raise CommandError(f"No organization “{organization}” in {collective}.")
        try:
            user_obj = User.objects.get(username=user)
        except User.DoesNotExist:
            raise CommandError(f"No user “{user}”.") from None
        mapping = _mapping(options["map"])
        try:
            with file.open("rb") as stream:
                result = import_values(
                    collective=collective_obj,
                    organization=found.get(),
                    user=user_obj,
                    file_name=file.name,
                    stream=stream,
                    mapping=mapping or None,
                    ignored=options["ignore"],
                    source=Source.COMMAND,
                    dry_run=dry_run,
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
        if dry_run:
            self.stdout.write(f"dry run: {result.rows} rows would be imported")
            return
        if submit:
            submission_submit(submission=result.submission, by=user_obj)
        self.stdout.write(f"submission {result.submission.pk}: {result.rows} rows")

    def _population(self, file, collective, username, dry_run, options):
        from backbone.measurement.population_files import PopulationRefused, import_population

        user_obj = None
        if username:
            user_obj = User.objects.filter(username=username).first()
            if user_obj is None:
                raise CommandError(f"No user “{username}”.")
        try:
            with file.open("rb") as stream:
                result = import_population(
                    collective=collective,
                    user=user_obj,
                    file_name=file.name,
                    stream=stream,
                    mapping=_mapping(options["map"]),
                    source=options["source"],
                    dry_run=dry_run,
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


def _mapping(pairs) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        role, _sep, column = pair.partition("=")
        if not column:
            raise CommandError(f"--map {pair}: write ROLE=COLUMN.")
        mapping[role] = column
    return mapping
