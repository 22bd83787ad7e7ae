from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "backbone.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # Says which of this app's records the audit log shows (backbone.lib.audit), and
        # which are versioned documents (backbone.documents).
        from backbone.governance import audit, documents, milestones  # noqa: F401
