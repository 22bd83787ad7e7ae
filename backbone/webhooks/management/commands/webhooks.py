"""`backbone webhooks deliver`: post the webhook deliveries that are due, once (what the
worker's sweep does), and say how many were tried.
`backbone webhooks list --collective SLUG`: one line per webhook of the collective, with its
address, format, state and its deliveries counted by status."""

from django.core.management.base import BaseCommand, CommandError

from backbone.network.models import Collective
from backbone.webhooks import delivery, services
from backbone.webhooks.models import WebhookDeliveryStatus


class Command(BaseCommand):
    help = "Webhooks: post what is due, or list a collective's webhooks."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("deliver", help="Post the deliveries that are due, once.")
        listing = sub.add_parser("list", help="A collective's webhooks and their deliveries.")
        listing.add_argument("--collective", required=True, help="collective slug")

    def handle(self, *args, subcommand, **options):
        if subcommand == "deliver":
            tried = delivery.deliver_due()
            self.stdout.write(f"{tried} webhook deliveries tried.")
            return
        collective = Collective.objects.filter(slug=options["collective"]).first()
        if collective is None:
            raise CommandError(f"No collective “{options['collective']}”.")
        for webhook in services.webhooks_of(collective, latest=0):
            counts = ", ".join(
                f"{status.value} {webhook.counts.get(status, 0)}"
                for status in WebhookDeliveryStatus
            )
            state = "active" if webhook.active else "disabled"
            self.stdout.write(f"{webhook.name}\t{webhook.url}\t{webhook.format}\t{state}\t{counts}")
