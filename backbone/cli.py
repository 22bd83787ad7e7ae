"""The `backbone` command: Django's management commands, with dashes allowed in names.

`backbone load-places UA` runs the `load_places` command; `backbone migrate` is Django's own.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "backbone"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    if len(argv) > 1 and argv[1] == "demo":
        # Only the demo may run without a secret key of its own (see config/settings.py).
        os.environ.setdefault("BACKBONE_DEMO", "1")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
