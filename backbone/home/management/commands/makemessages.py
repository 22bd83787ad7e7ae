"""Django's makemessages, also finding the phrases written with `plural_phrase` (the audit
registry's grouped sentences) and the strings listed in `backbone/home/runtime_strings.py`."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=plural_phrase:1,2"]
