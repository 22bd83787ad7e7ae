"""backbone agenda export --collective SLUG --format json|pdf [--version N] -o FILE"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from backbone.agenda import selectors
from backbone.agenda.models import AgendaVersion
from backbone.network.models import Collective


class Command(BaseCommand):
    help = "The common agenda: export a version."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        export = sub.add_parser("export", help="Write a version of a collective's agenda.")
        export.add_argument("--collective", required=True)
        export.add_argument("--format", choices=["json"], default="json")
        export.add_argument("--version", dest="number", type=int)
        export.add_argument("-o", dest="output", required=True)

    def handle(self, *args, subcommand: str, collective: str, number, output: str, **options):
        found = Collective.objects.filter(slug=collective).first()
        if found is None:
            raise CommandError(f"No collective {collective!r}.")
        versions = AgendaVersion.objects.filter(agenda__collective=found).select_related(
            "agenda__collective"
        )
        version = (
            versions.filter(number=number) if number else versions.order_by("-number")
        ).first()
        if version is None:
            raise CommandError(f"{collective} has no agenda version {number or ''}".strip() + ".")
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(selectors.export(version), handle, ensure_ascii=False, indent=2)
        self.stdout.write(f"Version {version.number} written to {output}.")
