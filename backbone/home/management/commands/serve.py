import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Backbone on 127.0.0.1:$PORT (default 8000)."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port, host, **options):
        if "SITE_URL" not in os.environ:
            # Links in e-mails point where the site is served.
            settings.SITE_URL = f"http://{host}:{port}"
        call_command("runserver", f"{host}:{port}", use_reloader=False)
