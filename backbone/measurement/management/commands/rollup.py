"""`backbone rollup --collective SLUG --indicator CODE --by KEY [--by KEY ...] [--rate]
--format csv`"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from backbone.interchange import writers
from backbone.measurement.models import Indicator
from backbone.measurement.rollups.engine import rollup
from backbone.measurement.rollups.rates import rate_needs
from backbone.network.models import Collective


class Command(BaseCommand):
    help = (
        "Print an indicator's approved figures grouped by keys: place:N (level of the place "
        "tree, 1 = oblast), period:month|quarter|year, or a dimension code."
    )

    def add_arguments(self, parser):
        parser.add_argument("--collective", required=True)
        parser.add_argument("--indicator", required=True)
        parser.add_argument("--by", action="append", default=[], metavar="KEY")
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument(
            "--rate",
            action="store_true",
            help="also print the population and the rate per N of it (10,000 unless the "
            "indicator says otherwise)",
        )

    def handle(self, *args, collective, indicator, by, rate, **options):
        try:
            collective_obj = Collective.objects.get(slug=collective)
        except Collective.DoesNotExist:
            raise CommandError(f"No collective “{collective}”.") from None
        try:
            indicator_obj = Indicator.objects.for_collective(collective_obj).get(code=indicator)
        except Indicator.DoesNotExist:
            raise CommandError(f"No indicator “{indicator}” in {collective}.") from None
        if rate and (reason := rate_needs(indicator_obj, by)):
            raise CommandError(reason)
        try:
            result = rollup(indicator=indicator_obj, collective=collective_obj, by=by, rate=rate)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        figures = ["value", "population", "rate"] if rate else ["value"]
        sheet = writers.Sheet(
            headers=[*result.keys, *figures],
            rows=(
                [row[k] for k in result.keys] + [_plain(row[f]) for f in figures]
                for row in result.rows
            ),
        )
        self.stdout.write(writers.write(sheet, "csv").decode(), ending="")
        for note in result.notes:
            self.stderr.write(note)


def _plain(value):
    if value is None:
        return ""
    return int(value) if value == int(value) else round(value, 6)
