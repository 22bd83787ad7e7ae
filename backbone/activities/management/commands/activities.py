"""`backbone activities gaps --collective SLUG --format csv` and
`backbone activities overlaps --collective SLUG --format csv [--year N] [--reviewed]`:
one row per gap (a strategy nobody carries out; a group in need nobody serves in a place) and
per duplicated cell (several organizations, one kind of activity, one group, place and year)."""

import csv

from django.core.management.base import BaseCommand, CommandError

from backbone.activities import selectors
from backbone.interchange.writers import safe_text
from backbone.network.models import Collective

GAP_COLUMNS = [
    "place_code",
    "place",
    "strategy",
    "kind",
    "group",
    "organizations",
    "need",
    "reason",
]
OVERLAP_COLUMNS = [
    "place_code", "place", "kind", "group", "year", "organizations", "reached", "activities",
    "reviewed",
]  # fmt: skip


class Command(BaseCommand):
    help = "The gaps or the overlaps of a collective's activities, as CSV."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["gaps", "overlaps"])
        parser.add_argument("--collective", required=True, help="collective slug")
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument("--year", type=int, help="only activities under way in that year")
        parser.add_argument(
            "--reviewed",
            action="store_true",
            help="overlaps: include those marked complementary, with the reason",
        )

    def handle(self, *args, what, collective, year, reviewed, **options):
        try:
            collective_obj = Collective.objects.get(slug=collective)
        except Collective.DoesNotExist:
            raise CommandError(f"No collective “{collective}”.") from None
        writer = csv.writer(self.stdout, lineterminator="\n")
        if what == "gaps":
            writer.writerow(GAP_COLUMNS)
            titles = {s["key"]: s.get("title", "") for s in selectors.strategies_of(collective_obj)}
            for gap in selectors.gaps(collective_obj, year=year):
                place = gap.place or collective_obj.place
                writer.writerow(
                    safe_text(cell) if isinstance(cell, str) else cell
                    for cell in [
                        place.code if place else "",
                        place.name if place else "",
                        gap.strategy and f"{gap.strategy} {titles.get(gap.strategy, '')}".strip(),
                        gap.kind.code if gap.kind else "",
                        gap.group.code if gap.group else "",
                        "",
                        "" if gap.need is None else round(gap.need),
                        gap.reason,
                    ]
                )
            return
        writer.writerow(OVERLAP_COLUMNS)
        for overlap in selectors.overlaps(
            collective_obj, year=year, reviewed=None if reviewed else False
        ):
            reached = "; ".join(
                f"{a.lead.name}: {'' if a.reached_here is None else a.reached_here}"
                for a in overlap.activities
            )
            writer.writerow(
                safe_text(cell) if isinstance(cell, str) else cell
                for cell in [
                    overlap.place.code,
                    overlap.place.name,
                    overlap.kind.code,
                    overlap.group.code if overlap.group else "",
                    overlap.year,
                    "; ".join(o.name for o in overlap.organizations),
                    reached,
                    len(overlap.activities),
                    overlap.review.reason if overlap.review else "",
                ]
            )
