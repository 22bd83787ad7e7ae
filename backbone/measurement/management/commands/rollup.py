"""`backbone rollup --collective SLUG --indicator CODE --by KEY [--by KEY ...] --format csv`"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from backbone.measurement import exports
from backbone.measurement.models import Indicator
from backbone.measurement.rollups import rollup
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

    def handle(self, *args, collective, indicator, by, **options):
        try:
            collective_obj = Collective.objects.get(slug=collective)
        except Collective.DoesNotExist:
            raise CommandError(f"No collective “{collective}”.") from None
        try:
            indicator_obj = Indicator.objects.for_collective(collective_obj).get(code=indicator)
        except Indicator.DoesNotExist:
            raise CommandError(f"No indicator “{indicator}” in {collective}.") from None
        try:
            result = rollup(indicator=indicator_obj, collective=collective_obj, by=by)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        sheet = exports.Sheet(
            headers=[*result.keys, "value"],
            rows=([row[k] for k in result.keys] + [_plain(row["value"])] for row in result.rows),
        )
        self.stdout.write(exports.write(sheet, "csv").decode(), ending="")
        for note in result.notes:
            self.stderr.write(note)


def _plain(value):
    if value is None:
        return ""
    return int(value) if value == int(value) else round(value, 6)
