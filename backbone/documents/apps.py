from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "backbone.documents"
    label = "documents"
    verbose_name = _("Versioned documents")

    def ready(self) -> None:
        # Says which of this app's records the audit log shows (backbone.lib.audit).
        from backbone.documents import audit  # noqa: F401
