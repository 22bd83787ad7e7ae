from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "backbone.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Says which of this app's records the audit log shows (backbone.lib.audit).
        from backbone.accounts import audit  # noqa: F401
