"""backbone bench measurement [--scale tiny|national] [--database sqlite|postgres]"""

from django.core.management.base import BaseCommand, CommandError

from backbone.measurement.bench.build import SCALES
from backbone.measurement.bench.run import run


class Command(BaseCommand):
    help = (
        "Benchmark shared measurement at national scale (import, memory, roll-ups against "
        "DuckDB, freshness) in a scratch database; prints one 'name: value' line per figure."
    )

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=["measurement"])
        parser.add_argument("--scale", choices=sorted(SCALES), default="national")
        parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")

    def handle(self, *args, suite, scale, database, **options):
        status = run(scale=scale, database=database, out=self.stdout)
        if status != 0:
            raise CommandError(f"the benchmark failed (exit status {status})")
