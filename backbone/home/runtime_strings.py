"""Strings translated only at run time (field names without a verbose name of their own,
shown by the audit log), listed here so that makemessages keeps them in the catalogues."""

from django.utils.translation import gettext_noop

RUNTIME_STRINGS = [
    gettext_noop("ended at"),
    gettext_noop("numerator"),
    gettext_noop("denominator"),
]
