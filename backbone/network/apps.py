from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "backbone.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        # Says which of this app's records the audit log shows (backbone.lib.audit) and which
        # of their fields are personal, with who may see them (backbone.lib.privacy).
        from backbone.network import audit, privacy  # noqa: F401
