"""backbone bench measurement|activities [--scale tiny|national] [--database sqlite|postgres]"""

from django.core.management.base import BaseCommand, CommandError

from backbone.measurement.bench.build import SCALES
from backbone.measurement.bench.run import run


class Command(BaseCommand):
    help = (
        "Benchmark shared measurement (import, memory, roll-ups against DuckDB, freshness) or "
        "activities (a national 3W: import, memory, matrix, gaps, overlaps) in a scratch "
        "database; prints one 'name: value' line per figure."
    )

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=["measurement", "activities"])
        parser.add_argument("--scale", choices=sorted(SCALES), default="national")
        parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")

    def handle(self, *args, suite, scale, database, **options):
        if suite == "activities":
            from backbone.activities.bench import run as run_activities

            status = run_activities(scale=scale, database=database, out=self.stdout)
        else:
            status = run(scale=scale, database=database, out=self.stdout)
        if status != 0:
            raise CommandError(f"the benchmark failed (exit status {status})")
