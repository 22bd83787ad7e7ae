"""backbone agenda export --collective SLUG --format json|pdf|docx [--version N] -o FILE"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from backbone.agenda import exports, selectors
from backbone.network.models import Collective


class Command(BaseCommand):
    help = "The common agenda: export a version."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        export = sub.add_parser("export", help="Write a version of a collective's agenda.")
        export.add_argument("--collective", required=True)
        export.add_argument("--format", choices=["json", "pdf", "docx"], default="json")
        export.add_argument("--version", dest="number", type=int)
        export.add_argument("-o", dest="output", required=True)

    def handle(
        self, *args, subcommand: str, collective: str, number, output: str, format: str, **options
    ):
        found = Collective.objects.filter(slug=collective).first()
        if found is None:
            raise CommandError(f"No collective {collective!r}.")
        version = selectors.version_of(found, number)
        if version is None:
            raise CommandError(f"{collective} has no agenda version {number or ''}".strip() + ".")
        if format == "json":
            with open(output, "w", encoding="utf-8") as handle:
                json.dump(selectors.export(version), handle, ensure_ascii=False, indent=2)
        else:
            content = exports.pdf_bytes(version) if format == "pdf" else exports.docx_bytes(version)
            with open(output, "wb") as handle:
                handle.write(content)
        self.stdout.write(f"Version {version.number} written to {output}.")
