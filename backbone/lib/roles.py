"""The kinds of role a user holds in a collective. Here rather than in accounts so that every
app's permission rules can name them without importing accounts (accounts.models re-exports
it; the Role model itself stays there)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    STAFF = "staff", _("Backbone staff")
    STEERING = "steering", _("Steering-committee member")
    FACILITATOR = "facilitator", _("Facilitator")
    REPORTER = "reporter", _("Partner reporter")
    COMMUNITY = "community", _("Community member")
