"""`backbone decisions export --collective SLUG --format csv|xlsx -o FILE`: one row per
decision of the collective (its own), with its outcome, votes, speaking-order rule and
ratification (backbone.meetings.exports)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backbone.meetings import exports
from backbone.network.models import Collective


class Command(BaseCommand):
    help = "Decisions: export a collective's decisions as CSV or XLSX."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        export = sub.add_parser("export", help="Write a collective's decisions to a file.")
        export.add_argument("--collective", required=True, help="collective slug")
        export.add_argument("--format", choices=list(exports.FORMATS), default="csv")
        export.add_argument("-o", "--output", type=Path, required=True, help="file to write")

    def handle(self, *args, subcommand, collective, format, output, **options):  # noqa: A002
        collective_obj = Collective.objects.filter(slug=collective).first()
        if collective_obj is None:
            raise CommandError(f"No collective “{collective}”.")
        rows = exports.decisions_table(collective_obj)
        output.write_bytes(exports.write_table(rows, format))
        self.stdout.write(f"{len(rows)} decisions written to {output}.")
