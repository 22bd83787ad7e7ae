import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from backbone.demo.builder import ACCOUNTS, build_demo, demo_password, demo_summary
from backbone.events.services import drain


class Command(BaseCommand):
    help = "Create the database, load the demo collective (once) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Build the demo and exit.")
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args, no_serve=False, port="8000", **options):
        if "SITE_URL" not in os.environ:
            # Links in the demo's e-mails point where the demo is served.
            settings.SITE_URL = f"http://127.0.0.1:{port}"
        mail_dir = None
        if "EMAIL_BACKEND" not in os.environ:
            # The demo's workflow sends e-mails (hundreds while it builds); they go to files a
            # newcomer can open, not over the account list in the terminal.
            mail_dir = Path(settings.VAR_DIR) / "mail"
            settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
            settings.EMAIL_FILE_PATH = str(mail_dir)
        call_command("migrate", verbosity=0, interactive=False)
        if build_demo():
            # What the demo's workflow recorded is told now, so its people have their
            # notifications and e-mails before the first page opens.
            drain()
            self.stdout.write(self.style.SUCCESS("Demo collective built."))
        else:
            self.stdout.write("Demo collective already present; left as it is.")
        self.stdout.write(demo_summary())
        if mail_dir is not None:
            self.stdout.write(f"E-mails Backbone sends are written to {mail_dir}/, one file each.")
        site = settings.SITE_URL.rstrip("/")
        self.stdout.write(f"\nOpen {site}/ and log in (password: {demo_password()}):")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.username:<12} {account.role}: {account.does}")
            self.stdout.write(f"  {'':<12} start at {site}{account.start}")
        if not no_serve:
            # The worker delivers what happens while the demo runs (e-mails, notifications).
            env = {
                **os.environ,
                "EMAIL_BACKEND": settings.EMAIL_BACKEND,
                "EMAIL_FILE_PATH": settings.EMAIL_FILE_PATH,
                "SITE_URL": settings.SITE_URL,
            }
            worker = subprocess.Popen(
                [sys.executable, "-m", "backbone.cli", "worker", "-v0"], env=env
            )
            try:
                call_command("serve", port=port)
            finally:
                worker.terminate()
                worker.wait(timeout=30)
