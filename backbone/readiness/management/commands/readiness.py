"""backbone readiness report --collective SLUG [--round N] --format csv|json"""

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from backbone.network.models import Collective
from backbone.readiness.models import RespondentKind, Round
from backbone.readiness.selectors import report_rows

COLUMNS = ["condition", "round", "score", "respondents", "spread", *RespondentKind.values]


class Command(BaseCommand):
    help = "Readiness results per condition and round."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        report = sub.add_parser("report")
        report.add_argument("--collective", required=True)
        report.add_argument("--round", type=int)
        report.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, **options):
        try:
            collective = Collective.objects.get(slug=options["collective"])
        except Collective.DoesNotExist:
            raise CommandError(f"No collective {options['collective']!r}") from None
        number = options["round"]
        if number is not None and not Round.objects.filter(collective=collective, number=number):
            raise CommandError(f"{collective.slug} has no round {number}")
        rows = report_rows(collective, number)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
