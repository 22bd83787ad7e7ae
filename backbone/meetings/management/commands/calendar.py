"""`backbone calendar --collective SLUG [--body SLUG] [--person USERNAME] -o FILE`: the
iCalendar feed of a collective (and the collectives below it), of one of its bodies, or of
one person there (the meetings they are invited to, their actions due, the closing times of
the decisions of the bodies they sit in)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from backbone.meetings import calendar
from backbone.network.models import Collective, Person


def body_named(collective, wanted: str) -> list:
    """The bodies of the collective whose id ``wanted`` is, or else whose name (or English
    name) slugifies to it."""
    bodies = list(collective.bodies.all())
    if wanted.isdigit():
        found = [body for body in bodies if body.pk == int(wanted)]
        if found:
            return found
    key = slugify(wanted)
    return [
        body
        for body in bodies
        if key in {slugify(name) for name in (body.name, getattr(body, "name_en", "")) if name}
    ]


class Command(BaseCommand):
    help = "Write the calendar feed (.ics) of a collective, one of its bodies, or a person."

    def add_arguments(self, parser):
        parser.add_argument("--collective", required=True, help="collective slug")
        parser.add_argument("--body", help="a body of the collective: its name as a slug, or id")
        parser.add_argument("--person", help="the username of a person: their own feed")
        parser.add_argument("-o", "--output", type=Path, required=True, help="file to write")

    def handle(self, *args, collective, body, person, output, **options):
        collective_obj = Collective.objects.filter(slug=collective).first()
        if collective_obj is None:
            raise CommandError(f"No collective “{collective}”.")
        body_obj = None
        if body:
            found = body_named(collective_obj, body)
            if not found:
                raise CommandError(f"No body “{body}” in {collective}.")
            if len(found) > 1:
                raise CommandError(
                    f"“{body}” names several bodies of {collective}; give its id: "
                    + ", ".join(f"{b.pk} ({b.name})" for b in found)
                )
            body_obj = found[0]
        person_obj = None
        if person:
            user = get_user_model().objects.filter(username=person).first()
            if user is None:
                raise CommandError(f"No user “{person}”.")
            try:
                person_obj = user.person
            except Person.DoesNotExist:
                raise CommandError(f"The user “{person}” is no person of a collective.") from None
        content = calendar.feed(collective=collective_obj, body=body_obj, person=person_obj)
        output.write_bytes(content)
        self.stdout.write(f"Calendar written to {output}.")
