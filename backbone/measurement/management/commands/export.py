"""`backbone export values --collective SLUG --format csv|xlsx|hxl [--status approved]
[--organization ORG] -o FILE`,
`backbone export population --collective SLUG --format csv|xlsx|hxl -o FILE`
`backbone export iati --collective SLUG -o FILE`
and `backbone export activities --collective SLUG --format hxl|xlsx|csv|iati -o FILE`."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backbone.interchange import writers
from backbone.measurement.exchange import exports
from backbone.network.models import Collective
from backbone.network.selectors import organization_named


class Command(BaseCommand):
    help = "Export stored values (CSV, XLSX, HXL) or the collective's results as IATI 2.03 XML."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["values", "population", "iati", "activities"])
        parser.add_argument("--collective", required=True)
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx", "hxl", "iati"],
            default="csv",
            help="iati: the activities that carry a budget, as IATI 2.03 XML (activities only)",
        )
        parser.add_argument(
            "--status", choices=["approved", "submitted", "draft", "returned", "replaced"]
        )
        parser.add_argument(
            "--organization",
            help="only this organization's values (id or name): a file that imports back as "
            "its upload",
        )
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args, what, collective, format, status, output, **options):  # noqa: A002
        try:
            collective_obj = Collective.objects.get(slug=collective)
        except Collective.DoesNotExist:
            raise CommandError(f"No collective “{collective}”.") from None
        if format == "iati" and what != "activities":
            raise CommandError(
                "--format iati is for activities; `backbone export iati` gives results."
            )
        if what == "activities":
            from backbone.activities import exports as activity_exports

            if format == "xlsx" and output is None:
                raise CommandError("XLSX needs -o FILE.")
            if format == "iati":
                data = activity_exports.iati_activities(collective_obj)
            else:
                data = activity_exports.export_activities(collective_obj, format)
        elif what == "iati":
            from backbone.measurement.exchange.iati import iati_activities

            data = iati_activities(collective=collective_obj)
        elif what == "population":
            from backbone.measurement.populations.files import export_population

            if format == "xlsx" and output is None:
                raise CommandError("XLSX needs -o FILE.")
            data = export_population(collective_obj, format)
        else:
            if format == "xlsx" and output is None:
                raise CommandError("XLSX needs -o FILE.")
            organization = None
            if options["organization"]:
                organization, candidates = organization_named(
                    collective_obj, options["organization"]
                )
                if organization is None:
                    raise CommandError(
                        f"No organization “{options['organization']}” in {collective}."
                        if not candidates
                        else f"“{options['organization']}” names several organizations; "
                        "give the id."
                    )
            sheet = exports.values_sheet(collective_obj, status=status, organization=organization)
            data = writers.write(sheet, format)
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            output.write_bytes(data)
            self.stderr.write(f"wrote {output} ({len(data)} bytes)")
