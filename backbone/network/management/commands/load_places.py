from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backbone.network.places import PlacesError, places_load_country, places_load_csv


class Command(BaseCommand):
    help = (
        "Load a country's first-level subdivisions (ISO 3166-2, from pycountry), "
        "or deeper levels from a CSV with columns code, name, parent_code [, name_uk]."
    )

    def add_arguments(self, parser):
        parser.add_argument("country", nargs="?", help="ISO 3166-1 alpha-2 code, e.g. UA")
        parser.add_argument("--csv", type=Path, help="CSV of deeper levels (raion, hromada)")

    def handle(self, *args, country=None, csv=None, **options):
        if not country and not csv:
            raise CommandError("Give a country code (e.g. UA), --csv FILE, or both.")
        try:
            if country:
                result = places_load_country(country_code=country)
                self.stdout.write(
                    f"{country.upper()}: {result.created} places created, {result.updated} updated."
                )
            if csv:
                if not csv.is_file():
                    raise CommandError(f"No such file: {csv}")
                result = places_load_csv(data=csv.read_bytes())
                self.stdout.write(
                    f"{csv}: {result.created} places created, {result.updated} updated."
                )
        except PlacesError as error:
            for line, reason in error.problems:
                self.stderr.write(f"line {line}: {reason}")
            raise CommandError("Nothing was loaded.") from None
