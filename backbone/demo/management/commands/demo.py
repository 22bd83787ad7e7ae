from django.core.management import call_command
from django.core.management.base import BaseCommand

from backbone.demo.builder import ACCOUNTS, build_demo, demo_password


class Command(BaseCommand):
    help = "Create the database, load the demo collective (once) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Build the demo and exit.")

    def handle(self, *args, no_serve=False, **options):
        call_command("migrate", verbosity=0, interactive=False)
        if build_demo():
            self.stdout.write(self.style.SUCCESS("Demo collective built."))
        else:
            self.stdout.write("Demo collective already present; left as it is.")
        password = demo_password()
        self.stdout.write(f"\nDemo accounts (password: {password}):")
        for account in ACCOUNTS:
            self.stdout.write(f"  {account.username:<12} {account.role} — can: {account.can}")
        if not no_serve:
            call_command("serve")
