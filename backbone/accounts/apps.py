from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "backbone.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Says which of this app's records the audit log shows (backbone.lib.audit).
        from backbone.accounts import audit  # noqa: F401
        from backbone.lib import permissions

        # Every app's actions and rules, so that a duplicate action or one without a rule
        # stops the start-up rather than the first request that asks.
        permissions.autodiscover()
