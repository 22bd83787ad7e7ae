"""Log-in throttling: django-axes' database handler, with one change to what a success clears.

Axes (AXES_RESET_ON_SUCCESS) would clear, on a successful log-in, every failure matching any
lockout parameter — the account's, but also every failure from the same address, whatever
account it was for. Anyone with an account of their own could then guess another's password
from one address without limit, logging in to their own account between guesses. Here a
success clears the failures of the account that logged in, and nothing else.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt


class LoginThrottle(AxesDatabaseHandler):
    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        AccessAttempt.objects.filter(username=user.get_username()).delete()
