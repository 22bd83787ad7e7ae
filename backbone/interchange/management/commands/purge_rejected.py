from django.core.management.base import BaseCommand

from backbone.interchange import rejected


class Command(BaseCommand):
    help = (
        "Remove what refused uploads left behind once it is older than REJECTED_UPLOADS_DAYS "
        "(default 7), oldest first while all of it passes REJECTED_UPLOADS_MAX_BYTES. "
        "Safe to run at any time, e.g. daily."
    )

    def handle(self, *args, **options):
        removed = rejected.purge()
        self.stdout.write(f"removed {removed} kept file(s) of refused uploads")
